from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from wastewatch.api.views import api_not_found

handler400 = "wastewatch.api.views.bad_request"
handler500 = "wastewatch.api.views.server_error"

api_v1 = [
    path("", include("parks.api_urls")),
    path("", include("monitoring.api_urls")),
    path("", include("evaluation.api_urls")),
    path("", include("indicators.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="v1:schema"), name="docs"),
    path("<path:rest>", api_not_found),
]

urlpatterns = [
    path("", include("parks.urls")),
    path("", include("monitoring.urls")),
    path("", include("indicators.urls")),
    path("", include("evaluation.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "v1"), namespace="v1")),
    path("api/", api_not_found),  # other versions, and /api/ itself
    path("api/<path:rest>", api_not_found),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
