"""Validators for Chinese registry identifiers."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wastewatch.messages import Message, define
from wastewatch.text import normalize_code

# GB 32100-2015: 31 characters (no I, O, S, V, Z); position weights 3^(i) mod 31.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_AUTHORITIES = "123456789ANY"


def credit_code_check_character(first17: str) -> str:
    """The 18th character that GB 32100-2015 computes from the first 17."""
    total = sum(
        CREDIT_CODE_CHARSET.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def credit_code_normalize(value: str) -> str:
    """ " ９１１５…ｘ " → "9115…X": full-width forms folded (NFKC), trimmed, upper case, so the
    same code typed two ways is one code; InvalidText for a control character."""
    return normalize_code(value).upper()


CREDIT_CODE_LENGTH = define(
    "parks.credit_code_length",
    gettext_lazy("A unified social credit code has 18 characters; this one has %(n)d."),
)
CREDIT_CODE_CHARSET_WRONG = define(
    "parks.credit_code_charset",
    gettext_lazy("Characters not allowed in a unified social credit code: %(chars)s."),
)
CREDIT_CODE_AUTHORITY = define(
    "parks.credit_code_authority",
    gettext_lazy("The first character (registration authority) cannot be %(char)s."),
)
CREDIT_CODE_DIVISION = define(
    "parks.credit_code_division",
    gettext_lazy("Characters 3 to 8 must be the 6-digit administrative division code."),
)
CREDIT_CODE_CHECK = define(
    "parks.credit_code_check",
    gettext_lazy("Check character is wrong: %(code)s should end in %(expected)s, not %(got)s."),
)


def credit_code_problem(value: str) -> tuple[str, Message] | None:
    """(error code, message) of what is wrong with a unified social credit code's form or
    check character, or None; the message is kept as a code, for reports read later."""
    if len(value) != 18:
        return "credit_code_length", CREDIT_CODE_LENGTH(n=len(value))
    bad = sorted({char for char in value if char not in CREDIT_CODE_CHARSET})
    if bad:
        return "credit_code_charset", CREDIT_CODE_CHARSET_WRONG(chars=" ".join(bad))
    if value[0] not in CREDIT_CODE_AUTHORITIES:
        return "credit_code_authority", CREDIT_CODE_AUTHORITY(char=value[0])
    if not value[2:8].isdigit():
        return "credit_code_division", CREDIT_CODE_DIVISION()
    expected = credit_code_check_character(value[:17])
    if value[17] != expected:
        return "credit_code_check", CREDIT_CODE_CHECK(code=value, expected=expected, got=value[17])
    return None


def validate_credit_code(value: str) -> None:
    """Reject a unified social credit code whose form or check character is wrong."""
    problem = credit_code_problem(value)
    if problem is not None:
        code, message = problem
        raise ValidationError(message, code=code)


INDUSTRY_CODE_RE = re.compile(r"^\d{2,4}$")


def industry_code_normalize(value: str) -> str:
    """ "C3120" → "3120": the section letter is implied by the digits, so it is not stored."""
    value = unicodedata.normalize("NFKC", value).strip().upper()
    return value[1:] if value[:1].isalpha() else value


def validate_industry_code(value: str) -> None:
    """GB/T 4754-2017: a 2- to 4-digit division, group or class code."""
    if not INDUSTRY_CODE_RE.match(industry_code_normalize(value)):
        raise ValidationError(
            _("%(value)s is not a GB/T 4754 industry code (e.g. 3120 or C3120).")
            % {"value": value},
            code="industry_code",
        )
