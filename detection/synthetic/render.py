"""The simulated city in the platform's own input formats, and as files for evaluators."""

import json
import random
from datetime import date
from pathlib import Path

from detection.synthetic.model import (
    PARKS,
    POINT_CODE,
    TRANSPORTERS,
    SyntheticCity,
)
from detection.synthetic.world import BEIJING, credit_code
from monitoring.ledger.columns import FLOW_NAMES_ZH, Flow
from monitoring.ledger.synthetic import HEADER
from wastewatch.tabular_write import csv_text

BATCH = 1000  # the device API's batch limit
TRANSPORTER_CODES = [credit_code(random.Random(f"transporter-{n}"), "150204") for n in range(3)]


def city_render(state, *, seed: int) -> SyntheticCity:
    return SyntheticCity(
        seed=seed,
        periods=list(state.periods),
        parks=[_park(*park) for park in PARKS],
        enterprises=[_enterprise(firm) for firm in state.firms],
        ledgers=_ledgers(state),
        tickets=_tickets(state),
        manifests=[_manifest(m) for m in state.manifests],
        economic_figures=_economic_figures(state),
        labels=sorted(state.labels, key=lambda x: (x.period, x.credit_code, x.category, x.kind)),
        hard_negatives=sorted(
            state.hard_negatives, key=lambda x: (x.period, x.credit_code, x.category, x.kind)
        ),
    )


def _park(code, name, name_en, district, _division, box) -> dict:
    west, south, east, north = box
    ring = f"{west} {south},{east} {south},{east} {north},{west} {north},{west} {south}"
    return {
        "code": code,
        "name": name,
        "name_en": name_en,
        "level": "regional",
        "district": district,
        "operator": f"{name}管理委员会",
        "boundary": f"MULTIPOLYGON((({ring})))",
    }


def _enterprise(firm) -> dict:
    return {
        "credit_code": firm.credit_code,
        "name": firm.name,
        "industry_code": firm.industry_code,
        "industry": firm.industry.key,
        "role": "generator" if firm.is_generator else "receiver",
        "park": firm.park,
        "lon": firm.lon,
        "lat": firm.lat,
        "is_key_unit": firm.key_unit,
        "permit_number": f"{firm.credit_code}001P" if firm.key_unit else "",
        "wastes": [w.category for w in firm.wastes] or list(firm.industry.accepts),
    }


def _rows(state, code: str, category: str, index: int) -> list[list[str]]:
    cell = state.reported[(code, category)][index]
    if cell is None:
        return []
    firm = state.by_code[code]
    own = firm.waste(category).waste_code if firm.is_generator else category
    lines = [(Flow.OPENING_STOCK, own, cell.opening, "")]
    if firm.is_generator:
        lines.append((Flow.GENERATED, own, cell.generated, ""))
    for sender, tonnes in sorted(cell.received.items()):
        lines.append(
            (Flow.RECEIVED, state.by_code[sender].waste(category).waste_code, tonnes, sender)
        )
    lines += [(Flow.UTILISED, own, cell.utilised, ""), (Flow.DISPOSED, own, cell.disposed, "")]
    lines += [(Flow.TRANSFERRED_OUT, own, t, r) for r, t in sorted(cell.transfers.items())]
    lines.append((Flow.CLOSING_STOCK, own, cell.closing, ""))
    period = f"{state.periods[index]:%Y-%m}"
    return [
        [code, period, waste_code, FLOW_NAMES_ZH[flow], f"{tonnes:.3f}", "t", other, ""]
        for flow, waste_code, tonnes, other in lines
        if tonnes > 0 or flow in (Flow.OPENING_STOCK, Flow.GENERATED, Flow.CLOSING_STOCK)
    ]


def _ledgers(state) -> dict[str, bytes]:
    """One file per park and month (the monthly upload of the park's operator)."""
    files = {}
    keys = sorted(state.reported)
    for park, *_rest in PARKS:
        members = {firm.credit_code for firm in state.firms if firm.park == park}
        for index, period in enumerate(state.periods):
            rows = [
                row
                for code, category in keys
                if code in members
                for row in _rows(state, code, category, index)
            ]
            if rows:
                files[f"ledger-{period:%Y-%m}-{park}.csv"] = _csv(HEADER, rows).encode("utf-8")
    return dict(sorted(files.items()))


def _tickets(state) -> dict[str, list[list[dict]]]:
    """Per enterprise, its weighbridge's tickets in time order, numbered per month."""
    batches: dict[str, list[list[dict]]] = {}
    for firm in state.firms:
        items = []
        for index, period in enumerate(state.periods):
            for number, load in enumerate(state.tickets.get((firm.credit_code, index), []), 1):
                items.append(
                    {
                        "ticket_number": f"{period:%Y%m}-{number:05d}",
                        "weighed_at": load.when.isoformat(),
                        "category": load.category,
                        "direction": "out",
                        "gross_t": (load.tare_kg + load.net_kg) / 1000,
                        "tare_t": load.tare_kg / 1000,
                        "net_t": load.net_kg / 1000,
                        "vehicle": load.vehicle,
                        "counterparty": load.counterparty,
                    }
                )
        if items:
            batches[firm.credit_code] = [
                items[start : start + BATCH] for start in range(0, len(items), BATCH)
            ]
    return batches


def _economic_figures(state) -> bytes:
    """Monthly output value and value added (万元) in the platform's upload format. Value
    added is a steady share of output per enterprise (22–34 %, from its code, so that adding
    it draws nothing from the generator's random sequence)."""
    rows = []
    for code, values in sorted(state.output.items()):
        share = 0.22 + int(code[8:14], 36) % 13 / 100
        for period, value in zip(state.periods, values, strict=True):
            rows.append([code, f"{period:%Y-%m}", f"{value:.1f}", f"{value * share:.1f}", "万元"])
    return _csv(ECONOMIC_HEADER, rows).encode()


ECONOMIC_HEADER = ["统一社会信用代码", "期间", "工业总产值", "工业增加值", "单位"]


def _manifest(m: dict) -> dict:
    return {
        "number": m["number"],
        "generator": m["generator"],
        "receiver": m["receiver"],
        "transporter_name": TRANSPORTERS[m["transporter"]],
        "transporter_credit_code": TRANSPORTER_CODES[m["transporter"]],
        "vehicle": m["vehicle"],
        "category": m["category"],
        "waste_code": m["waste_code"],
        "quantity_shipped_t": f"{m['shipped_kg'] / 1000:.3f}",
        "shipped_at": m["shipped_at"].astimezone(BEIJING).isoformat(),
        "quantity_received_t": f"{m['received_kg'] / 1000:.3f}",
        "received_at": m["received_at"].astimezone(BEIJING).isoformat(),
    }


# --- files ---------------------------------------------------------------------------------


def _csv(header: list[str], rows: list[list]) -> str:
    return csv_text([header, *rows], lineterminator="\n")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=_iso) + "\n"


def _iso(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value))


def city_write(city: SyntheticCity, folder: Path) -> list[Path]:
    """Write the city as files an independent evaluator can read; returns the paths."""
    folder = Path(folder)
    written: dict[Path, str | bytes] = {
        folder / "city.json": _json(
            {
                "seed": city.seed,
                "periods": [f"{p:%Y-%m}" for p in city.periods],
                "ledger_files": len(city.ledgers),
                "ledger_rows": city.ledger_rows(),
                "tickets": city.ticket_count(),
                "manifests": len(city.manifests),
                "labels": len(city.labels),
                "hard_negatives": len(city.hard_negatives),
                "point_code": POINT_CODE,
            }
        ),
        folder / "registry.json": _json({"parks": city.parks, "enterprises": city.enterprises}),
        folder / "manifests.json": _json(city.manifests),
        folder / "labels.csv": _csv(
            ["kind", "credit_code", "category", "waste_code", "period", "detail"],
            [
                [
                    x.kind,
                    x.credit_code,
                    x.category,
                    x.waste_code,
                    x.period.isoformat(),
                    _json_line(x.detail),
                ]
                for x in city.labels
            ],
        ),
        folder / "hard_negatives.csv": _csv(
            ["kind", "credit_code", "category", "waste_code", "period"],
            [
                [x.kind, x.credit_code, x.category, x.waste_code, x.period.isoformat()]
                for x in city.hard_negatives
            ],
        ),
        folder / "economic_figures.csv": city.economic_figures,
    }
    if city.ledger_received:  # when each ledger file reached the platform, where it matters
        written[folder / "ledger_received.csv"] = _csv(
            ["file", "received_at"],
            [[name, when.isoformat()] for name, when in city.ledger_received.items()],
        )
    for name, data in city.ledgers.items():
        written[folder / "ledgers" / name] = data
    for code, batches in city.tickets.items():
        for number, batch in enumerate(batches, 1):
            written[folder / "tickets" / code / f"{POINT_CODE}-{number:03d}.json"] = _json(batch)
    for path, content in written.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return sorted(written)


def _json_line(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_iso)
