"""IGF-1 concentrations in both units (issue 12): `{{ igf1(150, "ng/mL") }}` -> "150 ng/mL (19.6 nmol/L)".

Laboratories report IGF-1 in ng/mL (= µg/L) or nmol/L; 1 ng/mL = 0.1307 nmol/L (molar mass of IGF-1
about 7,650 g/mol), so 1 nmol/L = 7.65 ng/mL. Rounding rule: the value the page gives is printed as
written; the converted value is rounded half up to three significant figures (150 ng/mL -> 19.6 nmol/L,
30 nmol/L -> 230 ng/mL), which is as precise as IGF-1 immunoassays are. A range is written with `to`:
`{{ igf1(100, "ng/mL", to=300) }}` -> "100–300 ng/mL (13.1–39.2 nmol/L)". An unknown unit or a value
that is not a number stops the build with a message naming the page.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from .pages import MacroArgumentError

NMOL_PER_NG = Decimal("0.1307")  # nmol/L in 1 ng/mL
UNITS = {"ng/mL": ("nmol/L", NMOL_PER_NG), "nmol/L": ("ng/mL", 1 / NMOL_PER_NG)}
SIGNIFICANT = 3


LIMIT = 100_000  # far above any IGF-1 concentration in either unit: a larger number is a typing slip


def _number(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        value_ok = False
    else:
        value_ok = (math.isfinite(value) if isinstance(value, float) else True) and 0 <= value <= LIMIT
    if not value_ok:
        raise MacroArgumentError(
            f"igf1(): {what} must be a number from 0 to {LIMIT:,}, without quotes; got {value!r}"
        )
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def round_significant(value: Decimal, digits: int = SIGNIFICANT) -> str:
    """`value` rounded half up to `digits` significant figures, written without an exponent."""
    if value == 0:
        return "0"
    exponent = value.adjusted() - digits + 1  # the power of ten of the last digit kept
    rounded = value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
    return format(rounded, "f") if exponent < 0 else str(int(rounded))


def igf1(value: object, unit: object, to: object = None) -> str:
    """An IGF-1 concentration (or range, with `to`) in the unit given, then in the other unit."""
    if unit not in UNITS:
        known = " or ".join(f'"{u}"' for u in UNITS)
        raise MacroArgumentError(f"igf1(): unknown unit {unit!r}; write {known}")
    other, factor = UNITS[unit]
    low = _number(value, "the value")
    values = [low] if to is None else [low, _number(to, "`to`")]
    if len(values) == 2 and values[1] <= values[0]:
        raise MacroArgumentError(f"igf1(): `to` ({to!r}) must be greater than the value ({value!r})")
    given = "–".join(format(v, "f") for v in values)
    converted = "–".join(round_significant(v * factor) for v in values)
    return f"{given} {unit} ({converted} {other})"
