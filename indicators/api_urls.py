from django.urls import path

from indicators.api import CityIndicatorsView

urlpatterns = [path("city-indicators/", CityIndicatorsView.as_view(), name="city-indicators")]
