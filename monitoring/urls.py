from django.urls import path

from monitoring.views import devices, ledger, manifests

app_name = "monitoring"

urlpatterns = [
    path("devices/", devices.monitoring_point_list, name="device-list"),
    path("devices/<int:pk>/rotate-key/", devices.device_key_rotate, name="device-key-rotate"),
    path("devices/<int:pk>/revoke-key/", devices.device_key_revoke, name="device-key-revoke"),
    path("ledgers/", ledger.ledger_upload_list, name="ledger-upload-list"),
    path("ledgers/<int:pk>/", ledger.ledger_upload_detail, name="ledger-upload-detail"),
    path(
        "ledgers/<int:pk>/progress/", ledger.ledger_upload_progress, name="ledger-upload-progress"
    ),
    path(
        "ledgers/<int:pk>/confirm/", ledger.ledger_upload_confirm_view, name="ledger-upload-confirm"
    ),
    path(
        "ledgers/<int:pk>/errors.csv",
        ledger.ledger_upload_error_report,
        name="ledger-upload-errors",
    ),
    path("ledgers/template.<str:file_format>", ledger.ledger_template, name="ledger-template"),
    path("manifests/", manifests.manifest_list, name="manifest-list"),
    path("manifests/new/", manifests.manifest_create, name="manifest-create"),
    path("manifests/<str:number>/", manifests.manifest_detail, name="manifest-detail"),
    path(
        "manifests/<str:number>/confirm-receipt/",
        manifests.manifest_receipt_confirm,
        name="manifest-receipt-confirm",
    ),
]
