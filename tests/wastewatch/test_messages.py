"""Stored messages: a code and its parameters, rendered in the language active when read; a
parameter that is itself a message is rendered with it; what cannot be rendered shows safely."""

import json

from django.utils import translation
from rest_framework.utils.encoders import JSONEncoder

from monitoring.ledger import messages as ledger
from wastewatch.messages import message_json, message_render
from wastewatch.tabular import CELL_CHARACTER
from wastewatch.text import InvalidText, check_printable


def test_a_stored_message_renders_in_the_readers_language():
    stored = json.loads(json.dumps(message_json(ledger.INGESTED(n=460))))
    assert stored == {"code": "ledger.ingested", "params": {"n": 460}}
    with translation.override("en"):
        assert message_render(stored) == "460 figures ingested."
    with translation.override("zh-hans"):
        assert message_render(stored) == "已导入 460 项数据。"


def test_plural_messages_follow_their_count():
    with translation.override("en"):
        assert message_render(message_json(ledger.REJECTED(n=1))).startswith("1 error:")
        assert message_render(message_json(ledger.REJECTED(n=3))).startswith("3 errors:")


def test_a_reason_inside_a_sentence_is_rendered_with_it():
    try:
        check_printable("ab\x00")
    except InvalidText as invalid:
        stored = message_json(CELL_CHARACTER(reason=invalid.args[0]))
    assert stored["params"]["reason"]["code"] == "text.not_printable"
    with translation.override("en"):
        assert message_render(stored) == (
            "The cell holds a control character: "
            "character U+0000 at position 3 is not printable text."
        )
    with translation.override("zh-hans"):
        assert "U+0000" in message_render(stored)
        assert "control character" not in message_render(stored)


def test_text_and_unknown_codes_show_safely():
    assert message_render("已导入 460 项数据。") == "已导入 460 项数据。"
    assert message_render({"text": "Old text."}) == "Old text."
    assert message_render({"code": "no.such.code", "params": {"n": 1}}) == "no.such.code"
    assert message_render({"code": "no.such.code", "text": "As it was."}) == "As it was."
    assert message_render(None) == ""


def test_parameters_of_another_wording_show_the_sentence_without_them():
    with translation.override("en"):
        shown = message_render({"code": "ledger.ingested", "params": {"count": 3}})
    assert shown == "%(n)d figures ingested."


def test_a_message_in_an_api_answer_is_its_text():
    with translation.override("en"):
        body = json.dumps({"reason": ledger.REQUIRED()}, cls=JSONEncoder)
    assert json.loads(body) == {"reason": "Required."}
