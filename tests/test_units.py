"""igf1(): an IGF-1 concentration in both units, 1 ng/mL = 0.1307 nmol/L, converted value to 3
significant figures (rounded half up)."""

from __future__ import annotations

import pytest

from macros.pages import MacroArgumentError
from macros.units import igf1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((150, "ng/mL"), "150 ng/mL (19.6 nmol/L)"),
        ((19.6, "nmol/L"), "19.6 nmol/L (150 ng/mL)"),
        ((30, "nmol/L"), "30 nmol/L (230 ng/mL)"),  # 229.5 -> 3 significant figures
        ((1000, "ng/mL"), "1000 ng/mL (131 nmol/L)"),
        ((0.5, "ng/mL"), "0.5 ng/mL (0.0654 nmol/L)"),
        ((50, "ng/mL"), "50 ng/mL (6.54 nmol/L)"),  # 6.535: half up, not to even
        ((0, "ng/mL"), "0 ng/mL (0 nmol/L)"),
    ],
)
def test_converts_and_rounds(args: tuple, expected: str) -> None:
    assert igf1(*args) == expected


def test_a_range() -> None:
    assert igf1(100, "ng/mL", to=300) == "100–300 ng/mL (13.1–39.2 nmol/L)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((150, "mg/dL"), "unknown unit 'mg/dL'"),
        ((150, "ng/ml"), "unknown unit 'ng/ml'"),
        (("150", "ng/mL"), "must be a number"),
        ((True, "ng/mL"), "must be a number"),
        ((float("nan"), "ng/mL"), "must be a number"),
        ((-5, "ng/mL"), "must be a number"),
        ((10**400, "ng/mL"), "must be a number from 0 to 100,000"),  # was an OverflowError
        ((1e300, "nmol/L"), "must be a number from 0 to 100,000"),
        ((300, "ng/mL", 100), "must be greater"),
    ],
)
def test_refuses_what_it_cannot_convert(args: tuple, message: str) -> None:
    with pytest.raises(MacroArgumentError, match=message):
        igf1(*args)
