from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("filing/", views.filing, name="filing"),
    path("filing/reminders.csv", views.filing_reminders, name="filing-reminders"),
    path("enterprises/<str:credit_code>/", views.enterprise_detail, name="enterprise-detail"),
    path("search/", views.search, name="search"),
    path("map/enterprises/", views.map_enterprises, name="map-enterprises"),
    path("map/enterprises/<str:credit_code>/", views.map_enterprise, name="map-enterprise-summary"),
]
