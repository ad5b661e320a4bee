"""Each check that raises flags, named in words with what it checks: a regulator reads the
check, never its internal code (Flag.kind)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CheckInfo:
    name: Promise
    explanation: Promise
    # Which figures the flag page sets beside the ledger's: the weighbridge's outbound weighing,
    # and what the counterparties report receiving.
    weighing: bool = False
    counterparty: bool = False


CHECK_INFO: dict[str, CheckInfo] = {
    "measured_vs_reported": CheckInfo(
        _("Weighed vs reported"),
        _(
            "Compares the waste the ledger reports transferred out with the outbound weighings "
            "of the enterprise's weighbridge in the same month."
        ),
        weighing=True,
    ),
    "manifest_discrepancy": CheckInfo(
        _("Manifest quantities differ"),
        _(
            "Compares the quantity a transfer manifest shipped with the quantity its receiver "
            "confirmed receiving."
        ),
        counterparty=True,
    ),
    "manifest_overdue": CheckInfo(
        _("Manifest receipt overdue"),
        _(
            "Finds transfer manifests with no confirmed receipt once the time a transfer takes "
            "and the 5 working days to confirm have passed since shipping."
        ),
        counterparty=True,
    ),
    "manifest_late": CheckInfo(
        _("Manifest receipt confirmed late"),
        _(
            "Finds transfer manifests whose receipt was confirmed more than 5 working days "
            "after the day of receipt."
        ),
        counterparty=True,
    ),
    "stock_carry": CheckInfo(
        _("Stock not carried over"),
        _("Checks that a month's opening stock equals the previous month's closing stock."),
    ),
    "counterparty": CheckInfo(
        _("Sender and receiver disagree"),
        _(
            "Compares what the enterprise reports transferring to each receiver with what that "
            "receiver reports receiving from it."
        ),
        counterparty=True,
    ),
    "generation_change": CheckInfo(
        _("Unusual change in generation"),
        _(
            "Compares the waste generated (per unit of output where known) with the enterprise's "
            "own recent months."
        ),
    ),
    "round_figures": CheckInfo(
        _("Round figures"),
        _(
            "Finds months reported in round figures where the enterprise's figures are usually "
            "more precise: figures estimated rather than measured?"
        ),
    ),
    "device_quality": CheckInfo(
        _("Weighbridge data quality"),
        _(
            "Finds weighbridges repeating the same weights, tickets sent twice, or silent while "
            "the ledger reports transfers."
        ),
        weighing=True,
    ),
    "weighbridge_series": CheckInfo(
        _("Unusual weighbridge day"),
        _("Compares a weighbridge's daily tickets and tonnes with its own usual working days."),
        weighing=True,
    ),
    "reporting": CheckInfo(
        _("Ledger missing or late"),
        _(
            "Checks that each month's ledger arrives by its due date and names every waste the "
            "enterprise keeps."
        ),
    ),
    "model": CheckInfo(
        _("Unusual for the model"),
        _(
            "A model trained on the city's ledgers scores the month's figures against the "
            "enterprise's history and its industry peers."
        ),
        weighing=True,
    ),
}
UNKNOWN = CheckInfo(_("Other check"), _("A check no longer run."))


def check_info(kind: str) -> CheckInfo:
    """The check behind a flag of `kind`, in words."""
    return CHECK_INFO.get(kind, UNKNOWN)
