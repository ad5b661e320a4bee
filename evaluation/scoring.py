"""The green index (GI) of a park evaluation, its ranking among parks, and a park's history.

The rule is the one the domain reference (§2.3) suggests until the document's own is verified
[U]; docs/evaluation.md states each step, its source and mark. The first half of this module is
pure arithmetic on plain values (tested by hand-computed numbers); the second half reads the
database and feeds it.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from evaluation.models import Indicator, IndicatorEdition, ParkEvaluation
from parks.models import Park, park_name_shown

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
CENT = Decimal("0.01")
# A note saying why a value can't be (a derived value without ledger figures says "No data:").
NOT_COMPUTABLE_PREFIXES = ("not computable:", "no data:")

HIGHER = Indicator.Direction.HIGHER.value
LOWER = Indicator.Direction.LOWER.value
QUALITATIVE = Indicator.Direction.QUALITATIVE.value

SCORED, MISSING, NOT_COMPUTABLE = "scored", "missing", "not_computable"
NO_EVALUATION = "no_evaluation"  # a history cell of a year without an evaluation


# Pure arithmetic ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    """What scoring needs to know of an indicator."""

    number: int
    group: str
    direction: str
    mandatory: bool
    benchmark: Decimal | None = None
    fails_below_benchmark: bool = False  # mandatory quantitative indicators only


@dataclass(frozen=True)
class Entry:
    """A park's value of an indicator: a number, or met/not met for a qualitative one."""

    value: Decimal | None = None
    met: bool | None = None
    note: str = ""


@dataclass(frozen=True)
class IndicatorScore:
    number: int
    group: str
    mandatory: bool
    value: Decimal | None
    met: bool | None
    status: str  # scored, missing or not_computable
    r: Decimal | None  # None: optional and without a value, left out of its group's mean
    passed: bool | None  # mandatory indicators only
    # Scored short of its benchmark (r < 1: below it, above it for lower is better, or not
    # met); None without a value.
    below_benchmark: bool | None = None
    benchmark: Decimal | None = None


@dataclass(frozen=True)
class GroupScore:
    code: str
    weight: Decimal
    mean: Decimal | None  # None: no indicator of the group could be scored
    scored: int


@dataclass(frozen=True)
class EvaluationScore:
    indicators: list[IndicatorScore]
    groups: list[GroupScore]
    gi: Decimal
    pass_mark: Decimal
    failed_mandatory: list[int]
    eligibility_failures: list[str]
    passed: bool

    @property
    def below_benchmark(self) -> list[int]:
        """The numbers of the indicators scored short of their benchmark."""
        return [item.number for item in self.indicators if item.below_benchmark]

    @property
    def mandatory_below_benchmark(self) -> list[int]:
        return [item.number for item in self.indicators if item.below_benchmark and item.mandatory]


def indicator_ratio(
    *, direction: str, benchmark: Decimal | None, value: Decimal | None, met: bool | None
) -> Decimal:
    """r, the indicator's attainment of its benchmark, between 0 and 1.

    Higher is better: min(value / benchmark, 1), and 0 for a negative value (e.g. a carbon
    intensity "reduction" that was an increase). Lower is better: min(benchmark / value, 1),
    and 1 for a value of 0 or below (nothing discharged; pollutants falling while output
    grows). Qualitative: 1 when met, else 0.
    """
    if direction == QUALITATIVE:
        return ONE if met else ZERO
    if benchmark is None or benchmark <= 0:
        raise ValueError("a quantitative indicator needs a positive benchmark")
    if value is None:
        raise ValueError("no value to score")
    if direction == HIGHER:
        return max(ZERO, min(value / benchmark, ONE))
    if direction == LOWER:
        return ONE if value <= 0 else min(benchmark / value, ONE)
    raise ValueError(f"unknown direction {direction!r}")


def entry_status(*, spec: IndicatorSpec, entry: Entry | None) -> str:
    """scored, missing, or not_computable (no value, and a note saying why it can't be)."""
    if entry is None:
        return MISSING
    has_value = entry.met is not None if spec.direction == QUALITATIVE else entry.value is not None
    if has_value:
        return SCORED
    if entry.note.strip().lower().startswith(NOT_COMPUTABLE_PREFIXES):
        return NOT_COMPUTABLE
    return MISSING


def score_compute(
    *,
    indicators: Sequence[IndicatorSpec],
    weights: Mapping[str, Decimal],
    entries: Mapping[int, Entry],
    pass_mark: Decimal,
    requirements: Sequence[str] = (),
    eligibility: Mapping[str, Any] | None = None,
) -> EvaluationScore:
    """The evaluation's score.

    - Each indicator with a value gets r (see indicator_ratio). A mandatory one without a
      value (missing or not computable) gets r = 0 and fails; an optional one without a value
      is left out of its group's mean.
    - A group's mean is the mean r of its scored indicators.
    - GI = 100 × Σ w_g · mean_g ÷ Σ w_g over the groups that have a mean, rounded half up to
      2 decimals: a group with nothing to score neither adds nor drags.
    - An indicator is below its benchmark when it is scored with r < 1. A mandatory one below
      its benchmark fails only if its `fails_below_benchmark` is set; otherwise it lowers GI.
    - Passed: every basic requirement met, every mandatory indicator passed (a value, met if
      qualitative, and at its benchmark if it must be), and GI ≥ the pass mark.
    """
    scores: list[IndicatorScore] = []
    ratios: dict[str, list[Decimal]] = {code: [] for code in weights}
    for spec in sorted(indicators, key=lambda s: s.number):
        if spec.group not in ratios:
            raise ValueError(f"indicator {spec.number} is in unknown group {spec.group!r}")
        entry = entries.get(spec.number)
        status = entry_status(spec=spec, entry=entry)
        if status == SCORED:
            r = indicator_ratio(
                direction=spec.direction, benchmark=spec.benchmark, value=entry.value, met=entry.met
            )
            below = r < ONE
            if spec.direction == QUALITATIVE:
                passed = entry.met is True
            else:
                passed = not (below and spec.fails_below_benchmark)
        else:
            r = ZERO if spec.mandatory else None
            passed, below = False, None
        if r is not None:
            ratios[spec.group].append(r)
        scores.append(
            IndicatorScore(
                number=spec.number,
                group=spec.group,
                mandatory=spec.mandatory,
                value=None if entry is None else entry.value,
                met=None if entry is None else entry.met,
                status=status,
                r=r,
                passed=passed if spec.mandatory else None,
                below_benchmark=below,
                benchmark=spec.benchmark,
            )
        )

    groups = []
    weighted = used_weight = ZERO
    for code, weight in weights.items():
        values = ratios[code]
        mean = sum(values, ZERO) / len(values) if values else None
        groups.append(GroupScore(code=code, weight=weight, mean=mean, scored=len(values)))
        if mean is not None:
            weighted += weight * mean
            used_weight += weight
    gi = (HUNDRED * weighted / used_weight) if used_weight > 0 else ZERO
    gi = gi.quantize(CENT, rounding=ROUND_HALF_UP)

    eligibility = eligibility or {}
    eligibility_failures = [
        code for code in requirements if not _requirement_met(eligibility, code)
    ]
    failed = [score.number for score in scores if score.passed is False]
    return EvaluationScore(
        indicators=scores,
        groups=groups,
        gi=gi,
        pass_mark=pass_mark,
        failed_mandatory=failed,
        eligibility_failures=eligibility_failures,
        passed=not eligibility_failures and not failed and gi >= pass_mark,
    )


def _requirement_met(eligibility: Mapping[str, Any], code: str) -> bool:
    item = eligibility.get(code)
    return isinstance(item, Mapping) and item.get("met") is True


@dataclass(frozen=True)
class Ranked:
    key: Any
    gi: Decimal


def dense_rank(items: Iterable[Ranked]) -> list[tuple[int, Ranked]]:
    """Best GI first; equal GIs share a rank, and the next GI takes the next rank (1, 1, 2)."""
    ordered = sorted(items, key=lambda item: -item.gi)
    ranked, rank, previous = [], 0, None
    for item in ordered:
        if item.gi != previous:
            rank, previous = rank + 1, item.gi
        ranked.append((rank, item))
    return ranked


# Snapshots: an approved evaluation keeps the score it was approved with ----------------------


def score_to_json(score: EvaluationScore) -> dict[str, Any]:
    """The score as JSON-ready data (decimals as strings, so nothing is lost)."""
    return _strings(asdict(score))


def score_from_json(data: Mapping[str, Any]) -> EvaluationScore:
    def dec(value: Any) -> Decimal | None:
        return None if value is None else Decimal(value)

    def indicator(item: Mapping[str, Any]) -> IndicatorScore:
        r = dec(item["r"])
        below = item.get("below_benchmark")
        if "below_benchmark" not in item and item["status"] == SCORED:
            below = r < ONE  # approved before the mark was stored: r says it
        return IndicatorScore(
            **{
                **item,
                "value": dec(item["value"]),
                "r": r,
                "below_benchmark": below,
                "benchmark": dec(item.get("benchmark")),
            }
        )

    return EvaluationScore(
        indicators=[indicator(item) for item in data["indicators"]],
        groups=[
            GroupScore(**{**item, "weight": dec(item["weight"]), "mean": dec(item["mean"])})
            for item in data["groups"]
        ],
        gi=Decimal(data["gi"]),
        pass_mark=Decimal(data["pass_mark"]),
        failed_mandatory=list(data["failed_mandatory"]),
        eligibility_failures=list(data["eligibility_failures"]),
        passed=bool(data["passed"]),
    )


def _strings(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_strings(item) for item in value]
    return value


# Reading the database -----------------------------------------------------------------------


def edition_specs(*, edition: IndicatorEdition) -> tuple[list[IndicatorSpec], dict[str, Decimal]]:
    """The edition's indicators and group weights, as scoring takes them."""
    weights = {group.code: group.weight for group in edition.groups.order_by("order", "code")}
    specs = [
        IndicatorSpec(
            number=indicator.number,
            group=indicator.group.code,
            direction=indicator.direction,
            mandatory=indicator.mandatory,
            benchmark=indicator.benchmark,
            fails_below_benchmark=indicator.fails_below_benchmark,
        )
        for indicator in edition.indicators.select_related("group")
    ]
    return specs, weights


def evaluation_score(*, evaluation: ParkEvaluation) -> EvaluationScore:
    """The score of an evaluation: frozen at approval, else computed from its current values
    and the edition's current configuration."""
    if evaluation.status == ParkEvaluation.Status.APPROVED and evaluation.score_detail:
        return score_from_json(evaluation.score_detail)
    edition = evaluation.edition
    specs, weights = edition_specs(edition=edition)
    entries = {
        number: Entry(value=value, met=met, note=note)
        for number, value, met, note in evaluation.values.values_list(
            "indicator__number", "value", "met", "note"
        )
    }
    return score_compute(
        indicators=specs,
        weights=weights,
        entries=entries,
        pass_mark=edition.pass_mark,
        requirements=edition.requirement_codes,
        eligibility=evaluation.eligibility,
    )


@dataclass(frozen=True)
class RankRow:
    rank: int
    park: str
    park_name: str  # the official (Chinese) name, as the API gives it
    park_name_en: str
    evaluation: int
    version: int
    gi: Decimal
    passed: bool
    below_benchmark: list[int]  # the numbers of the indicators short of their benchmark
    mandatory_below_benchmark: list[int]

    @property
    def park_display_name(self) -> str:
        """The park's name in the active language, as Park.display_name gives it."""
        return park_name_shown(self.park_name, self.park_name_en)


def latest_approved(*, evaluations: QuerySet[ParkEvaluation]) -> dict[int, ParkEvaluation]:
    """The latest approved version per park id."""
    latest: dict[int, ParkEvaluation] = {}
    approved = (
        evaluations.filter(status=ParkEvaluation.Status.APPROVED)
        .select_related("park")
        .defer("park__boundary")
    )
    for evaluation in approved.order_by("park_id", "-version"):
        latest.setdefault(evaluation.park_id, evaluation)
    return latest


def evaluation_rank(*, year: int, edition: IndicatorEdition) -> list[RankRow]:
    """The city's parks by GI for a year and edition: each park's latest approved version,
    with the GI it was approved with; failing parks are ranked too, and flagged."""
    latest = latest_approved(
        evaluations=ParkEvaluation.objects.filter(year=year, edition=edition)
    ).values()
    items = [Ranked(key=evaluation, gi=evaluation.score) for evaluation in latest]
    items.sort(key=lambda item: item.key.park.code)  # ties in park-code order (sort is stable)
    rows = []
    for rank, item in dense_rank(items):
        score = evaluation_score(evaluation=item.key)
        rows.append(
            RankRow(
                rank=rank,
                park=item.key.park.code,
                park_name=item.key.park.name,
                park_name_en=item.key.park.name_en,
                evaluation=item.key.pk,
                version=item.key.version,
                gi=item.gi,
                passed=bool(item.key.passed),
                below_benchmark=score.below_benchmark,
                mandatory_below_benchmark=score.mandatory_below_benchmark,
            )
        )
    return rows


@dataclass(frozen=True)
class HistoryColumn:
    year: int
    evaluation: int | None
    version: int | None
    status: str | None
    gi: Decimal | None
    passed: bool | None
    rank: int | None  # among the approved evaluations of the year and edition


@dataclass(frozen=True)
class HistoryCell:
    value: Decimal | None
    met: bool | None
    r: Decimal | None
    status: str  # an indicator status, or no_evaluation
    below_benchmark: bool | None = None
    benchmark: Decimal | None = None  # the one the year's score used, if it says


EMPTY_CELL = HistoryCell(value=None, met=None, r=None, status=NO_EVALUATION)


@dataclass(frozen=True)
class HistoryRow:
    edition: str
    number: int
    name: str
    name_en: str
    group: str
    unit: str
    direction: str
    mandatory: bool
    benchmark: Decimal | None
    benchmark_text: str  # a qualitative indicator's: 具备, 是, 完善, 定期
    cells: list[HistoryCell]  # one per year


@dataclass(frozen=True)
class EvaluationHistory:
    park: str
    years: list[int]
    columns: list[HistoryColumn]
    rows: list[HistoryRow]


def park_evaluation_history(
    *,
    park: Park,
    years: int = 3,
    until: int | None = None,
    evaluations: QuerySet[ParkEvaluation] | None = None,
) -> EvaluationHistory:
    """The park's last `years` years side by side (the report's 近三年评价得分): indicator rows
    × year columns, each year's GI, pass and rank.

    A year shows its latest approved version, or else its latest version in progress (with
    the live score and no rank). `evaluations` is the caller's scope (default: all).
    """
    scope = (evaluations if evaluations is not None else ParkEvaluation.objects.all()).filter(
        park=park
    )
    if until is None:
        newest = scope.order_by("-year").values_list("year", flat=True).first()
        until = newest or timezone.localdate().year
    window = list(range(until - years + 1, until + 1))
    chosen: dict[int, ParkEvaluation] = {}
    for evaluation in (
        scope.filter(year__in=window).select_related("edition").order_by("year", "-version")
    ):
        current = chosen.get(evaluation.year)
        approved = evaluation.status == ParkEvaluation.Status.APPROVED
        if current is None or (approved and current.status != ParkEvaluation.Status.APPROVED):
            chosen[evaluation.year] = evaluation

    columns, scores = [], {}
    for year in window:
        evaluation = chosen.get(year)
        if evaluation is None:
            columns.append(HistoryColumn(year, None, None, None, None, None, None))
            continue
        score = evaluation_score(evaluation=evaluation)
        scores[year] = score
        rank = None
        if evaluation.status == ParkEvaluation.Status.APPROVED:
            rows = evaluation_rank(year=year, edition=evaluation.edition)
            rank = next((row.rank for row in rows if row.evaluation == evaluation.pk), None)
        columns.append(
            HistoryColumn(
                year=year,
                evaluation=evaluation.pk,
                version=evaluation.version,
                status=evaluation.status,
                gi=score.gi,
                passed=score.passed,
                rank=rank,
            )
        )

    edition_ids = {evaluation.edition_id for evaluation in chosen.values()}
    indicators = Indicator.objects.filter(edition_id__in=edition_ids).select_related(
        "edition", "group"
    )
    rows = []
    for indicator in indicators.order_by("edition__code", "number"):
        cells: list[HistoryCell] = []
        for year in window:
            evaluation = chosen.get(year)
            if evaluation is None or evaluation.edition_id != indicator.edition_id:
                cells.append(EMPTY_CELL)
                continue
            # None when the indicator was added to the edition after this year's approval
            item = next((s for s in scores[year].indicators if s.number == indicator.number), None)
            cells.append(
                EMPTY_CELL
                if item is None
                else HistoryCell(
                    value=item.value,
                    met=item.met,
                    r=item.r,
                    status=item.status,
                    below_benchmark=item.below_benchmark,
                    benchmark=item.benchmark,
                )
            )
        rows.append(
            HistoryRow(
                edition=indicator.edition.code,
                number=indicator.number,
                name=indicator.name,
                name_en=indicator.name_en,
                group=indicator.group.code,
                unit=indicator.unit,
                direction=indicator.direction,
                mandatory=indicator.mandatory,
                benchmark=indicator.benchmark,
                benchmark_text=indicator.benchmark_text,
                cells=cells,
            )
        )
    return EvaluationHistory(park=park.code, years=window, columns=columns, rows=rows)
