from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from evaluation.views.evidence import evidence_file
from monitoring.views.ledger import ledger_upload_file
from wastewatch import tokens
from wastewatch.api.views import api_not_found

# The admin speaks the platform's name in the reader's language, not "Django administration".
admin.site.site_header = _("WasteWatch administration")
admin.site.site_title = _("WasteWatch administration")
admin.site.index_title = _("Administration")

handler400 = "wastewatch.api.views.bad_request"
handler500 = "wastewatch.api.views.server_error"
# The portal's own pages; under /api/ these keep the API's error shape.
handler403 = "wastewatch.errors.permission_denied"
handler404 = "wastewatch.errors.page_not_found"

api_v1 = [
    path("", include("parks.api_urls")),
    path("", include("monitoring.api_urls")),
    path("", include("detection.api_urls")),
    path("", include("evaluation.api_urls")),
    path("", include("indicators.api_urls")),
    path("", include("reports.api_urls")),
    path("auth/login/", tokens.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", tokens.LogoutView.as_view(), name="auth-logout"),
    path("auth/logout-all/", tokens.LogoutAllView.as_view(), name="auth-logout-all"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from ?script: no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="v1:schema"), name="docs"),
    path("<path:rest>", api_not_found),
]

# Stored files, each through its app's view that checks who may read it (wastewatch/files.py).
stored_files = [
    path("evidence/<int:pk>/", evidence_file, name="evidence"),
    path("ledger-uploads/<int:pk>/", ledger_upload_file, name="ledger-upload"),
]

urlpatterns = [
    path("", include("dashboard.urls")),
    path("", include("parks.urls")),
    path("", include("monitoring.urls")),
    path("", include("detection.urls")),
    path("", include("indicators.urls")),
    path("", include("evaluation.urls")),
    path("", include("reports.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Stored files only through views that check who may read them (no /media/, even DEBUG).
    path("files/", include((stored_files, "files"))),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "v1"), namespace="v1")),
    path("api/", api_not_found),  # other versions, and /api/ itself
    path("api/<path:rest>", api_not_found),
]
