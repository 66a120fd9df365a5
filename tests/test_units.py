"""igf1(): an IGF-1 concentration in both units, 1 ng/mL = 0.1307 nmol/L, converted value to as many
significant figures as the value given has, two to three (rounded half up); the `[igf1 ...]` token of store text, expanded by the same
function; effects entered in an IGF-1 unit shown in both; and every IGF-1 concentration on the site
(pages and claims) written through one of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from conftest import ROOT, BuildResult
from macros.models import Assertion, Effect, Evidence, SeedReference
from macros.pages import MacroArgumentError
from macros.units import expand, igf1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((150, "ng/mL"), "150 ng/mL (19.6 nmol/L)"),
        ((19.6, "nmol/L"), "19.6 nmol/L (150 ng/mL)"),
        ((30, "nmol/L"), "30 nmol/L (230 ng/mL)"),  # 229.5 -> 2 significant figures, as 30 has
        ((1000, "ng/mL"), "1000 ng/mL (131 nmol/L)"),
        ((0.5, "ng/mL"), "0.5 ng/mL (0.065 nmol/L)"),  # never fewer than two figures
        ((5, "nmol/L"), "5 nmol/L (38 ng/mL)"),
        ((6.1, "ng/mL"), "6.1 ng/mL (0.80 nmol/L)"),  # no precision added: not 0.797
        ((50, "ng/mL"), "50 ng/mL (6.5 nmol/L)"),
        ((50.0, "ng/mL"), "50.0 ng/mL (6.54 nmol/L)"),  # 6.535: half up, not to even; the zero counts
        ((0, "ng/mL"), "0 ng/mL (0 nmol/L)"),
        ((92, "µg/L"), "92 µg/L (12 nmol/L)"),  # µg/L = ng/mL, kept as the paper wrote it
        ((0.91, "µg/L"), "0.91 µg/L (0.12 nmol/L)"),
        ((1000, "nmol/L"), "1000 nmol/L (7650 ng/mL)"),  # never more than three figures
        ((-24.9, "ng/mL"), "-24.9 ng/mL (-3.25 nmol/L)"),  # a difference; rounded half away from zero
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
        ((-(10**6), "ng/mL"), "must be a number from -100,000 to 100,000"),
        ((10**400, "ng/mL"), "must be a number from -100,000 to 100,000"),  # was an OverflowError
        ((1e300, "nmol/L"), "must be a number from -100,000 to 100,000"),
        ((300, "ng/mL", 100), r"`to` \(100\) must be greater than the value \(300\)"),
        ((150, "ug/L"), "unknown unit 'ug/L'"),
    ],
)
def test_refuses_what_it_cannot_convert(args: tuple, message: str) -> None:
    with pytest.raises(MacroArgumentError, match=message):
        igf1(*args)


# --- the token of store text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[igf1 150 ng/mL]", igf1(150, "ng/mL")),
        ("about [igf1 100 to 300 ng/mL].", f"about {igf1(100, 'ng/mL', to=300)}."),
        ("per [igf1 5 nmol/L] higher", "per 5 nmol/L (38 ng/mL) higher"),
        ("[igf1 92 µg/L] vs [igf1 0.91 µg/L]", "92 µg/L (12 nmol/L) vs 0.91 µg/L (0.12 nmol/L)"),
        ("IGF-1 [igf1 -24.9 ng/mL] (95% CI", "IGF-1 -24.9 ng/mL (-3.25 nmol/L) (95% CI"),
        ("[igf1 13.80 ng/mL]", "13.80 ng/mL (1.80 nmol/L)"),  # the number as written, not as a float
        ("[igf1 0.80 nmol/L]", "0.80 nmol/L (6.1 ng/mL)"),  # its figures as written: two, not one
        ("no token, [1] and related: [igf1-x]", "no token, [1] and related: [igf1-x]"),
    ],
)
def test_the_token_expands_to_what_the_macro_gives(text: str, expected: str) -> None:
    assert expand(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[igf1 150 mg/dL]", "unknown unit 'mg/dL'"),
        ("[igf1 150 ng/ml]", "unknown unit 'ng/ml'"),
        ("[igf1 abc ng/mL]", "'abc' is not a number"),
        ("[igf1 1e5 ng/mL]", "'1e5' is not a number"),
        ("[igf1 300 to 100 ng/mL]", r"`to` \(100\) must be greater than the value \(300\)"),
        ("[igf1 150 to 150 ng/mL]", "must be greater"),
        ("[igf1 150ng/mL]", "is not an IGF-1 token"),
        ("[igf1 150 ng/mL", "is not an IGF-1 token"),
        ("ok [igf1 5 nmol/L], then [igf1 5]", "is not an IGF-1 token"),
    ],
)
def test_a_malformed_token_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        expand(text)


def test_models_expand_text_but_never_a_quote() -> None:
    ev = Evidence.model_validate(
        {
            "source": "s",
            "design": "cohort",
            "species": "human",
            "direction": "supports",
            "finding": "IGF-1 below [igf1 30 ng/mL].",
            "effect": {"measure": "HR", "value": 1.1, "comparison": "per [igf1 5 nmol/L]", "outcome": "x"},
        }
    )
    assert ev.finding == "IGF-1 below 30 ng/mL (3.9 nmol/L)."
    assert ev.effect is not None and ev.effect.comparison == "per 5 nmol/L (38 ng/mL)"
    quote = "a quote that [igf1 5 nmol/L] holds"
    assert Assertion(source="s", quote=quote).quote == quote
    cited = SeedReference.model_validate(
        {"seed": "s", "number": 1, "as_cited": quote, "verdict": "correct", "finding": "[igf1 1 ng/mL]"}
    )
    assert cited.as_cited == quote and cited.finding == "1 ng/mL (0.13 nmol/L)"
    with pytest.raises(ValidationError, match="unknown unit 'mg/dL'") as caught:
        Evidence.model_validate({**ev.model_dump(), "finding": "[igf1 5 mg/dL]"})
    assert caught.value.errors()[0]["loc"] == ("finding",)


# --- effects -----------------------------------------------------------------------------------


def _effect(unit: str | None, outcome: str = "serum IGF-1", **kw: object) -> Effect:
    fields = {"measure": "MD", "value": 13.8, "ci": [6.1, 21.5], "comparison": "c", "outcome": outcome}
    return Effect.model_validate({**fields, "unit": unit, **kw})


def test_an_igf1_effect_in_the_other_unit() -> None:
    assert _effect("ng/mL").in_other_unit == {"value": "1.80", "ci": ["0.80", "2.81"], "unit": "nmol/L"}
    assert _effect("µg/L", ci=None).in_other_unit == {"value": "1.80", "ci": None, "unit": "nmol/L"}
    both = _effect("nmol/L", value=-2, ci=[-3, -1]).in_other_unit
    assert both == {"value": "-15", "ci": ["-23", "-7.7"], "unit": "ng/mL"}
    assert _effect("ng/mL", outcome="plasma IGF-I").in_other_unit is not None
    assert _effect("kg").in_other_unit is None  # not a concentration
    assert _effect(None).in_other_unit is None
    assert _effect("ng/mL", outcome="peak GH").in_other_unit is None  # not IGF-1


def _zeros_lost(path: Path) -> list[str]:
    """Effect numbers written without quotes whose trailing zeros YAML drops (1.10 reads as the float 1.1)."""
    return [
        f"{path.name}:{node.start_mark.line + 1}: {node.value}"
        for node, key, above in _scalars(path)
        if "effect" in above
        and key in ("value", "ci")
        and node.tag.endswith(":float")
        and repr(float(node.value)) != node.value
    ]


def test_every_effect_number_keeps_the_digits_it_was_written_with() -> None:
    lost = [f for p in sorted((ROOT / "data/claims").glob("*.yaml")) for f in _zeros_lost(p)]
    assert not lost, 'write these in quotes, as the paper prints them ("1.10"):\n' + "\n".join(lost)


def test_the_scan_finds_a_number_that_loses_its_zeros(tmp_path: Path) -> None:
    data = tmp_path / "c.yaml"
    data.write_text(
        '- id: c\n  value: 1.10\n  evidence:\n  - effect: {value: 1.10, ci: ["1.00", 1.20]}\n'
        "  - effect:\n      value: 4.0\n      ci: [2.5, 6.30]\n",
        encoding="utf-8",
    )
    assert _zeros_lost(data) == ["c.yaml:4: 1.10", "c.yaml:4: 1.20", "c.yaml:7: 6.30"]


def test_an_effect_keeps_its_numbers_as_written() -> None:
    quoted = _effect("ng/mL", value="1.10", ci=["1.00", 1.15])
    assert quoted.reported == ("1.10", "1.00", "1.15")
    assert _effect("ng/mL", value=1, ci=[-1.35, 2.0]).reported == ("1", "-1.35", "2.0")
    assert quoted.model_dump(mode="json")["ci"] == [1.0, 1.15]  # numbers in the JSON download
    for text in ("1,10", "1e1", ".5", "+1.10"):  # as the JSON Schema's pattern says
        with pytest.raises(ValidationError, match="is not a number as papers print one"):
            _effect("ng/mL", value=text)


# --- every IGF-1 concentration on the site in both units ---------------------------------------

# A number and a concentration unit (in any case: 'ng/ml' is the same unit written loosely).
CONCENTRATION = re.compile(r"\d+(?:\.\d+)?\s?(?:ng/mL|nmol/L|µg/L)", re.IGNORECASE)
CONVERTED = re.compile(r"\{\{\s*igf1\(.*?\)\s*\}\}|\[igf1 [^\]]*\]")
# Values in these units that are not IGF-1 concentrations, or are written in both units already:
# (file, the exact words around them, why). Each must still be found (a stale entry fails).
NOT_CONVERTED = [
    ("data/claims/cellular-risk.yaml", "120–160 ng/mL is about 16–21 nmol/L", "the conversion, written out"),
    ("data/claims/cellular-risk.yaml", "random GH below 2.5 µg/L", "GH"),
    ("data/claims/gh-igf1-axis.yaml", "mean peak 10.5 vs 19.9 µg/L", "GH"),
    ("data/claims/gh-igf1-axis.yaml", "a 'deficient' response (<9 ng/mL)", "peak GH"),
    ("data/claims/gh-igf1-axis.yaml", "raised mean GH (0.7 to 1.4 µg/L)", "GH"),
    ("data/claims/gh-igf1-axis.yaml", "(28.2 vs 64.4 and 13.5 vs 39.4 µg/L)", "GH responses"),
    (
        "data/claims/cellular-risk.yaml",
        "24-h mean GH (0.7 to 1.4 µg/L), mean GH pulse amplitude (3.1 to 5.2 µg/L)",
        "GH",
    ),
    ("data/claims/gh-igf1-axis.yaml", "3 µg/L for normal-weight people", "GH cut-off"),
    ("data/claims/gh-igf1-axis.yaml", "1 µg/L for obese people", "GH cut-off"),
    ("data/claims/gh-igf1-axis.yaml", "3 µg/L for BMI under 25", "GH cut-off"),
    ("data/claims/gh-igf1-axis.yaml", "1 µg/L for BMI over 30", "GH cut-off"),
    ("data/claims/gh-igf1-axis.yaml", "GH cut-point to 1 µg/L", "GH cut-off"),
    ("data/claims/cellular-risk.yaml", "total testosterone 12.0 nmol/L", "testosterone"),
    ("data/claims/cellular-risk.yaml", "testosterone of 14 nmol/L", "testosterone"),
    ("data/claims/cellular-risk.yaml", "half-maximal GH stimulation was 214 nmol/L", "ipamorelin"),
    (
        "data/claims/cellular-risk.yaml",
        "mean peak GH was 3.9 ng/mL after placebo and 26.9, 52.3 and 55.0 ng/mL",
        "GH",
    ),
    ("data/claims/serum-vs-tissue.yaml", "272 µg/L of IGF-II", "IGF-II"),
    (
        "data/claims/serum-vs-tissue.yaml",
        "IGF-II was 630 ng/mL in the first trimester and 780 ng/mL",
        "IGF-II",
    ),
    ("data/claims/serum-vs-tissue.yaml", "IGF-II of 333-967 ng/mL", "IGF-II"),
]


def _scalars(path: Path) -> list[tuple[yaml.ScalarNode, str, frozenset[str]]]:
    """Every scalar of a YAML file, with its key and the keys above it."""
    found: list[tuple[yaml.ScalarNode, str, frozenset[str]]] = []

    def walk(node: yaml.Node, key: str, above: frozenset[str]) -> None:
        if isinstance(node, yaml.ScalarNode):
            found.append((node, key, above))
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, key, above)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                walk(v, k.value, above | {k.value})

    walk(yaml.compose(path.read_text(encoding="utf-8")), "", frozenset())
    return found


def _claim_texts(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each text value of a claims or sources file, but quotes (verbatim) and history notes (a
    record of what was done, written at the time)."""
    return [
        (node.start_mark.line + 1, node.value)
        for node, key, above in _scalars(path)
        if key != "quote" and "history" not in above
    ]


def _texts() -> list[tuple[str, int, str]]:
    texts = [
        (str(p.relative_to(ROOT)), n, t)
        for p in [
            *sorted((ROOT / "data/claims").glob("*.yaml")),
            *sorted((ROOT / "data/sources").glob("*.yaml")),
        ]
        for n, t in _claim_texts(p)
    ]
    for page in sorted((ROOT / "docs").rglob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        texts += [(str(page.relative_to(ROOT)), n, line) for n, line in enumerate(lines, 1)]
    return texts


def test_every_igf1_concentration_is_in_both_units() -> None:
    unconverted, used = [], set()
    for file, line, text in _texts():
        plain = CONVERTED.sub("", text)
        for m in CONCENTRATION.finditer(plain):
            excused = [
                (f, words)
                for f, words, _ in NOT_CONVERTED
                if f == file
                and any(
                    s.start() <= m.start() and m.end() <= s.end()
                    for s in re.finditer(re.escape(words), plain)
                )
            ]
            used.update(excused)
            if not excused:
                unconverted.append(f"{file}:{line}: {m.group()!r}")
    assert not unconverted, (
        'IGF-1 concentrations in one unit only: write {{ igf1(150, "ng/mL") }} on a page, [igf1 150 ng/mL] '
        "in data (or, if not IGF-1, list it in NOT_CONVERTED with the reason):\n" + "\n".join(unconverted)
    )
    stale = [(f, w) for f, w, _ in NOT_CONVERTED if (f, w) not in used]
    assert not stale, f"NOT_CONVERTED entries no longer found: {stale}"


def test_the_scan_finds_an_unconverted_value() -> None:
    assert [m.group() for m in CONCENTRATION.finditer(CONVERTED.sub("", "a [igf1 5 nmol/L], 30 ng/ml"))] == [
        "30 ng/ml"
    ]
    assert _claim_texts(ROOT / "data/claims/hair-loss.yaml")  # the walk reaches the texts


@pytest.mark.slow
def test_the_built_site_shows_both_units_and_no_token(real_site: BuildResult) -> None:
    tokens = [
        str(p.relative_to(real_site.site))
        for p in real_site.site.rglob("*")
        if p.suffix in {".html", ".json", ".xml", ".csv", ".txt", ".svg", ".ris", ".bib"}
        and "[igf1" in p.read_text(encoding="utf-8", errors="replace")
    ]
    assert not tokens, f"a raw [igf1 token reached these files: {tokens}"
    assert "per 5 nmol/L (38 ng/mL) higher IGF-1" in real_site.page("topics/cellular-risk/")
    milk = real_site.page("claims/milk-raises-serum-igf1-modestly/")
    assert "13.8 ng/mL (1.80 nmol/L) with milk, 95% CI 6.1-21.5" in milk  # the finding's token
    assert "6.1 to 21.5; 1.80 nmol/L, 95% CI 0.80 to 2.81)" in milk  # the effect, in both units
