"""Text as people and devices type it. Chinese input methods produce full-width digits,
letters and punctuation (１２３, ＨＷ０８, －); every identifier, code and number is folded
to its ordinary form (Unicode NFKC) before it is validated or stored, so that the same
manifest number typed two ways is one number. Control characters (NUL among them, which
PostgreSQL refuses outright) are refused with the position they stand at, never stored."""

import re
import unicodedata

from django.utils.translation import gettext_lazy

from wastewatch.messages import Message, define

# C0 controls and DEL; tab, line feed and carriage return are allowed only in free text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f]")
# Unicode's own "other" categories that are never printable: format (Cf: zero-width
# joiners are allowed, see below), surrogates (Cs), unassigned (Cn), private use (Co).
_NON_PRINTABLE_CATEGORIES = {"Cs", "Cn", "Co"}

NOT_PRINTABLE = define(
    "text.not_printable",
    gettext_lazy("character %(character)s at position %(position)d is not printable text"),
)


class InvalidText(ValueError):
    """The value holds a character that cannot be stored; `position` is 1-based, the message
    (args[0]) a Message, rendered when it is read."""

    def __init__(self, message: Message, *, position: int, character: str) -> None:
        super().__init__(message)
        self.position = position
        self.character = character


def control_character(value: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """(1-based position, character) of the first character that is not printable text."""
    pattern = _CONTROL if multiline else _CONTROL_SINGLE_LINE
    match = pattern.search(value)
    if match:
        return match.start() + 1, match.group()
    for index, character in enumerate(value):
        if unicodedata.category(character) in _NON_PRINTABLE_CATEGORIES:
            return index + 1, character
    return None


def describe_character(character: str) -> str:
    """U+0000 (NULL): how an error names a character that cannot be shown."""
    name = unicodedata.name(character, "")
    code = f"U+{ord(character):04X}"
    return f"{code} ({name})" if name else code


def check_printable(value: str, *, multiline: bool = False) -> str:
    """The value unchanged, or InvalidText naming the first character that is not text."""
    found = control_character(value, multiline=multiline)
    if found:
        position, character = found
        raise InvalidText(
            NOT_PRINTABLE(character=describe_character(character), position=position),
            position=position,
            character=character,
        )
    return value


def normalize_code(value: str) -> str:
    """An identifier, code, number or plate as the platform stores it: NFKC-folded (full-width
    forms to ordinary ones, the ideographic space to a space), trimmed, control characters
    refused."""
    return check_printable(unicodedata.normalize("NFKC", value).strip())
