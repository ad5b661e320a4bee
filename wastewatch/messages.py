"""Messages kept for later reading are stored as a code and its parameters, never as text, and
rendered in the reader's language when they are shown: an upload checked for a Chinese-speaking
operator reads in English for an English-speaking regulator.

A module defines its codes once, each with its gettext template and named parameters:

    FLOW_UNKNOWN = define("ledger.flow_unknown", gettext_lazy("Unknown flow %(flow)r: …"))
    raise Problem(FLOW_UNKNOWN(flow=value))

A `Message` is lazy like gettext_lazy (it is a `Promise`): `str(message)`, a template or
DRF's JSON renders it in the active language; `message_json(message)` is what is stored.
A parameter may itself be a message (a reason inside a sentence) and is rendered with it.
Stored JSON is {"code", "params"}; text stored before codes existed is {"text"} or a bare
string, shown as it is. An unknown code renders as its stored text, or the code itself.
"""

from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise

_TEMPLATES: dict[str, Any] = {}


class Message(Promise):
    """A sentence by its code and parameters, rendered in the language active when it is read."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return message_render(message_json(self))

    def __repr__(self) -> str:
        return f"Message({self.code!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and message_json(self) == message_json(other)

    def __hash__(self) -> int:
        return hash(self.code)


def define(code: str, template: Any) -> Callable[..., Message]:
    """Register `code` with its lazy gettext template (gettext_lazy, or ngettext_lazy with the
    name of its count parameter); returns the factory of its messages."""
    if code in _TEMPLATES and _TEMPLATES[code] is not template:
        raise ValueError(f"Message code {code} is defined twice.")
    _TEMPLATES[code] = template

    def factory(**params: Any) -> Message:
        return Message(code, **params)

    return factory


def _param_json(value: Any) -> Any:
    if isinstance(value, Message):
        return message_json(value)
    if isinstance(value, list | tuple):
        return [_param_json(item) for item in value]
    if isinstance(value, Promise):  # a lazy label: stored as the text it would show now
        return str(value)
    return value


def message_json(value: Message | str | None) -> dict:
    """What is stored for a message (or, for plain text, a `text` fallback)."""
    if isinstance(value, Message):
        return {
            "code": value.code,
            "params": {name: _param_json(param) for name, param in value.params.items()},
        }
    return {"text": "" if value is None else str(value)}


def _is_stored_message(value: Any) -> bool:
    return isinstance(value, dict) and ("code" in value or "text" in value)


def _param_render(value: Any) -> Any:
    if _is_stored_message(value):
        return message_render(value)
    if isinstance(value, list):
        return ", ".join(str(_param_render(item)) for item in value)
    return value


def message_render(stored: Any) -> str:
    """The stored message in the active language; text stored as text is shown as it is."""
    if stored is None:
        return ""
    if isinstance(stored, Message):
        stored = message_json(stored)
    if not isinstance(stored, dict):
        return str(stored)
    template = _TEMPLATES.get(stored.get("code", ""))
    if template is None:
        return str(stored.get("text") or stored.get("code") or "")
    params = {name: _param_render(value) for name, value in (stored.get("params") or {}).items()}
    try:
        return str(template % params) if params else str(template)
    except (KeyError, TypeError, ValueError):  # parameters from an older wording
        return str(template)
