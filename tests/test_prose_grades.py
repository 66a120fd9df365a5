"""Topic pages' own prose types no certainty level or verdict: the badge beside a claim says it.

The text between claims is written once and read for years; a claim's level and verdict are computed from
its evidence and change when the evidence does. A sentence such as "the evidence that it moves IGF-1 is very
uncertain", or "which is why it is marked contested", is right on the day it is written and wrong after the
next re-grading; this happened three times in one session. So the connecting prose of docs/topics/ names
no level ("low certainty", "very uncertain", "weak evidence") and does not say what a claim is "marked" or
"rated". The "How to read this page" box is exempt: it explains the badges, and names every level on
purpose. Macro calls are skipped: what they insert is computed.

The check reads the Markdown, so a finding names the file and the line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

LEVELS = r"(?:high|moderate|low|very low)"
VERDICTS = r"(?:established|supported|contested|speculative|refuted|unproven)"
GRADE_WORDS = re.compile(
    rf"\b{LEVELS}[- ]certainty\b"
    r"|\bvery uncertain\b"
    r"|\b(?:weak|strong|solid|firm|good|poor)[- ]evidence\b"
    r"|\b(?:best|well)[- ](?:supported|established|proven)\b"
    rf"|\b(?:marked|rated|graded|judged|shown as|classed as) (?:as )?(?:{VERDICTS}|{LEVELS})\b"
    # "is established" and "is supported by" are plain English; the other verdicts are ours
    r"|\b(?:is|are|was|were|remains?|stays?) (?:still )?(?:contested|refuted|speculative|unproven)\b",
    re.I,
)
MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
HOW_TO_READ = re.compile(r'^(\?\?\?|!!!)\+? \w+ "How to read this page"')


def prose_lines(markdown: str) -> list[tuple[int, str]]:
    """(line number, text) of each line of connecting prose: not front matter, not the how-to-read box,
    with macro calls blanked (a call spanning lines keeps the line count)."""
    text = MACRO.sub(lambda m: "\n" * m.group(0).count("\n"), markdown)
    lines = text.split("\n")
    out: list[tuple[int, str]] = []
    in_front = lines[:1] == ["---"]
    in_box = False
    for number, line in enumerate(lines, start=1):
        if in_front:
            in_front = number == 1 or line != "---"
            continue
        if HOW_TO_READ.match(line):
            in_box = True
            continue
        if in_box and (not line.strip() or line.startswith((" ", "\t"))):
            continue
        in_box = False
        out.append((number, line))
    return out


def findings(path: Path, markdown: str) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}: '{match.group(0)}' (let the claim's badge say it)"
        for number, line in prose_lines(markdown)
        for match in GRADE_WORDS.finditer(line)
    ]


def test_topic_prose_types_no_level_or_verdict() -> None:
    pages = sorted((ROOT / "docs" / "topics").glob("*.md"))
    assert len(pages) >= 4
    found = [f for page in pages for f in findings(page, page.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Protein is named most often, but it is very uncertain. {{ claim('p') }}", ["very uncertain"]),
        ("{{ claim('s') }} The evidence explains why it is marked contested.", ["marked contested"]),
        ("so the certainty for them is low or very low, with low-certainty trials", ["low-certainty"]),
        ("Tesamorelin is the best-supported of them.", ["best-supported"]),
        ("Weak evidence, but well established.", ["Weak evidence", "well established"]),
        (
            "Protection from diabetes is contested, and the claim remains refuted.",
            ["is contested", "remains refuted"],
        ),
        ("The result is established and is supported by two trials.", []),
        ("The best evidence comes from cohorts; a table's 'Best evidence found' column.", []),
        ("---\ndescription: with the certainty of the evidence\n---\nPlain text.", []),
        ('??? note "How to read this page"\n    From high certainty to very low.\n\nAfter.', []),
        ('??? note "How to read this page"\n    Badges.\n\nNow at low certainty.', ["low certainty"]),
        ('{{ claim("x", note="rated very low") }} and the certainty of the evidence', []),
    ],
)
def test_the_check_finds_typed_grades_and_skips_what_is_computed(markdown: str, expected: list[str]) -> None:
    found = findings(ROOT / "docs" / "topics" / "x.md", markdown)
    assert [f.split("'")[1] for f in found] == expected


def test_a_finding_names_the_line() -> None:
    (finding,) = findings(
        ROOT / "docs" / "topics" / "x.md", "---\ntitle: t\n---\n\n{{ a(\n) }}\nvery uncertain"
    )
    assert finding.startswith("docs/topics/x.md:7:")
