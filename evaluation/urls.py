from django.urls import path

from evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("evaluations/", views.evaluation_list_view, name="list"),
    path("evaluations/start/", views.evaluation_create_view, name="create"),
    path("evaluations/ranking/", views.evaluation_ranking, name="ranking"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="detail"),
    path("evaluations/<int:pk>/save/", views.evaluation_save, name="save"),
    path("evaluations/<int:pk>/derive/", views.evaluation_derive_view, name="derive"),
    path("evaluations/<int:pk>/submit/", views.evaluation_submit_view, name="submit"),
    path("evaluations/<int:pk>/approve/", views.evaluation_approve_view, name="approve"),
    path("evaluations/<int:pk>/return/", views.evaluation_return_view, name="return"),
    path("evaluations/<int:pk>/revise/", views.evaluation_revise_view, name="revise"),
    path("parks/<slug:code>/evaluations/", views.park_evaluation_history_view, name="park-history"),
]
