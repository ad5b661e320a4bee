"""Validators for Chinese registry identifiers."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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


def validate_credit_code(value: str) -> None:
    """Reject a unified social credit code whose form or check character is wrong."""
    if len(value) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d.")
            % {"n": len(value)},
            code="credit_code_length",
        )
    bad = sorted({char for char in value if char not in CREDIT_CODE_CHARSET})
    if bad:
        raise ValidationError(
            _("Characters not allowed in a unified social credit code: %(chars)s.")
            % {"chars": " ".join(bad)},
            code="credit_code_charset",
        )
    if value[0] not in CREDIT_CODE_AUTHORITIES:
        raise ValidationError(
            _("The first character (registration authority) cannot be %(char)s.")
            % {"char": value[0]},
            code="credit_code_authority",
        )
    if not value[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 must be the 6-digit administrative division code."),
            code="credit_code_division",
        )
    expected = credit_code_check_character(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _("Check character is wrong: %(code)s should end in %(expected)s, not %(got)s.")
            % {"code": value, "expected": expected, "got": value[17]},
            code="credit_code_check",
        )


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
