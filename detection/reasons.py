"""Reasons are stored as data ({code, figures}) and rendered as sentences in the reader's
language, so a flag raised at night reads right in Chinese and in English."""

import math
import re
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from detection.kinds import check_info
from wastewatch.numbers import signed
from wastewatch.periods import month_text

# The keys under which reasons store a month (YYYY-MM); "first" and "last" also hold minutes.
MONTH_KEYS = ("period", "since", "first", "last", "stocked")
MONTH = re.compile(r"\d{4}-\d{2}")


def _signed_percent(value: float) -> str:
    """+12 % / −55 % in English, +12% / −55% in Chinese: the sign and spacing are the
    language's; a difference that rounds to zero reads 0 %, unsigned."""
    sign, size = signed(value, 0)
    return pgettext("signed percentage", "%(number)s %%") % {"number": f"{sign}{size:.0f}"}


def _months_shown(reason: dict) -> dict:
    """The reason with its months as the reader's language writes them (2026-10 /
    2026年10月); the stored reason keeps YYYY-MM."""
    return {
        key: month_text(date.fromisoformat(f"{value}-01"))
        if key in MONTH_KEYS and isinstance(value, str) and MONTH.fullmatch(value)
        else value
        for key, value in reason.items()
    }


def reason_text(reason: dict) -> str:
    reason = _months_shown(reason)
    code = reason.get("code")
    if code == "measured_vs_reported":
        if float(reason["reported_t"]) == 0:
            return _(
                "Nothing reported transferred out; the weighbridge recorded %(measured)s t "
                "going out."
            ) % {"measured": f"{float(reason['measured_t']):,.1f}"}
        if float(reason["measured_t"]) == 0:
            return _(
                "Reported %(reported)s t transferred out; the weighbridge recorded no "
                "outbound weighing of this waste."
            ) % {"reported": f"{float(reason['reported_t']):,.1f}"}
        text = _(
            "Reported %(reported)s t transferred out; the weighbridge recorded "
            "%(measured)s t (%(change)s)."
        ) % {
            "reported": f"{float(reason['reported_t']):,.1f}",
            "measured": f"{float(reason['measured_t']):,.1f}",
            "change": _signed_percent(reason["change_pct"]),
        }
        if "usual_pct" not in reason:
            return text
        return (
            text
            + " "
            + _("In the previous months the two differed by %(usual)s, within ±%(tolerance)s %%.")
            % {
                "usual": _signed_percent(float(reason["usual_pct"])),
                "tolerance": reason["tolerance_pct"],
            }
        )
    if code == "manifest_discrepancy" and "generator" in reason:
        return _(
            "Manifest %(number)s from %(generator)s: shipped %(shipped)s t; this enterprise "
            "confirmed receiving %(received)s t and refusing %(refused)s t (%(change)s)."
        ) % {
            "number": reason["number"],
            "generator": reason["generator"],
            "shipped": reason["shipped_t"],
            "received": reason["received_t"],
            "refused": reason["refused_t"],
            "change": _signed_percent(reason["change_pct"]),
        }
    if code == "manifest_discrepancy":
        return _(
            "Manifest %(number)s: shipped %(shipped)s t, received %(received)s t and "
            "refused %(refused)s t (%(change)s)."
        ) % {
            "number": reason["number"],
            "shipped": reason["shipped_t"],
            "received": reason["received_t"],
            "refused": reason["refused_t"],
            "change": _signed_percent(reason["change_pct"]),
        }
    if code == "manifest_overdue" and "receiver" in reason:
        return (
            _(
                "Manifest %(number)s to %(receiver)s, shipped %(shipped)s, has no confirmed "
                "receipt: with the time a transfer takes and the 5 working days to confirm, it "
                "was due by %(due)s."
            )
            % reason
        )
    if code == "manifest_overdue":  # as stored while the flag was raised on the receiver
        return (
            _(
                "Manifest %(number)s from %(generator)s, shipped %(shipped)s, is not confirmed: "
                "receipt was due by %(due)s (5 working days)."
            )
            % reason
        )
    if code == "stock_carry":
        return _(
            "Opening stock of %(period)s is %(opening)s t, but the previous month closed "
            "with %(closing)s t."
        ) % {
            "period": reason["period"],
            "opening": f"{float(reason['opening_t']):,.1f}",
            "closing": f"{float(reason['closing_t']):,.1f}",
        }
    if code == "counterparty" and "sender" in reason:
        if float(reason["sent_t"]) == 0:
            return _(
                "Reports receiving %(received)s t of this waste from %(sender)s, which reports "
                "transferring none of it here."
            ) % {"received": f"{float(reason['received_t']):,.1f}", "sender": reason["sender"]}
        return _(
            "Reports receiving %(received)s t from %(sender)s, which reports transferring "
            "%(sent)s t here (%(change)s)."
        ) % {
            "sent": f"{float(reason['sent_t']):,.1f}",
            "sender": reason["sender"],
            "received": f"{float(reason['received_t']):,.1f}",
            "change": _signed_percent(reason["change_pct"]),
        }
    if code == "counterparty":
        receiver = reason["receiver"]
        if float(reason["sent_t"]) == 0:
            return _(
                "Reported nothing of this waste transferred to %(receiver)s, which reports "
                "receiving %(received)s t from this enterprise."
            ) % {"received": f"{float(reason['received_t']):,.1f}", "receiver": receiver}
        if float(reason["received_t"]) == 0:
            return _(
                "Reported %(sent)s t transferred to %(receiver)s, which reports receiving "
                "none of it."
            ) % {"sent": f"{float(reason['sent_t']):,.1f}", "receiver": receiver}
        return _(
            "Reported %(sent)s t transferred to %(receiver)s, which reports receiving "
            "%(received)s t (%(change)s)."
        ) % {
            "sent": f"{float(reason['sent_t']):,.1f}",
            "receiver": receiver,
            "received": f"{float(reason['received_t']):,.1f}",
            "change": _signed_percent(reason["change_pct"]),
        }
    if code == "counterparty_manifests":
        return _(
            "Reported %(sent)s t transferred to %(receiver)s, which files no ledger here; "
            "the month's manifests to it account for %(received)s t (%(change)s)."
        ) % {
            "sent": f"{float(reason['sent_t']):,.1f}",
            "receiver": reason["receiver"],
            "received": f"{float(reason['received_t']):,.1f}",
            "change": _signed_percent(reason["change_pct"]),
        }
    if code == "manifest_late" and "received" in reason:
        return (
            ngettext(
                "Manifest %(number)s from %(generator)s, received %(received)s, was confirmed "
                "on %(confirmed)s, %(days_late)d day after its due date %(due)s (5 working "
                "days from receipt).",
                "Manifest %(number)s from %(generator)s, received %(received)s, was confirmed "
                "on %(confirmed)s, %(days_late)d days after its due date %(due)s (5 working "
                "days from receipt).",
                reason["days_late"],
            )
            % reason
        )
    if code == "manifest_late":  # as stored before the deadline ran from receipt
        return (
            ngettext(
                "Manifest %(number)s from %(generator)s, shipped %(shipped)s, was confirmed on "
                "%(confirmed)s, %(days_late)d day after its due date %(due)s.",
                "Manifest %(number)s from %(generator)s, shipped %(shipped)s, was confirmed on "
                "%(confirmed)s, %(days_late)d days after its due date %(due)s.",
                reason["days_late"],
            )
            % reason
        )
    if code == "generation_change":
        times = _times(math.log(reason["times"]))
        if reason.get("since"):
            figures = {"times": times, "since": reason["since"]}
            if reason.get("per_output"):
                return (
                    _(
                        "Generation per unit of output %(times)s what the enterprise's recent "
                        "months made usual, and has stayed that far since %(since)s."
                    )
                    % figures
                )
            return (
                _(
                    "Generation %(times)s what the enterprise's recent months made usual, and "
                    "has stayed that far since %(since)s."
                )
                % figures
            )
        if reason.get("per_output"):
            return _(
                "Generation per unit of output %(times)s what the enterprise's recent months "
                "made usual, far beyond their usual variation."
            ) % {"times": times}
        return _(
            "Generation %(times)s what the enterprise's recent months made usual, far beyond "
            "their usual variation."
        ) % {"times": times}
    if code == "generation_batches":
        figures = {
            "times": _times(math.log(reason["times"])),
            "total": f"{float(reason['total_t']):,.1f}",
            "before": f"{float(reason['before_t']):,.1f}",
        }
        if reason.get("per_output"):
            return (
                _(
                    "This waste comes in batches: over the 12 months to this one, %(total)s t "
                    "were generated against %(before)s t the 12 months before; per unit of "
                    "output, %(times)s."
                )
                % figures
            )
        return (
            _(
                "This waste comes in batches: over the 12 months to this one, %(total)s t were "
                "generated against %(before)s t the 12 months before (%(times)s)."
            )
            % figures
        )
    if code == "round_figures":
        return ngettext(
            "Round figures for %(months)d month (%(first)s to %(last)s: %(figures)s), "
            "where the enterprise's figures are usually to %(grain)s t: by chance, at most "
            "one in %(odds)s.",
            "Round figures for %(months)d months in a row (%(first)s to %(last)s: "
            "%(figures)s), where the enterprise's figures are usually to %(grain)s t: by "
            "chance, at most one in %(odds)s.",
            reason["months"],
        ) % {
            **reason,
            "figures": ", ".join(
                f"{_flow_name(flow)} {float(t):,.0f} t" for flow, t in reason["figures"]
            ),
            "odds": f"{reason['odds']:,.0f}",
        }
    if code == "device_stuck":
        figures = {**reason, "net": reason["net_t"]}
        if reason["same_gross_tare"]:
            return (
                ngettext(
                    "Weighbridge %(point)s repeated the same gross and tare (net %(net)s t) on "
                    "%(tickets)d consecutive ticket of this waste (%(first)s to %(last)s): a "
                    "frozen load cell?",
                    "Weighbridge %(point)s repeated the same gross and tare (net %(net)s t) on "
                    "%(tickets)d consecutive tickets of this waste (%(first)s to %(last)s): a "
                    "frozen load cell?",
                    reason["tickets"],
                )
                % figures
            )
        return (
            ngettext(
                "Weighbridge %(point)s recorded the same net weight, %(net)s t, on %(tickets)d "
                "consecutive ticket of this waste (%(first)s to %(last)s): a frozen load cell, "
                "or weights typed in?",
                "Weighbridge %(point)s recorded the same net weight, %(net)s t, on %(tickets)d "
                "consecutive tickets of this waste (%(first)s to %(last)s): a frozen load cell, "
                "or weights typed in?",
                reason["tickets"],
            )
            % figures
        )
    if code == "device_resent":
        return (
            ngettext(
                "Weighbridge %(point)s recorded %(tickets)d ticket with the same vehicle, gross "
                "and tare as a ticket minutes before it (%(first)s): a load weighed or sent "
                "twice?",
                "Weighbridge %(point)s recorded %(tickets)d tickets with the same vehicle, gross "
                "and tare as a ticket minutes before them (%(first)s to %(last)s): loads weighed "
                "or sent twice?",
                reason["tickets"],
            )
            % reason
        )
    if code == "device_gap":
        return (
            ngettext(
                "Weighbridge %(point)s, which records tickets on most working days, recorded "
                "none from %(first_day)s to %(last_day)s (%(days)d working day), although the "
                "ledger reports this waste transferred out this month.",
                "Weighbridge %(point)s, which records tickets on most working days, recorded "
                "none from %(first_day)s to %(last_day)s (%(days)d working days), although the "
                "ledger reports this waste transferred out this month.",
                reason["days"],
            )
            % reason
        )
    if code == "device_stuck_wastes":
        return _(
            "Weighbridge %(point)s recorded the same net weight, %(net)s t, on %(tickets)d "
            "consecutive tickets of %(wastes)d different wastes (%(first)s to %(last)s): a "
            "frozen load cell?"
        ) % {**reason, "net": reason["net_t"]}
    if code == "device_gap_in":
        if reason["receipts"] == "manifests":
            return (
                ngettext(
                    "Weighbridge %(point)s, which records tickets on most working days, "
                    "recorded none from %(first_day)s to %(last_day)s (%(days)d working day), "
                    "although manifests record this waste received this month.",
                    "Weighbridge %(point)s, which records tickets on most working days, "
                    "recorded none from %(first_day)s to %(last_day)s (%(days)d working days), "
                    "although manifests record this waste received this month.",
                    reason["days"],
                )
                % reason
            )
        return (
            ngettext(
                "Weighbridge %(point)s, which records tickets on most working days, recorded "
                "none from %(first_day)s to %(last_day)s (%(days)d working day), although the "
                "ledger reports this waste received this month.",
                "Weighbridge %(point)s, which records tickets on most working days, recorded "
                "none from %(first_day)s to %(last_day)s (%(days)d working days), although the "
                "ledger reports this waste received this month.",
                reason["days"],
            )
            % reason
        )
    if code == "weighbridge_series":
        if reason["measure"] == "tickets":
            text = _(
                "Weighbridge %(point)s recorded %(value)s tickets on %(day)s, against a usual "
                "%(expected)s a working day (the median of the previous 20): unusual for this "
                "weighbridge's own daily series."
            )
        else:
            text = _(
                "Weighbridge %(point)s weighed %(value)s t on %(day)s, against a usual "
                "%(expected)s t a working day (the median of the previous 20): unusual for this "
                "weighbridge's own daily series."
            )
        return text % reason
    if code == "missing_month":
        if date.fromisoformat(reason["due"]) < timezone.localdate():
            return _("No ledger for %(period)s of this waste: it was due by %(due)s.") % reason
        return (
            _(
                "No ledger for %(period)s of this waste, although later months are reported: "
                "it is due by %(due)s."
            )
            % reason
        )
    if code == "late_report":
        return (
            ngettext(
                "The ledger for %(period)s arrived on %(received)s, %(days_late)d day after its "
                "due date %(due)s.",
                "The ledger for %(period)s arrived on %(received)s, %(days_late)d days after its "
                "due date %(due)s.",
                reason["days_late"],
            )
            % reason
        )
    if code == "missing_waste":
        if "stock_t" in reason:
            return _(
                "No line for this waste in the ledger of %(period)s (due by %(due)s), although "
                "%(stock)s t of it were in stock at the end of %(stocked)s."
            ) % {**reason, "stock": f"{float(reason['stock_t']):,.1f}"}
        return _(
            "No line for this waste in the ledger of %(period)s (due by %(due)s), although "
            "it was generated in each of the %(months)d months reported before."
        ) % {**reason, "months": reason["generated_months"]}
    if code == "repeated_weights":  # flags of the check device_quality replaced
        return (
            _(
                "%(percent)d %% of this month's weighings repeat a net weight already recorded, "
                "to the kilogram: a stuck sensor, or loads weighed twice."
            )
            % reason
        )
    if code == "model":
        parts = [_feature_text(feature) for feature in reason["features"]]
        return _("Unusual for the model (score %(score).2f): %(details)s.") % {
            "score": reason["score"],
            "details": "; ".join(parts),
        }
    return str(reason)


def flag_cells(flag) -> list[str]:
    """A flag (detection.models.Flag) as the cells every export shows of it, in the active
    language: the waste, the check in words, its severity, its reasons as sentences, its
    review state and who reviewed it."""
    return [
        flag.waste_code or flag.category.code,
        str(check_info(flag.kind).name),
        flag.get_severity_display(),
        " ".join(reason_text(reason) for reason in flag.reasons),
        flag.get_status_display(),
        flag.reviewed_by.get_username() if flag.reviewed_by else "",
    ]


# The figures a reason quotes, by the key it stores them under, and their unit ("t" for
# tonnes to 3 decimals, "%" for percentages, "" as they are). Keys that only choose a
# sentence (per_output, same_gross_tare, receipts, measure) are not figures.
FIGURES: dict[str, tuple] = {
    "reported_t": (gettext_lazy("Reported transferred out"), "t"),
    "measured_t": (gettext_lazy("Weighed by the weighbridge"), "t"),
    "change_pct": (gettext_lazy("Difference"), "%"),
    "usual_pct": (gettext_lazy("Usual difference"), "%"),
    "tolerance_pct": (gettext_lazy("Tolerance"), "%"),
    "number": (gettext_lazy("Manifest"), ""),
    "generator": (gettext_lazy("Generator (transferor)"), ""),
    "sender": (gettext_lazy("Sender"), ""),
    "receiver": (gettext_lazy("Receiver"), ""),
    "sent_t": (gettext_lazy("Sender reports"), "t"),
    "shipped_t": (gettext_lazy("Shipped"), "t"),
    "received_t": (gettext_lazy("Receiver reports"), "t"),
    "refused_t": (gettext_lazy("Refused"), "t"),
    "shipped": (gettext_lazy("Shipped on"), ""),
    "due": (gettext_lazy("Due by"), ""),
    "confirmed": (gettext_lazy("Confirmed on"), ""),
    "received": (gettext_lazy("Received on"), ""),
    "days_late": (gettext_lazy("Days late"), ""),
    "period": (gettext_lazy("Period"), ""),
    "opening_t": (gettext_lazy("Opening stock"), "t"),
    "closing_t": (gettext_lazy("Previous closing stock"), "t"),
    "stock_t": (gettext_lazy("Stock"), "t"),
    "stocked": (gettext_lazy("Stock at the end of"), ""),
    "times": (gettext_lazy("Ratio to the usual"), "×"),
    "since": (gettext_lazy("Since"), ""),
    "total_t": (gettext_lazy("Generated, last 12 months"), "t"),
    "before_t": (gettext_lazy("Generated, 12 months before"), "t"),
    "months": (gettext_lazy("Months"), ""),
    "generated_months": (gettext_lazy("Months generated before"), ""),
    "first": (gettext_lazy("From"), ""),
    "last": (gettext_lazy("To"), ""),
    "grain": (gettext_lazy("Usual precision (t)"), ""),
    "odds": (gettext_lazy("By chance, one in"), ""),
    "point": (gettext_lazy("Weighbridge"), ""),
    "net_t": (gettext_lazy("Net weight"), "t"),
    "tickets": (gettext_lazy("Tickets"), ""),
    "wastes": (gettext_lazy("Wastes"), ""),
    "first_day": (gettext_lazy("Silent from"), ""),
    "last_day": (gettext_lazy("Silent until"), ""),
    "days": (gettext_lazy("Working days"), ""),
    "day": (gettext_lazy("Day"), ""),
    "value": (gettext_lazy("Recorded"), ""),
    "expected": (gettext_lazy("Usual (median of the previous 20 working days)"), ""),
    "percent": (gettext_lazy("Repeated weighings"), "%"),
    "score": (gettext_lazy("Model score"), ""),
}


def reason_figures(reason: dict) -> list[tuple[str, str]]:
    """The figures a reason quotes, as (label, value) in the reader's language: what the
    sentence says, laid out so that measured and reported, sender and receiver, or the
    enterprise and its peers can be read side by side."""
    figures = []
    reason = _months_shown(reason)
    for key, (label, unit) in FIGURES.items():
        if key not in reason:
            continue
        value = reason[key]
        if unit == "t":
            text = _("%(tonnes)s t") % {"tonnes": tonnes(value)}
        elif unit == "%" and key in ("change_pct", "usual_pct"):
            text = _signed_percent(float(value))
        elif unit == "%":
            text = pgettext("percentage", "%(number)s %%") % {"number": value}
        elif unit == "×":
            text = _times(math.log(value))
        elif isinstance(value, float):
            text = f"{value:,.2f}"
        elif isinstance(value, int):
            text = f"{value:,}"
        else:
            text = str(value)
        figures.append((str(label), text))
    if reason.get("code") == "round_figures":
        figures.extend(
            (_flow_name(flow), _("%(tonnes)s t") % {"tonnes": tonnes(t)})
            for flow, t in reason["figures"]
        )
    if reason.get("code") == "model":
        figures.extend(
            (_("Feature"), _feature_text(feature)) for feature in reason.get("features", [])
        )
    return figures


def _flow_name(flow: str) -> str:
    return {
        "generated": _("generated"),
        "received": _("received"),
        "utilised": _("utilised on site"),
        "disposed": _("disposed of on site"),
        "transferred_out": _("transferred out"),
    }[flow]


def tonnes(value: float | str) -> str:
    """Tonnes to 3 decimals, thousands separated, as the sentences separate them."""
    return f"{float(value):,.3f}"


def _times(log_ratio: float) -> str:
    """7.9× in English, 7.9 倍 in Chinese."""
    ratio = math.exp(log_ratio)
    number = f"{ratio:.2f}" if ratio < 1 else f"{ratio:.1f}"
    return pgettext("ratio", "%(number)s×") % {"number": number}


def _feature_text(feature: dict) -> str:
    name, value = feature["name"], float(feature["value"])
    if name == "generation_vs_history":
        return _("generation %(times)s the enterprise's median of the previous 12 months") % {
            "times": _times(value)
        }
    if name == "intensity_vs_history":
        return _(
            "generation per unit of output %(times)s the enterprise's median of the previous "
            "12 months"
        ) % {"times": _times(value)}
    if name == "intensity_vs_last_year":
        return _("generation per unit of output %(times)s the same month last year") % {
            "times": _times(value)
        }
    if name == "intensity_vs_peers":
        return _("generation per unit of output %(times)s the median of its industry peers") % {
            "times": _times(value)
        }
    if name == "generation_vs_last_year":
        return _("generation %(times)s the same month last year") % {"times": _times(value)}
    if name == "generation_vs_peers":
        return _(
            "share of this waste in the enterprise's generation %(points).0f points from "
            "its industry peers'"
        ) % {"points": 100 * value}
    if name == "measured_gap":
        return _("weighed transfers %(times)s of those reported") % {"times": _times(value)}
    if name == "balance_residual":
        return _("ledger residual %(percent).0f %% of inputs") % {"percent": 100 * value}
    if name == "stock_carry_gap":
        return _("opening stock differs from last month's closing stock by %(percent).0f %%") % {
            "percent": 100 * value
        }
    if name == "repeated_weights":
        return _("%(percent).0f %% of weighings repeat an identical net weight") % {
            "percent": 100 * value
        }
    return f"{name} = {value:g}"
