"""One meaning per file: a data file is parsed by yaml-rs when it is valid and by PyYAML's line-tracking
loader when it has a problem (and the explainers' configuration always). PyYAML alone reads YAML 1.1
(`no` is false, `017` is 15, `1:20` is 80) and yaml-rs YAML 1.2, so the two readers must agree on every
plain scalar, or the value an editor sees in a problem message is not the value a valid file publishes."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml
import yaml_rs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from macros.loading import parse_fast, parse_with_lines


def plain(value: object) -> object:
    """The parsed value without the line records, NaN made comparable."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return "NaN (float)"
    return value


def both(text: str) -> tuple[object, object]:
    slow, problems = parse_with_lines(text, "test.yaml")
    assert problems == []
    return plain(parse_fast(text)), plain(slow)


# Each of these means one thing to PyYAML's YAML 1.1 resolvers and another to yaml-rs (checked: each
# case fails on the loader before commit 61f8f50).
DIVERGENT = ["yes", "no", "on", "off", "017", "0o17", "1:20", "12:30:45", "1e3", "_1", "2026-02-30"]
# ... and these mean the same to both, and must stay so.
SAME_ANYWAY = ["Y", "1__0", "0b101", "true", "False", "NULL", "~", "", ".inf", "-.Inf", ".NaN", "NaN", "0x1F"]
SAME_ANYWAY += [
    "+12",
    "-0",
    "2026-12-03",
    "2026-12-03 10:00:00",
    "...",
    "---",
    "-- x",
    "0.5 mg",
    "a word",
    "Title",
]


@pytest.mark.parametrize("scalar", DIVERGENT + SAME_ANYWAY)
def test_both_readers_give_a_plain_scalar_one_meaning(scalar: str) -> None:
    fast, slow = both(f"- a: {scalar}\n  b: [1, {scalar or '~'}]\n")
    assert fast == slow


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789.-+_:eExXoObBtrueTRUEfalsFALSnNlLiIyY~ ", min_size=1, max_size=12))
def test_both_readers_agree_on_any_number_like_scalar(scalar: str) -> None:
    text = f"- a: {scalar}\n"
    fast = parse_fast(text)
    assume(fast is not None)  # not a valid plain scalar: both readers report a problem
    slow, problems = parse_with_lines(text, "test.yaml")
    assume(not problems)
    assert plain(fast) == plain(slow)


def test_merge_keys_keep_their_meaning_in_the_careful_reader() -> None:
    """yaml-rs keeps '<<' as a key (the record then fails validation and the careful reader reads it)."""
    slow, _ = parse_with_lines("- &base {a: 1}\n- <<: *base\n  b: no\n", "test.yaml")
    assert plain(slow) == [{"a": 1}, {"a": 1, "b": "no"}]


@pytest.mark.parametrize(
    "path", sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*.yaml")), ids=str
)
def test_the_real_data_files_read_the_same_either_way(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    slow, problems = parse_with_lines(text, path, dict if Path(path).name == "explainers.yaml" else list)
    assert problems == []
    assert plain(yaml_rs.loads(text)) == plain(slow)


def _plain_numbers(node: yaml.Node):
    """Every plain (unquoted) scalar of a composed YAML document, with its node."""
    if isinstance(node, yaml.ScalarNode):
        if not node.style:  # None, or "" from libyaml: plain
            yield node
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _plain_numbers(child)
    elif isinstance(node, yaml.MappingNode):
        for _, child in node.value:
            yield from _plain_numbers(child)


def test_no_number_in_the_data_loses_a_digit_the_paper_prints() -> None:
    """A paper's "0.43 to 0.80" written unquoted is the float 0.8 and was shown as "0.43 to 0.8": a
    trailing zero after the first decimal survives only as text ("0.80"), which the models keep digit
    for digit (models.Reported)."""
    lost = []
    for path in sorted((ROOT / "data").glob("*/*.yaml")) + sorted((ROOT / "data").glob("*.yaml")):
        doc = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        lost += [
            f'{path.relative_to(ROOT)}:{node.start_mark.line + 1}: write "{node.value}" in quotes'
            for node in (_plain_numbers(doc) if doc is not None else ())
            if re.fullmatch(r"-?\d+\.\d+0", node.value)
        ]
    assert not lost, lost
