"""The raw records form on the Reports page, for those who may download (reports.raw)."""

from django import template

from reports.raw import MAX_MONTHS, raw_can_download
from reports.raw_views import RawDownloadForm

register = template.Library()


@register.inclusion_tag("reports/raw_download_form.html", takes_context=True)
def raw_download_form(context) -> dict:
    user = context["request"].user
    form = RawDownloadForm(user=user) if raw_can_download(user=user) else None
    return {"raw_form": form, "max_months": MAX_MONTHS}
