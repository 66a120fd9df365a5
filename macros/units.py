"""IGF-1 concentrations in both units (issue 12): `{{ igf1(150, "ng/mL") }}` -> "150 ng/mL (19.6 nmol/L)".

Laboratories report IGF-1 in ng/mL (= µg/L) or nmol/L; 1 ng/mL = 0.1307 nmol/L (molar mass of IGF-1
about 7,650 g/mol), so 1 nmol/L = 7.65 ng/mL. Rounding rule: the value the page gives is printed as
written; the converted value is rounded half up to as many significant figures as the value given has, at
least two and at most three (150 ng/mL -> 19.6 nmol/L, 6.1 ng/mL -> 0.80 nmol/L, 30 nmol/L -> 230 ng/mL):
a conversion adds no precision the paper did not report, and three is as precise as IGF-1 immunoassays are.
A range is written with `to`: `{{ igf1(100, "ng/mL", to=300) }}` -> "100–300 ng/mL (13.1–39.2 nmol/L)".
µg/L is the same quantity as ng/mL: a value in µg/L is kept as the paper wrote it and converted to nmol/L. A value may be
negative (a difference, such as a change in IGF-1). An unknown unit or a value that is not a number
stops the build with a message naming the page.

Store text (data/*.yaml) cannot call macros: it writes the token `[igf1 150 ng/mL]` or
`[igf1 100 to 300 ng/mL]`, which `expand` replaces, when the store is validated, with what `igf1`
gives. Effects entered as numbers (models.Effect) are converted by `other_unit`.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from .pages import MacroArgumentError

NMOL_PER_NG = Decimal("0.1307")  # nmol/L in 1 ng/mL
UNITS = {
    "ng/mL": ("nmol/L", NMOL_PER_NG),
    "µg/L": ("nmol/L", NMOL_PER_NG),  # 1 µg/L = 1 ng/mL
    "nmol/L": ("ng/mL", 1 / NMOL_PER_NG),
}
SIGNIFICANT = (2, 3)  # the fewest and the most significant figures a converted value is given


LIMIT = 100_000  # far above any IGF-1 concentration in either unit: a larger number is a typing slip


def _number(value: object, what: str) -> Decimal:
    """The value as a Decimal (a Decimal is the token's number, kept with the digits written)."""
    number = None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number is None or not number.is_finite() or abs(number) > LIMIT:
        raise MacroArgumentError(
            f"igf1(): {what} must be a number from -{LIMIT:,} to {LIMIT:,}, without quotes; got {value!r}"
        )
    return number


def figures(given: Decimal) -> int:
    """The significant figures a conversion of `given` keeps: as many as `given` has (6.1: two; 150:
    three, trailing zeros counted), within `SIGNIFICANT`."""
    fewest, most = SIGNIFICANT
    return min(most, max(fewest, len(given.as_tuple().digits)))


def round_significant(value: Decimal, given: Decimal) -> str:
    """`value` (converted from `given`) rounded half up to `figures(given)`, written without an exponent."""
    if value == 0:
        return "0"
    exponent = value.adjusted() - figures(given) + 1  # the power of ten of the last digit kept
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
        low_text, to_text = (format(v, "f") for v in values)
        raise MacroArgumentError(f"igf1(): `to` ({to_text}) must be greater than the value ({low_text})")
    given = "–".join(format(v, "f") for v in values)
    converted = "–".join(round_significant(v * factor, v) for v in values)
    return f"{given} {unit} ({converted} {other})"


def other_unit(value: Decimal, unit: str) -> tuple[str, str] | None:
    """`value` (a number in `unit`) in the other unit, rounded as `igf1` rounds: (number, unit), or None
    when `unit` is not an IGF-1 concentration unit."""
    if unit not in UNITS:
        return None
    other, factor = UNITS[unit]
    return round_significant(value * factor, value), other


# --- the token of store text -------------------------------------------------------------------

# A token, or (the second branch) anything else that starts like one, which `expand` refuses.
TOKEN = re.compile(r"\[igf1(?: (?P<value>[^\s\]]+)(?: to (?P<to>[^\s\]]+))? (?P<unit>[^\s\]]+)\]|\s)")


def _token_number(text: str, token: str) -> Decimal:
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", text):
        raise ValueError(f"{token}: '{text}' is not a number; write digits, such as 150 or 19.6")
    return Decimal(text)


def _converted(match: re.Match[str]) -> str:
    token = match.group()
    if match["unit"] is None:
        shown = match.string[match.start() : match.start() + 40]
        raise ValueError(
            f"'{shown}' is not an IGF-1 token; write [igf1 150 ng/mL] or [igf1 100 to 300 ng/mL]"
        )
    value = _token_number(match["value"], token)
    to = None if match["to"] is None else _token_number(match["to"], token)
    try:
        return igf1(value, match["unit"], to=to)
    except MacroArgumentError as exc:
        raise ValueError(f"{token}: {str(exc).removeprefix('igf1(): ')}") from None


def expand(text: str) -> str:
    """Store text with each `[igf1 VALUE UNIT]` or `[igf1 LOW to HIGH UNIT]` token replaced by what
    `igf1` gives for it. A malformed token raises ValueError (pydantic reports it at its field)."""
    return TOKEN.sub(_converted, text) if "[igf1" in text else text
