"""Rounding as the pages round: figures are computed in full precision and rounded once, where
they are shown; the API and the reports round the same way so that they show the same digits."""

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: float | None, decimals: int) -> float | None:
    """`value` to `decimals` places, half up on its shortest decimal form, as Django's
    floatformat rounds it (Python's round() works on the binary value: 0.125 → 0.12)."""
    if value is None or value != value:
        return None
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return float(rounded) + 0.0  # no −0.0


def signed(value: float, decimals: int) -> tuple[str, float]:
    """A change's sign and its magnitude rounded to `decimals` places: "+", "−" (one minus
    sign) or "" when it rounds to zero, which reads 0 %, not −0 % or +0 %."""
    shown = round_half_up(value, decimals)
    return ("+" if shown > 0 else "−" if shown < 0 else ""), abs(shown)
