from django.urls import path

from detection import views

app_name = "detection"

urlpatterns = [
    path("flags/", views.flag_list_view, name="flag-list"),
    path("flags/<int:pk>/", views.flag_detail, name="flag-detail"),
    path("flags/<int:pk>/review/", views.flag_review_view, name="flag-review"),
    path("flags/<int:pk>/assign/", views.flag_assign_view, name="flag-assign"),
]
