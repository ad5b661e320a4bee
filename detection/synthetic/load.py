"""city_load: a synthetic city pushed through the platform's real services, as parks,
operators and devices would. Loading twice adds nothing: parks and enterprises are found by
code, ledger files by their hash, tickets and manifests by their numbers."""

from decimal import Decimal

from django.contrib.gis.geos import GEOSGeometry, Point
from django.utils.dateparse import parse_datetime

from detection.synthetic.model import POINT_CODE, LoadReport, SyntheticCity
from monitoring.ledger.services import ledger_upload_process, upload_batch_create
from monitoring.manifests import manifest_create, manifest_receipt_confirm
from monitoring.models import Manifest, MonitoringPoint, UploadBatch, WasteCategory
from monitoring.services import monitoring_point_create, weigh_ticket_batch_ingest
from parks.economics import economic_figures_import
from parks.models import Enterprise, Park
from parks.services import enterprise_create, park_create
from wastewatch.roles import User


class SyntheticLoadError(Exception):
    """The platform refused part of a synthetic city: a bug of the generator or the platform."""


def city_load(city: SyntheticCity, *, actor: User) -> LoadReport:
    report = LoadReport()
    parks = _registry(city, actor, report)
    points = _points(city, actor, parks, report)
    _economic_figures(city, actor, report)
    _ledgers(city, actor, report)
    _tickets(city, points, report)
    _manifests(city, actor, report)
    return report


def _registry(city: SyntheticCity, actor: User, report: LoadReport) -> dict[str, Enterprise]:
    parks = {
        park.code: park for park in Park.objects.filter(code__in=[p["code"] for p in city.parks])
    }
    for item in city.parks:
        if item["code"] not in parks:
            fields = {k: v for k, v in item.items() if k not in ("code", "boundary")}
            parks[item["code"]] = park_create(
                actor=actor,
                code=item["code"],
                boundary=GEOSGeometry(item["boundary"], srid=4326),
                **fields,
            )
            report.parks_created += 1
    codes = [e["credit_code"] for e in city.enterprises]
    enterprises = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
    for item in city.enterprises:
        if item["credit_code"] in enterprises:
            continue
        enterprises[item["credit_code"]] = enterprise_create(
            actor=actor,
            credit_code=item["credit_code"],
            location=Point(item["lon"], item["lat"], srid=4326),
            name=item["name"],
            industry_code=item["industry_code"],
            park=parks[item["park"]] if item["park"] else None,
            permit_number=item["permit_number"],
            is_key_unit=item["is_key_unit"],
        )
        report.enterprises_created += 1
    return enterprises


def _points(city, actor, enterprises, report) -> dict[str, MonitoringPoint]:
    points = {
        p.enterprise.credit_code: p
        for p in MonitoringPoint.objects.filter(
            code=POINT_CODE, enterprise__in=enterprises.values()
        ).select_related("enterprise")
    }
    without = {e["credit_code"] for e in city.enterprises if not e.get("weighbridge", True)}
    for code, enterprise in enterprises.items():
        if code not in points and code not in without:
            points[code] = monitoring_point_create(
                actor=actor,
                enterprise=enterprise,
                code=POINT_CODE,
                kind=MonitoringPoint.Kind.WEIGHBRIDGE,
                name="厂区地磅",
            )
            report.points_created += 1
    return points


def _economic_figures(city: SyntheticCity, actor: User, report: LoadReport) -> None:
    saved = economic_figures_import(
        actor=actor, name="economic_figures.csv", data=city.economic_figures
    )
    if saved.errors:
        raise SyntheticLoadError(f"Economic figures refused: {saved.errors[:5]}")
    report.economic_figures = saved.created + saved.updated


def _ledgers(city: SyntheticCity, actor: User, report: LoadReport) -> None:
    """Month by month, park by park, each file whole through the upload path; a file the city
    says was received at some time is dated then, as if it had arrived that day."""
    for name, data in city.ledgers.items():
        batch, created = upload_batch_create(actor=actor, name=name, data=data)
        ledger_upload_process(batch_id=batch.pk)  # at once, with or without a worker
        batch.refresh_from_db()
        if batch.status != UploadBatch.Status.INGESTED:
            raise SyntheticLoadError(
                f"Ledger {name} ended {batch.status}: {batch.message} "
                f"First errors: {batch.errors[:5]} Changes: {batch.changes[:5]}"
            )
        if created and name in city.ledger_received:
            UploadBatch.objects.filter(pk=batch.pk).update(uploaded_at=city.ledger_received[name])
        if created:
            report.ledger_files_ingested += 1
            report.ledger_rows += batch.rows_ingested or 0
        else:
            report.ledger_files_already_loaded += 1


def _tickets(city: SyntheticCity, points: dict[str, MonitoringPoint], report: LoadReport) -> None:
    for code, batches in city.tickets.items():
        for batch in batches:
            result = weigh_ticket_batch_ingest(point=points[code], items=batch)
            if result.rejected:
                raise SyntheticLoadError(f"Weigh tickets of {code} rejected: {result.rejected[:5]}")
            report.tickets_accepted += result.accepted
            report.tickets_duplicates += result.duplicates


def _manifests(city: SyntheticCity, actor: User, report: LoadReport) -> None:
    enterprises = {
        e.credit_code: e
        for e in Enterprise.objects.filter(
            credit_code__in=[e["credit_code"] for e in city.enterprises]
        )
    }
    categories = {c.code: c for c in WasteCategory.objects.filter(is_hazardous=True)}
    existing = set(
        Manifest.objects.filter(number__in=[m["number"] for m in city.manifests]).values_list(
            "number", flat=True
        )
    )
    for item in city.manifests:
        if item["number"] in existing:
            continue
        manifest = manifest_create(
            actor=actor,
            number=item["number"],
            generator=enterprises[item["generator"]],
            receiver=enterprises[item["receiver"]],
            transporter_name=item["transporter_name"],
            transporter_credit_code=item["transporter_credit_code"],
            vehicle=item["vehicle"],
            category=categories[item["category"]],
            waste_code=item["waste_code"],
            quantity_shipped_t=Decimal(item["quantity_shipped_t"]),
            shipped_at=parse_datetime(item["shipped_at"]),
        )
        report.manifests_created += 1
        if item.get("received_at"):
            received_at = parse_datetime(item["received_at"])
            # Confirmed the day it arrived, unless the city says when (a late confirmation).
            confirmed = item.get("confirmed_at")
            manifest_receipt_confirm(
                actor=actor,
                manifest=manifest,
                quantity_received_t=Decimal(item["quantity_received_t"]),
                received_at=received_at,
                confirmed_at=parse_datetime(confirmed) if confirmed else received_at,
            )
            report.manifests_confirmed += 1
