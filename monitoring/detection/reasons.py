"""Reasons are stored as data ({code, figures}) and rendered as sentences in the reader's
language, so a flag raised at night reads right in Chinese and in English."""

from django.utils.translation import gettext as _


def _signed_percent(value: float) -> str:
    return f"{value:+.0f} %".replace("-", "−")


def reason_text(reason: dict) -> str:
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
        return _(
            "Reported %(reported)s t transferred out; the weighbridge recorded "
            "%(measured)s t (%(change)s)."
        ) % {
            "reported": f"{float(reason['reported_t']):,.1f}",
            "measured": f"{float(reason['measured_t']):,.1f}",
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
    if code == "manifest_overdue":
        return (
            _(
                "Manifest %(number)s from %(generator)s, shipped %(shipped)s, is not confirmed: "
                "receipt was due by %(due)s (5 working days)."
            )
            % reason
        )
    return str(reason)
