from django.urls import path

from evaluation.views import evaluations, history, ranking, values, workflow

app_name = "evaluation"

urlpatterns = [
    path("evaluations/", evaluations.evaluation_list_view, name="list"),
    path("evaluations/start/", evaluations.evaluation_create_view, name="create"),
    path("evaluations/ranking/", ranking.evaluation_ranking, name="ranking"),
    path("evaluations/<int:pk>/", evaluations.evaluation_detail, name="detail"),
    path("evaluations/<int:pk>/save/", values.evaluation_save, name="save"),
    path("evaluations/<int:pk>/derive/", values.evaluation_derive_view, name="derive"),
    path("evaluations/<int:pk>/submit/", workflow.evaluation_submit_view, name="submit"),
    path("evaluations/<int:pk>/approve/", workflow.evaluation_approve_view, name="approve"),
    path("evaluations/<int:pk>/return/", workflow.evaluation_return_view, name="return"),
    path("evaluations/<int:pk>/revise/", workflow.evaluation_revise_view, name="revise"),
    path(
        "parks/<slug:code>/evaluations/",
        history.park_evaluation_history_view,
        name="park-history",
    ),
]
