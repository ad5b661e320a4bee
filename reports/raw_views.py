"""The raw records download, by portal and API: one form checks the query for both (kind,
from and to as YYYY-MM, from ≤ to, at most MAX_MONTHS months, an optional park among the
user's), and reports.raw streams the file."""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from monitoring.permissions import IsPerson
from parks.models import Park
from reports.models import RawDownload
from reports.raw import (
    FIRST_YEAR,
    KINDS,
    MAX_MONTHS,
    month_parse,
    months_between,
    raw_can_download,
    raw_download_response,
    raw_parks,
)
from wastewatch.roles import User, reads_whole_city

MONTH_WIDGET = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})


class RawDownloadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Records"), choices=RawDownload.Kind.choices)

    def __init__(self, data=None, *, user: User) -> None:
        super().__init__(data)
        # "from" is a keyword in Python: the month fields are added by name.
        self.fields["from"] = forms.CharField(label=gettext_lazy("From"), widget=MONTH_WIDGET)
        self.fields["to"] = forms.CharField(label=gettext_lazy("To"), widget=MONTH_WIDGET)
        everything = _("The city") if reads_whole_city(user) else _("All my parks")
        choices = [("", everything)] + [(p.code, p.name) for p in raw_parks(user=user)]
        # Any code is accepted here and looked up among the user's parks by the view: a park
        # that is not one of them answers 404, as a report of it would.
        self.fields["park"] = forms.CharField(
            label=gettext_lazy("Park"), required=False, widget=forms.Select(choices=choices)
        )

    def _month(self, name: str) -> date:
        month = month_parse(self.cleaned_data[name].strip())
        if month is None:
            raise forms.ValidationError(
                _("Give %(name)s as a month, YYYY-MM (%(first)d or later).")
                % {"name": name, "first": FIRST_YEAR}
            )
        return month

    def clean_from(self) -> date:
        return self._month("from")

    def clean_to(self) -> date:
        return self._month("to")

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("from"), data.get("to")
        if first and last:
            if last < first:
                self.add_error("to", _("to is before from: give the last month after the first."))
            elif months_between(first, last) > MAX_MONTHS:
                self.add_error(
                    "to",
                    _("At most %(count)d months at a time: from to to spans %(span)d.")
                    % {"count": MAX_MONTHS, "span": months_between(first, last)},
                )
        return data


def raw_park(*, user: User, code: str) -> Park | None:
    """The park a download is limited to (None: every park the user may read); a code that is
    not one of the user's parks is not found, whether it exists or not."""
    if not code:
        return None
    park = raw_parks(user=user).filter(code=code).first()
    if park is None:
        raise Http404
    return park


@login_required
def raw_download_view(request: HttpRequest) -> HttpResponse:
    if not raw_can_download(user=request.user):
        raise PermissionDenied
    form = RawDownloadForm(request.GET, user=request.user)
    if not form.is_valid():
        context = {"raw_form": form, "max_months": MAX_MONTHS}
        return render(request, "reports/raw_download.html", context, status=400)
    return _streamed(request.user, form, via="portal")


class CsvRenderer(BaseRenderer):
    """Lets a client that asks for text/csv have it (the view streams its own response)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return JSONRenderer().render(data)


class RawDownloadApi(APIView):
    """The raw records behind the reports, as a CSV streamed to the client (logged)."""

    permission_classes = [IsPerson]
    renderer_classes = [JSONRenderer, CsvRenderer]

    @extend_schema(
        operation_id="reports_raw_download",
        parameters=[
            OpenApiParameter("format", exclude=True),  # always CSV; errors always JSON
            OpenApiParameter(
                "kind",
                str,
                OpenApiParameter.PATH,
                enum=KINDS,
                description="ledger: current ledger figures; manifests; flags and their "
                "review; rollups: weigh tickets per monitoring point and local day.",
            ),
            OpenApiParameter(
                "from",
                str,
                required=True,
                pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
                description="The first month, YYYY-MM.",
            ),
            OpenApiParameter(
                "to",
                str,
                required=True,
                pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
                description=f"The last month, YYYY-MM: from it at most {MAX_MONTHS} months.",
            ),
            OpenApiParameter(
                "park",
                str,
                description="A park's code (one of the user's); omitted: every park the user "
                "may read, the city for the regulator.",
            ),
        ],
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
        description="UTF-8 with a BOM; headers and labels in the request's language "
        "(Accept-Language: zh-hans or en). The regulator and staff download the city's "
        "records, a park operator its parks'; anyone else 403.",
    )
    def get(self, request: Request, kind: str) -> HttpResponse:
        if not raw_can_download(user=request.user):
            raise PermissionDenied
        form = RawDownloadForm({**request.query_params.dict(), "kind": kind}, user=request.user)
        if not form.is_valid():
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        return _streamed(request.user, form, via="api")

    def finalize_response(self, request: Request, response, *args, **kwargs):
        # Errors are JSON, in the API's one shape, even to a client that asked for CSV.
        if isinstance(response, Response):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


def _streamed(user: User, form: RawDownloadForm, *, via: str) -> StreamingHttpResponse:
    """The file a valid form asks for, in the request's language, logged as asked `via`."""
    return raw_download_response(
        user=user,
        kind=form.cleaned_data["kind"],
        period_from=form.cleaned_data["from"],
        period_to=form.cleaned_data["to"],
        park=raw_park(user=user, code=form.cleaned_data["park"]),
        via=via,
        language=get_language(),
    )
