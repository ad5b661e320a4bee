from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_list_view, name="report-list"),
    path("reports/issue/", views.report_issue_view, name="report-issue"),
    path("reports/<int:pk>/<str:file_format>/", views.report_file_view, name="report-file"),
]
