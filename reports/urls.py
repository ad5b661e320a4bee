from django.urls import path

from reports import raw_views, views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_list_view, name="report-list"),
    path("reports/issue/", views.report_issue_view, name="report-issue"),
    path("reports/builds/<int:pk>/", views.report_build_view, name="report-build"),
    path(
        "reports/builds/<int:pk>/status/",
        views.report_build_status_view,
        name="report-build-status",
    ),
    path("reports/raw/", raw_views.raw_download_view, name="raw-download"),
    path("reports/<int:pk>/<str:file_format>/", views.report_file_view, name="report-file"),
]
