"""Hostile or careless input that used to be published silently wrong (issue 15, the probe's other
findings): each now stops the build with a message naming the file and line, and no traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_build

pytestmark = pytest.mark.slow

PAGE = "docs/method.md"


def _front_matter(text: str) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        path = project / PAGE
        body = path.read_text(encoding="utf-8")
        if body.startswith("---\n"):
            body = body.split("---\n", 2)[2]
        path.write_text(f"---\n{text}\n---\n{body}", encoding="utf-8")

    return mutate


def _append(data: bytes) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        path = project / PAGE
        path.write_bytes(path.read_bytes() + data)

    return mutate


CASES = {
    # MkDocs ignores front matter it cannot parse and renders it as the page's first paragraph
    "front matter not YAML": (
        _front_matter("title: Method\ndescription: [unclosed"),
        r"docs/method\.md:3: the front matter .* is not valid YAML",
    ),
    "front matter a list": (
        _front_matter("- a\n- b"),
        r"docs/method\.md:2: the front matter .* must be 'key: value' lines; it is list",
    ),
    # a list or mapping was published as Python's repr, "['a', 'b']", in the meta description
    "description a list": (
        _front_matter("description: [a, b]"),
        r"docs/method\.md:2: front matter 'description' must be text, got \['a', 'b'\]",
    ),
    "title a mapping": (
        _front_matter("description: ok\ntitle: {a: 1}"),
        r"docs/method\.md:3: front matter 'title' must be text",
    ),
    # MkDocs stopped with a TemplateNotFound traceback
    "template unknown": (
        _front_matter("description: ok\ntemplate: nope.html"),
        r"docs/method\.md:3: front matter 'template' names 'nope\.html', which is not a template",
    ),
    "template outside": (
        _front_matter("description: ok\ntemplate: ../../../etc/passwd"),
        r"docs/method\.md:3: front matter 'template' names '\.\./\.\./\.\./etc/passwd'",
    ),
    # a NUL was copied into the HTML
    "NUL in a page": (
        _append(b"\n\nA NUL \x00 here.\n"),
        r"docs/method\.md:\d+:7: control character U\+0000",
    ),
    # the stash's token characters: replaced by a macro's HTML, or an IndexError traceback
    "stash token in a page": (
        _append("\n\nA token \ue00099\ue001 here.\n".encode()),
        r"docs/method\.md:\d+:9: character reserved for macro output U\+E000",
    ),
    # MkDocs stopped with a UnicodeDecodeError traceback
    "page not UTF-8": (
        _append(b"\n\nLatin-1 caf\xe9\n"),
        r"docs/method\.md:\d+: the file is not UTF-8 \(byte 0xe9\)",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_page_source_stops_the_build(name: str, project: Path, tmp_path: Path) -> None:
    mutate, message = CASES[name]
    mutate(project)
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0, f"{name}: the build passed"
    assert re.search(message, result.output), result.output[-3000:]
    assert "Traceback" not in result.output


def test_a_glossary_term_never_splits_a_character_reference() -> None:
    """A term such as "amp" was marked inside "&amp;", publishing "&<abbr ...>amp</abbr>;"."""
    from macros.abbr import apply
    from macros.models import GlossaryEntry

    glossary = [
        GlossaryEntry(term=t, expansion=f"{t} in full", definition="Defined.") for t in ("amp", "39", "GH")
    ]
    out = apply("<p>Tom &amp; Jerry: &#39;GH&#39;, then amp and 39.</p>", glossary)
    assert "&amp; Jerry: &#39;" in out and "&#39;, then" in out
    assert '<abbr title="GH in full">GH</abbr>' in out
    assert '<abbr title="amp in full">amp</abbr> and <abbr title="39 in full">39</abbr>.' in out


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [  # two controls, options, numbers, phases or markers alike made one control drive both, silently
        ("    - id: protein\n", "    - id: fasting\n", "two controls have the id 'fasting'"),
        (
            "{id: low, label: Low,",
            "{id: adequate, label: Low,",
            "two options of 'protein' have the id 'adequate'",
        ),
        ('{id: free, label: "free"', '{id: bound, label: "free"', "two numbers have the id 'bound'"),
        ("{id: catagen, label: Catagen,", "{id: anagen, label: Catagen,", "two phases have the id 'anagen'"),
    ],
)
def test_explainer_ids_are_unique(tmp_path: Path, old: str, new: str, expected: str) -> None:
    from conftest import ROOT, SEEDS
    from macros.explainers_config import CONFIG, load_config
    from macros.store import StoreError, load_store

    real = (ROOT / CONFIG).read_text(encoding="utf-8")
    assert old in real
    (tmp_path / "data").mkdir()
    (tmp_path / CONFIG).write_text(real.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(StoreError) as info:
        load_config(tmp_path, load_store(ROOT, SEEDS))
    message = info.value.render()
    assert expected in message and re.search(rf"{re.escape(CONFIG)}:\d+", message), message


def test_a_data_file_the_store_would_skip_stops_the_build(project: Path, tmp_path: Path) -> None:
    """data/claims/extra.yml (or .YAML, or a sub-folder) was skipped: its claims silently unpublished."""
    claims = project / "data" / "claims"
    (claims / "extra.yml").write_text("[]\n", encoding="utf-8")
    (claims / "Upper.YAML").write_text("[]\n", encoding="utf-8")
    (claims / "more").mkdir()
    (claims / "more" / "x.yaml").write_text("[]\n", encoding="utf-8")
    (claims / ".extra.yaml.swp").write_text("editor swap file", encoding="utf-8")  # left alone
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    for expected in (
        "data/claims/extra.yml: only files ending in .yaml are read; rename it to extra.yaml",
        "data/claims/Upper.YAML: only files ending in .yaml are read; rename it to Upper.yaml",
        "data/claims/more/: a folder; only the .yaml files directly in data/claims/ are read",
    ):
        assert expected in result.output, result.output[-2000:]
    assert ".swp" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("file", "field", "escape"),
    [("data/claims/hair-loss.yaml", "statement", "\\e[31m"), ("data/topics.yaml", "title", "\\a")],
)
def test_a_control_character_in_store_text_stops_the_build(
    project: Path, tmp_path: Path, file: str, field: str, escape: str
) -> None:
    """A YAML escape such as "\\e" put an invisible control character into the page (and the feed)."""
    path = project / file
    text = path.read_text(encoding="utf-8")
    start = text.index(f"{field}: ") + len(field) + 2
    end = text.index("\n", start)
    path.write_text(f'{text[:start]}"Text with {escape} inside."{text[end:]}', encoding="utf-8")
    line = text[:start].count("\n") + 1
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(rf"{re.escape(file)}:{line}\b.*control character U\+00(1B|07)", result.output), (
        result.output[-3000:]
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{date: 2099-01-01, what: [verdict], note: Ahead.}", "history date 2099-01-01 is in the future"),
        ("{date: 2026-01-01, what: [verdict, verdict], note: Twice.}", "a change is listed twice in 'what'"),
    ],
)
def test_a_wrong_history_entry_is_refused(entry: str, message: str) -> None:
    """A future-dated change headed the What changed page and its feed; a repeated one read "verdict
    changed, verdict changed"."""
    import yaml
    from pydantic import ValidationError

    from macros.models import HistoryEntry

    with pytest.raises(ValidationError, match=re.escape(message)):
        HistoryEntry.model_validate(yaml.safe_load(entry))
