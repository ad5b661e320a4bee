"""Portal pages of transfer manifests: the list (with overdue, late and discrepant marks), a
manifest's page with the receipt form for its receiver, and the generator's create form."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from monitoring import manifests
from monitoring.models import Manifest, WasteCategory
from parks.models import Enterprise
from parks.selectors import enterprise_list_reportable, enterprise_readable_ids
from wastewatch.api.exceptions import ApplicationError
from wastewatch.paging import list_page
from wastewatch.text import InvalidText, normalize_code

PAGE_SIZE = 50
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CodeChoiceField(forms.ModelChoiceField):
    """A related object typed by its code (credit code, category code) in any width."""

    def to_python(self, value):
        if isinstance(value, str):
            try:
                value = normalize_code(value)
            except InvalidText as invalid:
                raise ValidationError(str(invalid), code="control_character") from None
        return super().to_python(value)


def _number(number: str) -> str:
    """A manifest number from a URL as stored: １２３ typed full-width is 123."""
    try:
        return normalize_code(number)
    except InvalidText:
        return number  # no manifest has it: the lookup answers 404


class ManifestForm(forms.Form):
    """The generator's side; the rules are checked by manifest_create."""

    number = forms.CharField(
        label=gettext_lazy("Manifest number"),
        max_length=64,
        help_text=gettext_lazy("14 digits: year, province, prefecture, 6-digit serial."),
    )
    generator = forms.ModelChoiceField(
        label=gettext_lazy("Generator"), queryset=Enterprise.objects.none()
    )
    transporter_name = forms.CharField(label=gettext_lazy("Transporter"), max_length=200)
    transporter_credit_code = forms.CharField(
        label=gettext_lazy("Transporter credit code"), max_length=64, required=False
    )
    vehicle = forms.CharField(
        label=gettext_lazy("Vehicle plate"),
        max_length=64,  # the service names a plate's real length limit
        help_text=gettext_lazy("E.g. 蒙B12345, or 蒙BD12345 for a new-energy vehicle."),
    )
    receiver = CodeChoiceField(
        label=gettext_lazy("Receiver (credit code)"),
        queryset=Enterprise.objects.all(),
        to_field_name="credit_code",
        widget=forms.TextInput,
        error_messages={
            "invalid_choice": gettext_lazy("No registered enterprise has this credit code.")
        },
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Waste category"),
        queryset=WasteCategory.objects.filter(is_hazardous=True),
        to_field_name="code",
    )
    waste_code = forms.CharField(
        label=gettext_lazy("Waste code"),
        max_length=32,
        help_text=gettext_lazy("AAA-BBB-CC, e.g. 321-024-48."),
    )
    quantity_shipped_t = forms.DecimalField(
        label=gettext_lazy("Quantity shipped (t)"), max_digits=12, decimal_places=3
    )
    shipped_at = forms.DateTimeField(
        label=gettext_lazy("Shipped at"),
        widget=DATETIME_WIDGET,
        help_text=gettext_lazy("Beijing time."),
    )

    def __init__(self, *args, generators, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["generator"].queryset = generators


class ReceiptForm(forms.Form):
    """The receiver's side; the rules are checked by manifest_receipt_confirm."""

    quantity_received_t = forms.DecimalField(
        label=gettext_lazy("Quantity received (t)"), max_digits=12, decimal_places=3
    )
    quantity_refused_t = forms.DecimalField(
        label=gettext_lazy("Quantity refused (t)"),
        max_digits=12,
        decimal_places=3,
        required=False,
        initial=Decimal("0"),
    )
    received_at = forms.DateTimeField(
        label=gettext_lazy("Received at"),
        widget=DATETIME_WIDGET,
        help_text=gettext_lazy("Beijing time."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), max_length=2000, required=False, widget=forms.Textarea
    )


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal shown on the form's fields, the rest at its top."""
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)


@login_required
def manifest_list(request: HttpRequest) -> HttpResponse:
    visible = manifests.manifest_list(user=request.user)
    filters = manifests.ManifestFilter(request.GET, queryset=visible, request=request)
    page, query = list_page(request, filters.qs, PAGE_SIZE)
    today = manifests.local_today()
    rows = [(m, manifests.manifest_figures(manifest=m, today=today)) for m in page]
    named = {m.generator_id for m in page} | {m.receiver_id for m in page}
    return render(
        request,
        "monitoring/manifest_list.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "readable_ids": enterprise_readable_ids(user=request.user, ids=named),
            "query": query,
            "can_create": enterprise_list_reportable(user=request.user).exists(),
        },
    )


def _detail(request: HttpRequest, manifest: Manifest, form: ReceiptForm | None) -> HttpResponse:
    can_confirm = manifest.received_at is None and manifests.manifest_can_confirm(
        user=request.user, manifest=manifest
    )
    if can_confirm and form is None:
        form = ReceiptForm()
    return render(
        request,
        "monitoring/manifest_detail.html",
        {
            "manifest": manifest,
            "figures": manifests.manifest_figures(manifest=manifest),
            "readable_ids": enterprise_readable_ids(
                user=request.user, ids=[manifest.generator_id, manifest.receiver_id]
            ),
            "form": form if can_confirm else None,
        },
    )


@login_required
def manifest_detail(request: HttpRequest, number: str) -> HttpResponse:
    manifest = get_object_or_404(manifests.manifest_list(user=request.user), number=_number(number))
    return _detail(request, manifest, None)


@login_required
@require_POST
def manifest_receipt_confirm(request: HttpRequest, number: str) -> HttpResponse:
    number = _number(number)
    manifest = get_object_or_404(manifests.manifest_list(user=request.user), number=number)
    form = ReceiptForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            manifests.manifest_receipt_confirm(
                actor=request.user,
                manifest=manifest,
                quantity_received_t=data["quantity_received_t"],
                quantity_refused_t=data["quantity_refused_t"] or Decimal("0"),
                received_at=data["received_at"],
                note=data["note"],
            )
        except ValidationError as refused:
            _add_errors(form, refused)
        except ApplicationError as refused:  # e.g. confirmed meanwhile: the form is gone
            messages.error(request, refused.message)
            return redirect("monitoring:manifest-detail", number=number)
        else:
            messages.success(
                request, _("Receipt of manifest %(number)s confirmed.") % {"number": number}
            )
            return redirect("monitoring:manifest-detail", number=number)
    return _detail(request, manifest, form)


@login_required
@require_http_methods(["GET", "POST"])
def manifest_create(request: HttpRequest) -> HttpResponse:
    generators = enterprise_list_reportable(user=request.user).order_by("name")
    if not generators.exists():
        raise PermissionDenied(
            _("Only enterprises, their park's operator or staff create manifests.")
        )
    form = ManifestForm(request.POST or None, generators=generators)
    if request.method == "POST" and form.is_valid():
        try:
            manifest = manifests.manifest_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as refused:
            if isinstance(refused, PermissionDenied):
                form.add_error("generator", str(refused))
            else:
                _add_errors(form, refused)
        else:
            messages.success(
                request, _("Manifest %(number)s created.") % {"number": manifest.number}
            )
            return redirect("monitoring:manifest-detail", number=manifest.number)
    return render(request, "monitoring/manifest_form.html", {"form": form})
