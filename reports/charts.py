"""The PDF's chart of the last 24 months, drawn server-side by matplotlib as SVG: no browser at
run time. Text stays text in the SVG (svg.fonttype "none"), so WeasyPrint draws the labels with
the page's CJK font and they can be searched and copied in the PDF."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from matplotlib import rc_context
from matplotlib.figure import Figure

from reports.content import ReportContent

# The CJK font installed by scripts/system-deps.sh (fonts-noto-cjk), then fallbacks; without
# one of them matplotlib would measure Chinese labels with a Latin font.
FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei"]
COLOURS = {
    "generated": "#4e4e4e",
    "utilised": "#2a7d4f",
    "disposed": "#c0504d",
    "stored": "#d08c00",
}


def flow_series_labels() -> dict[str, str]:
    """The four series, in the active language (the regulators' terms)."""
    return {
        "generated": pgettext("tonnes of a month", "Generated"),
        "utilised": pgettext("tonnes of a month", "Utilised"),
        "disposed": pgettext("tonnes of a month", "Disposed of"),
        "stored": pgettext("tonnes of a month", "Stored"),
    }


def flow_chart_svg(content: ReportContent) -> str:
    """Generated, utilised, disposed of and stored (t) per month, one line each; a month with
    no figures is a gap, not a zero. Call within the report's language."""
    months = content.flow_history
    labels = flow_series_labels()
    settings = {
        "font.family": "sans-serif",
        "font.sans-serif": [*FONTS, "DejaVu Sans"],
        "font.size": 8,
        "svg.fonttype": "none",
        "svg.hashsalt": "wastewatch",  # stable ids: the same figures draw the same SVG
        "axes.unicode_minus": False,
    }
    with rc_context(settings):
        figure = Figure(figsize=(7.0, 2.9))
        axes = figure.add_subplot()
        x = list(range(len(months)))
        for key, attribute in (
            ("generated", "generated_t"),
            ("utilised", "utilised_t"),
            ("disposed", "disposed_t"),
            ("stored", "stored_t"),
        ):
            values = [getattr(m, attribute) for m in months]
            values = [float("nan") if v is None else v for v in values]
            axes.plot(
                x,
                values,
                label=labels[key],
                color=COLOURS[key],
                linewidth=1.6 if key == "generated" else 1.2,
                marker="o",
                markersize=2.5,
                gid=f"series-{key}",
            )
        ticks = x[::-3][::-1] if len(x) > 12 else x  # every third month, ending on the report's
        axes.set_xticks(ticks, [f"{months[i].period:%Y-%m}" for i in ticks])
        axes.set_ylabel(_("Tonnes"))
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_formatter("{x:,.0f}")
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="upper left", ncols=4, frameon=False, bbox_to_anchor=(0, 1.14))
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
