"""The Chinese catalogue reads as a bureau's own: full-width punctuation in Chinese sentences,
吨 rather than t, 倍 rather than ×, the terms of 《危险废物转移管理办法》 for manifests, and no
words that mislead (本月 for a file's month, 升降至, 去向不明 for a known receiver). Checked on
the catalogue itself, so that a new entry breaking a rule fails here with its msgid."""

import re
from pathlib import Path

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy

from detection.reasons import reason_figures

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/zh_Hans/LC_MESSAGES/django.po"

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[-+ #0]*\d*(?:\.\d+)?[sdfr]|%[sd]|\{[a-z_]+\}")
CJK = "\u3400-\u9fff"
# An ASCII colon, semicolon, comma, bracket, question or exclamation mark touching a Chinese
# character: the full-width one belongs there.
ASCII_PUNCTUATION = re.compile(rf"[{CJK}][:;,()?!]|[:;,()?!][{CJK}]")
TONNES_AS_T = re.compile(r"(?:\d|X) ?t(?![\w/])|（t）")
SPACE_BEFORE_PERCENT = re.compile(r"(?:\d|X) %")
MISLEADING = ("×", "本月", "升降至", "去向不明", "主管部门", "监测点位")


def _unquote(line: str) -> str:
    return line[line.index('"') + 1 : line.rindex('"')].replace('\\"', '"').replace("\\n", "\n")


def catalogue() -> list[tuple[str, str, list[str]]]:
    """(context, msgid, msgstrs) of every entry but the header."""
    entries, current, field = [], None, None
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        keyword = line.split(" ", 1)[0]
        if keyword in ("msgctxt", "msgid") and (current is None or current["msgstr"]):
            current = {"msgctxt": "", "msgid": "", "msgstr": []}
            entries.append(current)
        if keyword.startswith("msgstr"):
            current["msgstr"].append("")
            field = "msgstr"
        elif keyword in ("msgctxt", "msgid", "msgid_plural"):
            field = keyword
            if keyword == "msgid_plural":
                continue
        if field == "msgstr":
            current["msgstr"][-1] += _unquote(line)
        elif field != "msgid_plural":
            current[field] += _unquote(line)
    return [(e["msgctxt"], e["msgid"], e["msgstr"]) for e in entries if e["msgid"]]


ENTRIES = catalogue()


def _text(msgstr: str) -> str:
    """The msgstr with its placeholders as X and %% as %: what a reader sees around them."""
    return PLACEHOLDER.sub("X", msgstr).replace("%%", "%")


def _offenders(rule) -> list[str]:
    return [
        f"{msgid!r} → {msgstr!r}"
        for _context, msgid, msgstrs in ENTRIES
        for msgstr in msgstrs
        if rule(_text(msgstr))
    ]


def test_the_catalogue_is_read():
    assert len(ENTRIES) > 700
    assert all(msgstrs and all(msgstrs) for _c, _m, msgstrs in ENTRIES)


def test_chinese_sentences_take_full_width_punctuation():
    assert _offenders(ASCII_PUNCTUATION.search) == []


def test_tonnes_are_written_in_chinese():
    assert _offenders(TONNES_AS_T.search) == []


def test_no_space_before_a_percent_sign():
    assert _offenders(SPACE_BEFORE_PERCENT.search) == []


@pytest.mark.parametrize("word", MISLEADING)
def test_no_misleading_word(word):
    if word == "×":  # a ratio is 倍; a formula's multiplication (× 100) is a multiplication
        assert _offenders(lambda text: re.search(r"×(?! ?\d)", text) is not None) == []
        return
    assert _offenders(lambda text: word in text) == []


def test_a_transfer_out_is_named_as_the_law_names_it():
    """委外转移 only where the upload help says the former name is still read."""
    assert _offenders(lambda text: "委外转移" in text and "原“委外转移”" not in text) == []


def _zh(msgid: str, context: str = "") -> str:
    [msgstrs] = [s for c, m, s in ENTRIES if (c, m) == (context, msgid)]
    return msgstrs[0]


@pytest.mark.parametrize(
    ("msgid", "term"),
    [
        ("Generator (transferor)", "移出人"),
        ("Receiver", "接受人"),
        ("Confirm receipt", "确认接受"),
        ("Quantity received (t)", "接受量（吨）"),
        ("Discrepant", "数量不符"),
        ("Overdue", "逾期未确认"),
        ("Transferred out", "委托利用/处置"),
        ("Flow", "台账项目"),
        ("Zero-waste city indicators", "“无废城市”建设指标"),
        ("Year to date", "本年累计"),
    ],
)
def test_the_key_terms(msgid, term):
    assert _zh(msgid) == term


def test_one_english_word_with_two_meanings_has_two_contexts():
    assert (_zh("direction", "indicator"), _zh("direction", "weighing")) == ("指标方向", "进出方向")
    contexts = ("upload status", "ledger flow", "manifest")
    assert [_zh("Received", context) for context in contexts] == ["已接收", "接收", "接受量"]


def test_a_form_label_ends_in_a_full_width_colon():
    class Form(forms.Form):
        waste_code = forms.CharField(label=gettext_lazy("Waste code"))

    with translation.override("zh-hans"):
        assert Form()["waste_code"].label_tag().endswith("废物代码：</label>")
    with translation.override("en"):
        assert Form()["waste_code"].label_tag().endswith("Waste code:</label>")


def test_ratios_and_percentages_follow_the_language():
    reason = {"code": "generation_change", "times": 7.9, "change_pct": -55}
    with translation.override("zh-hans"):
        assert dict(reason_figures(reason)) == {"与平时之比（倍）": "7.9 倍", "差异": "−55%"}
    with translation.override("en"):
        assert dict(reason_figures(reason)) == {"Ratio to the usual": "7.9×", "Difference": "−55 %"}


def test_the_admin_is_titled_in_the_readers_language(admin_client):
    with translation.override("zh-hans"):
        page = admin_client.get("/admin/", headers={"accept-language": "zh-hans"})
    html = page.content.decode()
    assert "WasteWatch 后台管理" in html and "Django" not in html.split("</header>")[0]
