from django.urls import path

from parks import views

app_name = "parks"

urlpatterns = [
    path("map/", views.city_map, name="map"),
    path("parks/", views.park_list, name="list"),
    path("parks/<slug:code>/", views.park_detail, name="detail"),
]
