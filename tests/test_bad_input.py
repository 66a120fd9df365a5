"""Every mistake an editor can make by hand stops the build with one readable message.

Each case mutates a fresh copy of the project (a data file or a page), builds it with
`mkdocs build --strict`, and checks that the build fails, that the message names the file (with line
and column where the mistake has them) and says what to fix, and that no Python traceback is printed.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, run_build

pytestmark = pytest.mark.slow

CLAIMS_FILE = "data/claims/hair-loss.yaml"
SOURCES_FILE = "data/sources/zz-robust.yaml"
PAGE = "docs/topics/hair-loss.md"
TOPICS_FILE = "data/topics.yaml"
COMPANION = "companions[0]"  # the hair-loss topic's popular-claims page
QUOTE = "Hair loss forums often tout a connection between hair loss and a protein called"

# One valid source and one valid claim that the cases below break. The claim is appended to the topic's
# claims file (whatever content it already holds), so line numbers are offsets from where it starts.
SOURCE = """\
- id: robust-study-2001
  type: article-journal
  title: A cohort study of serum IGF-1
  author: [{family: Smith, given: J}]
  issued: {date-parts: [[2001]]}
  container-title: J Test
  PMID: "11111111"
  kind: primary-study
  verification: {status: partial, note: Written for the bad-input tests., unverified_fields: [issued]}
"""
CLAIM = f"""\
- id: robust-claim
  statement: Serum IGF-1 is made mostly in the liver.
  topic: hair-loss
  status: supported
  evidence:
    - {{source: robust-study-2001, design: cohort, species: human, direction: supports, finding: Liver.}}
  asserted_by:
    - {{source: seed-hair-blog, quote: "{QUOTE}"}}
  reviewed: 2026-01-01
- id: robust-other
  statement: A second claim, related to the first.
  topic: hair-loss
  status: speculative
  related: [robust-claim]
  reviewed: 2026-01-01
"""
# Line of each line of CLAIM, counted from 1 within CLAIM.
L_ID, L_STATEMENT, L_TOPIC, L_STATUS, L_EVIDENCE, L_EV0, L_ASSERTED, L_QUOTE, L_REVIEWED = range(1, 10)
L_OTHER, L_RELATED = 10, 14


@dataclass
class Project:
    root: Path
    claims_offset: int  # lines of the claims file before CLAIM

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str | bytes) -> None:
        p = self.path(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace the first `old` (in the claims file: within the test's own claims)."""
        text = self.read(rel)
        keep = "".join(text.splitlines(keepends=True)[: self.claims_offset]) if rel == CLAIMS_FILE else ""
        tail = text[len(keep) :]
        assert old in tail, f"{old!r} is not in {rel}"
        self.write(rel, keep + tail.replace(old, new, 1))

    def claim_line(self, line: int) -> int:
        return self.claims_offset + line

    def append_to_page(self, text: str) -> int:
        """Append text to the topic page; return the line number of its first line."""
        body = self.read(PAGE).rstrip("\n") + "\n\n"
        self.write(PAGE, body + text + "\n")
        return body.count("\n") + 1


def prepare(root: Path) -> Project:
    """Add the valid source and claim (and the claim on its topic page) to the project copy."""
    claims = root / CLAIMS_FILE
    if claims.exists():
        before = claims.read_text(encoding="utf-8").rstrip("\n") + "\n"
    else:
        before = "# yaml-language-server: $schema=../schema/claims.schema.json\n"
    offset = before.count("\n")
    claims.parent.mkdir(parents=True, exist_ok=True)
    claims.write_text(before + CLAIM, encoding="utf-8")
    (root / SOURCES_FILE).write_text(
        "# yaml-language-server: $schema=../schema/sources.schema.json\n" + SOURCE, encoding="utf-8"
    )
    page = root / PAGE
    page.write_text(
        page.read_text(encoding="utf-8").rstrip("\n")
        + '\n\n{{ claim_card("robust-claim") }} {{ claim("robust-other") }}\n',
        encoding="utf-8",
    )
    return Project(root, offset)


@dataclass
class Case:
    name: str
    mutate: Callable[[Project], object]
    where: Callable[[Project], str] | str  # what the message must contain to locate the mistake
    fix: tuple[str, ...]  # words that tell the editor what to do (all must appear, case-insensitive)


def _claims_at(line: int, column: int | None = None) -> Callable[[Project], str]:
    def where(p: Project) -> str:
        return f"{CLAIMS_FILE}:{p.claim_line(line)}" + (f":{column}" if column else "")

    return where


def _page_line(marker: str) -> Callable[[Project], str]:
    """The message names the page and the line on which `marker` first appears in it."""

    def where(p: Project) -> str:
        for i, text in enumerate(p.read(PAGE).splitlines(), 1):
            if marker in text:
                return f"{PAGE}:{i}"
        raise AssertionError(f"{marker!r} not on the page")

    return where


def _topic_at(topic: str) -> Callable[[Project], str]:
    """The message names data/topics.yaml at the topic's line (its `- id:`)."""

    def where(p: Project) -> str:
        return f"{TOPICS_FILE}:{p.read(TOPICS_FILE).splitlines().index(f'- id: {topic}') + 1}"

    return where


def _replace(rel: str, old: str, new: str) -> Callable[[Project], None]:
    return lambda p: p.edit(rel, old, new)


def _page(text: str) -> Callable[[Project], int]:
    return lambda p: p.append_to_page(text)


def _future(p: Project) -> None:
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    p.edit(
        CLAIMS_FILE, "  reviewed: 2026-01-01\n- id: robust-other", f"  reviewed: {future}\n- id: robust-other"
    )


def _huge(p: Project) -> None:
    record = "- term: T{}\n  expansion: padding\n  definition: " + "x" * 200 + "\n"
    body = "".join(record.format(i) for i in range(10 * 1024 * 1024 // len(record) + 1))
    p.write("data/glossary.yaml", body)


DEEP = "[" * 30_000 + "]" * 30_000


def _deep_glossary(p: Project) -> None:
    p.write(
        "data/glossary.yaml",
        p.read("data/glossary.yaml") + f"- term: DEEP\n  expansion: {DEEP}\n  definition: d\n",
    )


def _laughs(p: Project) -> None:
    """A claim whose `related` list is nine lines of nested aliases that stand for 10^9 ids."""
    lines = [
        "- id: robust-bomb",
        "  statement: A claim.",
        "  topic: hair-loss",
        "  status: speculative",
        "  reviewed: 2026-01-01",
        f"  x0: &a0 [{', '.join(['robust-claim'] * 10)}]",
    ]
    lines += [f"  x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    p.write(CLAIMS_FILE, p.read(CLAIMS_FILE) + "\n".join(lines) + "\n  related: *a8\n")


def _hair_sources_line(p: Project) -> str:
    """A tab on the line of the first `kind:` of data/sources/hair.yaml: the whole file cannot be read."""
    text = p.read("data/sources/hair.yaml")
    line = text[: text.index("\n  kind: ")].count("\n") + 2
    p.write("data/sources/hair.yaml", text.replace("\n  kind: ", "\n\tkind: ", 1))
    return f"data/sources/hair.yaml:{line}:1"


def _config(old: str, new: str) -> Callable[[Project], None]:
    return lambda p: p.write("mkdocs.yml", p.read("mkdocs.yml").replace(old, new, 1))


CASES = [
    # --- YAML syntax and encoding --------------------------------------------------------------
    Case(
        "yaml-tab",
        _replace(CLAIMS_FILE, "  status: supported", "\tstatus: supported"),
        _claims_at(L_STATUS, 1),
        ("tab", "spaces"),
    ),
    Case(
        "yaml-bad-indent",
        _replace(CLAIMS_FILE, "  status: supported", "    status: supported"),
        _claims_at(L_STATUS),
        ("indent",),
    ),
    Case(
        "yaml-unclosed-quote",
        _replace(CLAIMS_FILE, f'quote: "{QUOTE}"', f'quote: "{QUOTE}'),
        _claims_at(L_QUOTE),
        ("quote",),
    ),
    Case(
        "yaml-duplicate-key",
        _replace(CLAIMS_FILE, "  status: supported\n", "  status: supported\n  status: refuted\n"),
        _claims_at(L_STATUS + 1, 3),
        ("twice",),
    ),
    Case(
        "yaml-unknown-alias",
        _replace(CLAIMS_FILE, "related: [robust-claim]", "related: [*robust]"),
        _claims_at(L_RELATED),
        ("alias",),
    ),
    Case(
        "yaml-mapping-not-list",
        lambda p: p.write("data/topics.yaml", "id: hair-loss\ntitle: Hair\n"),
        "data/topics.yaml:1:1",
        ("list",),
    ),
    Case("empty-file", lambda p: p.write("data/glossary.yaml", ""), "data/glossary.yaml", ("empty", "list")),
    Case(
        "comments-only-file",
        lambda p: p.write("data/glossary.yaml", "# nothing yet\n"),
        "data/glossary.yaml",
        ("empty",),
    ),
    Case(
        "byte-order-mark",
        lambda p: p.write(SOURCES_FILE, b"\xef\xbb\xbf" + p.path(SOURCES_FILE).read_bytes()),
        f"{SOURCES_FILE}:1:1",
        ("BOM", "without"),
    ),
    Case(
        "not-utf8",
        lambda p: p.write(
            SOURCES_FILE, p.path(SOURCES_FILE).read_bytes().replace(b"A cohort study", b"A caf\xe9 study")
        ),
        f"{SOURCES_FILE}:4:",
        ("UTF-8",),
    ),
    Case(
        "missing-data-file",
        lambda p: p.path("data/topics.yaml").unlink(),
        "data/topics.yaml",
        ("missing", "restore"),
    ),
    Case("file-of-10-mb", _huge, "data/glossary.yaml", ("MiB", "split")),
    # --- records -------------------------------------------------------------------------------
    Case(
        "wrong-type",
        _replace(CLAIMS_FILE, "  evidence:\n", "  evidence: many\n  unused:\n"),
        _claims_at(L_EVIDENCE),
        ("evidence", "must be a list", "- item"),
    ),
    Case(
        "igf1-token-unknown-unit",
        _replace(CLAIMS_FILE, "finding: Liver.}", 'finding: "Liver, about [igf1 150 mg/dL]."}'),
        _claims_at(L_EV0),
        ("field 'evidence[0].finding'", "[igf1 150 mg/dL]: unknown unit 'mg/dL'", '"ng/mL"'),
    ),
    Case(
        "wrong-type-number",
        _replace(CLAIMS_FILE, "species: human, direction", "species: human, n: lots, direction"),
        _claims_at(L_EV0),
        ("whole number", "lots"),
    ),
    Case(
        "unknown-enum",
        _replace(CLAIMS_FILE, "status: supported", "status: certain"),
        _claims_at(L_STATUS),
        ("certain", "one of", "established"),
    ),
    Case(
        "missing-field",
        _replace(CLAIMS_FILE, "  statement: Serum IGF-1 is made mostly in the liver.\n", ""),
        _claims_at(L_ID),
        ("statement", "required", "add it"),
    ),
    Case(
        "unknown-field",
        _replace(CLAIMS_FILE, "  status: supported", "  staus: supported"),
        _claims_at(L_STATUS),
        ("staus", "spelling"),
    ),
    Case(
        "id-not-a-slug",
        _replace(CLAIMS_FILE, "id: robust-other", "id: Robust_Other"),
        _claims_at(L_OTHER),
        ("slug", "lower-case"),
    ),
    Case(
        "invalid-date",
        _replace(CLAIMS_FILE, "reviewed: 2026-01-01\n- id", "reviewed: 2026-02-30\n- id"),
        _claims_at(L_REVIEWED),
        ("date",),
    ),
    Case("future-date", _future, _claims_at(L_REVIEWED), ("future",)),
    Case(
        "duplicate-id-in-file",
        _replace(CLAIMS_FILE, "id: robust-other", "id: robust-claim"),
        _claims_at(L_OTHER),
        ("duplicate", "rename"),
    ),
    Case(
        "duplicate-id-across-files",
        lambda p: p.write("data/sources/zz-second.yaml", SOURCE.replace("A cohort", "Another cohort")),
        "data/sources/zz-second.yaml:1",
        ("duplicate", SOURCES_FILE + ":2", "rename"),
    ),
    Case(
        "record-not-a-mapping",
        lambda p: p.write("data/glossary.yaml", p.read("data/glossary.yaml") + "- just text\n"),
        "data/glossary.yaml:",
        ("mapping",),
    ),
    # --- references between records -----------------------------------------------------------
    Case(
        "unknown-source-in-claim",
        _replace(CLAIMS_FILE, "{source: robust-study-2001", "{source: robust-study-2010"),
        _claims_at(L_ID),
        ("unknown source 'robust-study-2010'", "closest: robust-study-2001"),
    ),
    Case(
        "unknown-related-claim",
        _replace(CLAIMS_FILE, "related: [robust-claim]", "related: [robust-clam]"),
        _claims_at(L_OTHER),
        ("unknown claim 'robust-clam'", "closest: robust-claim"),
    ),
    Case(
        "unknown-topic",
        _replace(
            CLAIMS_FILE, "topic: hair-loss\n  status: speculative", "topic: hairloss\n  status: speculative"
        ),
        _claims_at(L_OTHER),
        ("unknown topic 'hairloss'", "hair-loss"),
    ),
    Case(
        "seed-quote-not-in-seed",
        _replace(CLAIMS_FILE, "often tout a connection", "often claim a connection"),
        _claims_at(L_ID),
        ("not verbatim", "copy it exactly"),
    ),
    Case(
        "seed-quote-with-plain-space",
        _replace(CLAIMS_FILE, QUOTE, QUOTE + " IGF-1"),
        _claims_at(L_ID),
        ("not verbatim", "<no-break space>IGF-1", "where the quote has ' IGF-1'"),
    ),
    Case(
        "missing-topic-page",
        lambda p: p.path(PAGE).unlink(),
        "data/topics.yaml:",
        ("docs/topics/hair-loss.md", "does not exist"),
    ),
    # a companion page's summary of findings: its questions are answered by claims that page shows
    Case(
        "unknown-claim-in-companion-question",
        _replace(TOPICS_FILE, "claim: aga-is-scarring", "claim: aga-is-scaring"),
        _topic_at("hair-loss"),
        (
            "id 'hair-loss'",
            f"{COMPANION}.questions[3].claim",
            "unknown claim 'aga-is-scaring'",
            "aga-is-scarring",
        ),
    ),
    Case(
        "companion-question-claim-not-on-its-page",
        _replace(TOPICS_FILE, "claim: aga-is-scarring", "claim: inflammation-lowers-serum-igf1"),
        _topic_at("hair-loss"),
        (
            f"{COMPANION}.questions[3].claim",
            "'inflammation-lowers-serum-igf1' is not shown on docs/topics/hair-loss-popular-claims.md",
            "closest: inflammation-raises-serum-igf1",
            "show this one there",
        ),
    ),
    Case(
        "missing-companion-page",
        _replace(
            TOPICS_FILE, "page: topics/hair-loss-popular-claims.md", "page: topics/hair-loss-popular.md"
        ),
        _topic_at("hair-loss"),
        (
            f"{COMPANION}.page",
            "docs/topics/hair-loss-popular.md does not exist",
            "topics/hair-loss-popular-claims.md",
        ),
    ),
    Case(
        "companion-page-without-its-summary",
        _replace("docs/topics/hair-loss-popular-claims.md", '{{ summary_of_findings("hair-loss") }}\n', ""),
        _topic_at("hair-loss"),
        (
            f"{COMPANION}.page",
            'does not call {{ summary_of_findings("hair-loss") }}',
            "under the page's title",
        ),
    ),
    # --- verdict and certainty (macros/certainty_checks.py) -------------------------------------
    Case(
        "established-on-low-certainty",
        _replace(CLAIMS_FILE, "  status: supported", "  kind: finding\n  status: established"),
        _claims_at(L_ID),
        ("id 'robust-claim'", "established", "kind: background"),
    ),
    Case(
        "refuted-without-evidence-against",
        _replace(CLAIMS_FILE, "  status: supported", "  kind: finding\n  status: refuted"),
        _claims_at(L_ID),
        ("id 'robust-claim'", "no evidence against", "contradicts"),
    ),
    Case(
        "supported-but-against-more-certain",
        _replace(
            CLAIMS_FILE,
            "finding: Liver.}\n  asserted_by:",
            "finding: Liver.}\n    - {source: robust-study-2001, design: rct, species: human, direction: contradicts, n: 900, "
            "finding: No.}\n  kind: finding\n  asserted_by:",
        ),
        _claims_at(L_ID),
        ("id 'robust-claim'", "more certain", "contested"),
    ),
    Case(
        "circular-seed-evidence",
        _replace(
            CLAIMS_FILE,
            "finding: Liver.}\n  asserted_by:",
            "finding: Liver.}\n    - {source: seed-hair-blog, design: expert-opinion, species: human, direction: supports, "
            "finding: Says so.}\n  kind: finding\n  asserted_by:",
        ),
        _claims_at(L_ID),
        ("id 'robust-claim'", "circular", "seed-hair-blog"),
    ),
    Case(
        "override-without-reason",
        _replace(
            CLAIMS_FILE, "  status: supported\n", "  status: supported\n  certainty_override: {level: high}\n"
        ),
        _claims_at(L_STATUS + 1),
        ("id 'robust-claim'", "reason"),
    ),
    # --- pages ---------------------------------------------------------------------------------
    Case(
        "unknown-claim-on-page",
        _page('See {{ claim("robust-clam") }}.'),
        _page_line("robust-clam"),
        ("unknown claim id 'robust-clam'", "robust-claim", "fix the id"),
    ),
    Case(
        "unknown-source-on-page",
        _page('See {{ cite("robust-study-2010") }}.'),
        _page_line("robust-study-2010"),
        ("unknown source id 'robust-study-2010'", "robust-study-2001"),
    ),
    Case(
        "macro-missing-argument",
        _page("See {{ claim() }}."),
        _page_line("{{ claim() }}"),
        ("claim()", "claim_id"),
    ),
    Case(
        "macro-too-many-arguments",
        _page('See {{ claim("robust-claim", "robust-other") }}.'),
        _page_line('"robust-claim", "robust-other"'),
        ("claim()", "argument"),
    ),
    Case(
        "macro-unknown-keyword",
        _page('{{ claims_table(topik="hair-loss") }}'),
        _page_line("topik"),
        ("claims_table()", "topik"),
    ),
    Case(
        "macro-argument-not-text",
        _page("See {{ claim(42) }}."),
        _page_line("claim(42)"),
        ("string in quotes", "42"),
    ),
    Case(
        "macro-bad-status",
        _page('{{ claims_table(status="sure") }}'),
        _page_line('status="sure"'),
        ("status must be one of", "sure"),
    ),
    Case(
        "seed-review-of-non-seed",
        _page('{{ seed_review("robust-study-2001") }}'),
        _page_line("seed_review("),
        ("not a seed article",),
    ),
    Case(
        "unknown-macro", _page('See {{ clam("robust-claim") }}.'), _page_line("clam("), ("clam", "spelling")
    ),
    Case(
        "jinja-syntax-error",
        _page('See {{ claim("robust-claim" }}.'),
        _page_line('claim("robust-claim" }}'),
        ("syntax",),
    ),
    Case("jinja-unclosed-block", _page("{% if true %}\nNever closed."), PAGE, ("endif",)),
    Case(
        "broken-page-link",
        _page("See [the method](../methods.md)."),
        "'topics/hair-loss.md'",
        ("'../methods.md'", "not found"),
    ),
    # --- hostile input and the seed archive --------------------------------------------------
    Case("deep-nesting-glossary", _deep_glossary, "data/glossary.yaml:", ("nests more than", "brackets")),
    Case(
        "deep-nesting-explainers",
        lambda p: p.write("data/explainers.yaml", f"axis-loop: {DEEP}\n"),
        "data/explainers.yaml:1:",
        ("nests more than",),
    ),
    Case("nested-aliases-in-claims", _laughs, CLAIMS_FILE + ":", ("aliases", "expand to more than")),
    Case(
        "seeds-dir-outside-the-repository",
        _config("seeds_dir: data/seeds", "seeds_dir: ../seeds"),
        "extra.store.seeds_dir",
        ("outside the repository",),
    ),
    Case(
        "seeds-folder-missing",
        lambda p: shutil.rmtree(p.path("data/seeds")),
        "data/seeds",
        ("missing", "restore it from git"),
    ),
    Case(
        "seed-file-missing",
        lambda p: p.path("data/seeds/000_e6103113be5eb96c.txt").unlink(),
        "data/sources/seeds.yaml:",
        ("seed-hair-blog", "000_e6103113be5eb96c.txt"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_fails_with_a_clear_message(case: Case, project: Path, tmp_path: Path) -> None:
    p = prepare(project)
    case.mutate(p)
    result = run_build(project, tmp_path / "site")
    out = result.output
    assert result.returncode != 0, f"the build passed:\n{out}"
    assert "Traceback" not in out and not re.search(r'^\s*File "', out, re.MULTILINE), f"a traceback:\n{out}"
    where = case.where(p) if callable(case.where) else case.where
    assert where in out, f"the message does not say {where!r}:\n{out}"
    for word in case.fix:
        assert word.lower() in out.lower(), f"the message does not say {word!r}:\n{out}"


def test_the_prepared_project_builds(project: Path, tmp_path: Path) -> None:
    """The cases start from a valid project: only their own mutation breaks it."""
    prepare(project)
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert "robust-claim" in result.page("topics/hair-loss/")


def test_a_broken_file_is_reported_before_what_follows_from_it(project: Path, tmp_path: Path) -> None:
    """One mistake in a sources file: that problem first, the unknown sources it causes after it, said so."""
    where = _hair_sources_line(prepare(project))
    out = run_build(project, tmp_path / "site").output
    listed = [line.strip() for line in out.splitlines() if line.strip().startswith("- data/")]
    assert listed and listed[0].startswith(f"- {where}") and "tab" in listed[0], out
    follows = out.index("follow from")
    assert out.index(where) < follows and "unknown source" in out[follows:], out
    assert len(listed) <= 12, f"the consequences are not kept short:\n{out}"


def test_a_fresh_copy_with_nothing_beside_it_verifies_every_quote(tmp_path: Path) -> None:
    """The repository's files alone (as a clone has them): an invented quote stops the build."""
    repo = tmp_path / "clone" / "repo"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, tracked.decode().split("\0")):
        if (ROOT / rel).is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, repo / rel)
    assert [p.name for p in (tmp_path / "clone").iterdir()] == ["repo"]
    claims = repo / "data/claims/hair-loss.yaml"
    text = claims.read_text(encoding="utf-8")
    start = text.index("\n    quote: ") + len("\n    quote: ")  # a block-style quote, one line
    invented = "Scalp massage cures hair loss in every single case"
    claims.write_text(text[:start] + invented + text[text.index("\n", start) :], encoding="utf-8")
    result = run_build(repo, tmp_path / "site")
    assert result.returncode != 0, result.output
    assert "not verbatim in" in result.output and "its beginning is not in the seed either" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("VerbatimLine", "two\nlines", "must be one line; join the lines"),
        ("VerbatimLine", "bell\x07", "control character U+0007 in the text"),
        ("VerbatimText", "escape\x1b here\nand a second line", "control character U+001B in the text"),
        # the reference formatter's field markers and the stash's tokens: such a character vanished unseen
        ("VerbatimText", "Smith \ue004J", "private-use character U+E004 in the text"),
        ("VerbatimLine", "a \ue000 token", "private-use character U+E000 in the text"),
    ],
)
def test_a_text_field_says_which_rule_its_value_breaks(kind: str, value: str, message: str) -> None:
    """Line breaks, control and private-use characters are refused by one pattern per field; the message
    tells them apart."""
    from pydantic import TypeAdapter, ValidationError

    from macros import models
    from macros.problems import friendly

    with pytest.raises(ValidationError) as caught:
        TypeAdapter(getattr(models, kind)).validate_python(value)
    assert friendly(caught.value.errors()[0]).startswith(message)


def test_a_text_field_keeps_line_breaks_and_tabs() -> None:
    from pydantic import TypeAdapter

    from macros.models import VerbatimText

    assert TypeAdapter(VerbatimText).validate_python("a\tb\r\nc") == "a\tb\r\nc"
