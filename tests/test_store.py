"""Loading and validating the store: one small store per error kind; each message names file and id."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from macros.models import CSL_FIELDS
from macros.store import StoreError, load_store

SEED = "seed.txt"
SEED_TEXT = "Laron syndrome is caused by a mutation in a gene that codes for IGF-1, they say.\n"
ARCHIVE = """\
- file: seed.txt
  source: seed-blog
  published_in: Not stated in the text
  publisher: Not stated in the text
  captured: Not stated in the text
  archived: 2026-01-01
"""

TOPICS = """\
- id: axis
  title: Axis
  page: topics/axis.md
  summary: The axis.
"""
GLOSSARY = """\
- term: GH
  expansion: growth hormone
  definition: A hormone.
"""
SOURCES = """\
- id: seed-blog
  type: webpage
  title: A blog
  kind: web-article
  verification: {status: unverified, note: Seen in the seed file only.}
  seed_file: seed.txt
- id: smith-2001-study
  type: article-journal
  title: A study
  author: [{family: Smith, given: J}]
  issued: {date-parts: [[2001]]}
  container-title: J Test
  PMID: "12345"
  kind: primary-study
  verification: {status: partial, note: PMID seen on PubMed., unverified_fields: [issued]}
"""
CLAIMS = """\
- id: laron-cause
  statement: Laron syndrome is caused by a mutation in the IGF-1 gene.
  topic: axis
  status: refuted
  evidence:
    - {source: smith-2001-study, design: cohort, species: human, direction: contradicts, finding: GHR.}
  asserted_by:
    - {source: seed-blog, quote: "caused by a mutation in a gene that codes for IGF-1"}
  reviewed: 2026-01-01
- id: ghr-cause
  statement: Laron syndrome is caused by GH-receptor mutations.
  topic: axis
  status: established
  evidence:
    - {source: smith-2001-study, design: cohort, species: human, direction: supports, finding: GHR.}
  related: [laron-cause]
  reviewed: 2026-01-01
"""


def make_store(root: Path, **files: str) -> Path:
    """A minimal valid store; keyword arguments replace or add files (path with '__' for '/')."""
    contents = {
        "data/topics.yaml": TOPICS,
        "data/glossary.yaml": GLOSSARY,
        "data/sources/main.yaml": SOURCES,
        "data/claims/axis.yaml": CLAIMS,
        "docs/topics/axis.md": "# Axis\n",
        "seeds/seed.txt": SEED_TEXT,
        "seeds/archive.yaml": ARCHIVE,
    }
    contents.update({k.replace("__", "/").replace("_yaml", ".yaml"): v for k, v in files.items()})
    for rel, text in contents.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if text is not None:
            p.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(StoreError) as info:
        load_store(root, root / "seeds")
    return [str(p) for p in info.value.problems]


def test_valid_store_loads(tmp_path: Path) -> None:
    store = load_store(make_store(tmp_path), tmp_path / "seeds")
    assert set(store.claims) == {"laron-cause", "ghr-cause"}
    assert store.grades["ghr-cause"].level.value == "very-low"  # a cohort, participants not recorded
    assert store.grades["laron-cause"].verdict_line.startswith(
        "Refuted, very low certainty: a cohort against"
    )
    assert store.where["ghr-cause"] == ("data/claims/axis.yaml", 10)


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    make_store(tmp_path, data__claims__axis_yaml=None)
    (tmp_path / "data/claims/axis.yaml").write_text(
        CLAIMS.replace("  topic: axis\n  status: refuted", "  topic: axis\n\tstatus: refuted")
    )
    [msg] = problems(tmp_path)
    assert msg.startswith("data/claims/axis.yaml:4:") and "tab" in msg


def test_missing_required_field(tmp_path: Path) -> None:
    make_store(tmp_path, data__claims__axis_yaml=CLAIMS.replace("  status: established\n", ""))
    [msg] = problems(tmp_path)
    assert "data/claims/axis.yaml:10" in msg and "'ghr-cause'" in msg and "'status'" in msg
    assert "required" in msg


@pytest.mark.parametrize("field", CSL_FIELDS)
def test_an_unverified_field_the_source_lacks_is_named(tmp_path: Path, field: str) -> None:
    """Every field that may be marked unverified is checked against the source: a message, never a crash."""
    source = textwrap.dedent(SOURCES).replace("unverified_fields: [issued]", f"unverified_fields: [{field}]")
    present = {"title", "author", "issued", "container-title", "PMID"}  # smith-2001-study's own fields
    make_store(tmp_path, data__sources__main_yaml=source)
    if field in present:
        load_store(tmp_path, tmp_path / "seeds")
        return
    [msg] = problems(tmp_path)
    assert "data/sources/main.yaml" in msg and f"names '{field}', which this source does not have" in msg


def test_unknown_enum_value(tmp_path: Path) -> None:
    make_store(
        tmp_path,
        data__claims__axis_yaml=CLAIMS.replace(
            "design: cohort, species: human, direction: s", "design: cohort, species: hamster, direction: s"
        ),
    )
    [msg] = problems(tmp_path)
    assert "data/claims/axis.yaml:15" in msg and "'ghr-cause'" in msg and "evidence[0].species" in msg
    assert "hamster" in msg and "'mouse'" in msg


def test_id_not_a_slug(tmp_path: Path) -> None:
    make_store(tmp_path, data__claims__axis_yaml=CLAIMS.replace("id: ghr-cause", "id: GHR_cause"))
    msgs = problems(tmp_path)
    assert any("data/claims/axis.yaml:10" in m and "GHR_cause" in m and "slug" in m for m in msgs)


def test_duplicate_id_across_files_names_both_places(tmp_path: Path) -> None:
    extra = SOURCES.split("- id: smith-2001-study")[1]
    make_store(tmp_path, data__sources__more_yaml="- id: smith-2001-study" + extra)
    [msg] = problems(tmp_path)
    assert msg.startswith("data/sources/more.yaml:1") and "'smith-2001-study'" in msg
    assert "data/sources/main.yaml:7" in msg and "duplicate" in msg


def test_unknown_source_in_evidence(tmp_path: Path) -> None:
    make_store(
        tmp_path,
        data__claims__axis_yaml=CLAIMS.replace(
            "source: smith-2001-study, design: cohort, species: human, direction: s",
            "source: smith-2001-stud, design: cohort, species: human, direction: s",
        ),
    )
    [msg] = problems(tmp_path)
    assert "data/claims/axis.yaml:10" in msg and "'ghr-cause'" in msg
    assert "unknown source 'smith-2001-stud'" in msg and "closest: smith-2001-study" in msg


def test_unknown_source_in_asserted_by(tmp_path: Path) -> None:
    make_store(tmp_path, data__claims__axis_yaml=CLAIMS.replace("source: seed-blog", "source: seed-blag"))
    [msg] = problems(tmp_path)
    assert "'laron-cause'" in msg and "asserted_by[0].source" in msg and "seed-blag" in msg


def test_asserted_by_must_be_a_seed(tmp_path: Path) -> None:
    make_store(
        tmp_path,
        data__claims__axis_yaml=CLAIMS.replace(
            "{source: seed-blog, quote", "{source: smith-2001-study, quote"
        ),
    )
    [msg] = problems(tmp_path)
    assert "'laron-cause'" in msg and "not a seed article" in msg


def test_unknown_related_id(tmp_path: Path) -> None:
    make_store(
        tmp_path, data__claims__axis_yaml=CLAIMS.replace("related: [laron-cause]", "related: [laron-caus]")
    )
    [msg] = problems(tmp_path)
    assert (
        "'ghr-cause'" in msg and "related[0]" in msg and "laron-caus" in msg and "closest: laron-cause" in msg
    )


def test_future_review_date(tmp_path: Path) -> None:
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    make_store(
        tmp_path,
        data__claims__axis_yaml=CLAIMS.replace("reviewed: 2026-01-01\n- id", f"reviewed: {future}\n- id"),
    )
    [msg] = problems(tmp_path)
    assert "data/claims/axis.yaml:9" in msg and "'laron-cause'" in msg and "future" in msg


def test_quote_not_verbatim(tmp_path: Path) -> None:
    make_store(tmp_path, data__claims__axis_yaml=CLAIMS.replace('codes for IGF-1"', 'codes for IGF1"'))
    [msg] = problems(tmp_path)
    assert "'laron-cause'" in msg and "not verbatim in seed.txt" in msg


THREAD_TEXT = "An article.\n\n2 thoughts on the article\n\n1. " + SEED_TEXT
THREADED = ARCHIVE + "  thread_starts: 2 thoughts on the article\n"


def test_a_quote_from_the_comment_thread_says_whose_words_they_are(tmp_path: Path) -> None:
    """Readers' comments below an article are not the article: a quote after its thread_starts line must say
    thread: reader (or author, for the author's replies), which the pages show; the article's own text may not."""
    make_store(tmp_path, seeds__archive_yaml=THREADED)
    (tmp_path / "seeds/seed.txt").write_text(THREAD_TEXT, encoding="utf-8")
    [msg] = problems(tmp_path)
    assert "data/claims/axis.yaml:" in msg and "asserted_by[0].quote" in msg
    assert "from the comment thread below the article (seed.txt, line 5)" in msg and "thread: reader" in msg
    reader = CLAIMS.replace('codes for IGF-1"}', 'codes for IGF-1", thread: reader}')
    make_store(tmp_path, data__claims__axis_yaml=reader, seeds__archive_yaml=THREADED)
    (tmp_path / "seeds/seed.txt").write_text(THREAD_TEXT, encoding="utf-8")
    [quote] = load_store(tmp_path, tmp_path / "seeds").claims["laron-cause"].asserted_by
    assert quote.thread == "reader"
    make_store(tmp_path, data__claims__axis_yaml=reader)  # the text has no thread: the article's words
    [msg] = problems(tmp_path)
    assert "thread: reader, but the quote is from the article itself" in msg
    make_store(tmp_path, seeds__archive_yaml=ARCHIVE + "  thread_starts: 9 thoughts\n")  # not in the text
    # named once, in the archive, not again at every quote (none is taken to be in a thread it cannot find)
    assert problems(tmp_path) == [
        "seeds/archive.yaml: thread_starts of 'seed.txt' is not in that text: copy the thread's first line exactly"
    ]


def test_quote_too_long(tmp_path: Path) -> None:
    long_quote = " ".join(["word"] * 31)
    make_store(
        tmp_path,
        data__claims__axis_yaml=CLAIMS.replace(
            "caused by a mutation in a gene that codes for IGF-1", long_quote
        ),
    )
    msgs = problems(tmp_path)
    assert any("31 words" in m and "'laron-cause'" in m for m in msgs)


def test_all_problems_reported_together(tmp_path: Path) -> None:
    bad = CLAIMS.replace("status: refuted", "status: wrong").replace(
        "related: [laron-cause]", "related: [nope]"
    )
    make_store(tmp_path, data__claims__axis_yaml=bad)
    msgs = problems(tmp_path)
    assert len(msgs) >= 2


def test_cache_returns_same_store_and_notices_edits(tmp_path: Path) -> None:
    root = make_store(tmp_path)
    cache = tmp_path / ".cache"
    first = load_store(root, root / "seeds", cache)
    second = load_store(root, root / "seeds", cache)
    assert set(first.claims) == set(second.claims) and list(cache.glob("store-*.pickle"))
    (root / "data/claims/axis.yaml").write_text(CLAIMS.replace("status: refuted", "status: wrong"))
    with pytest.raises(StoreError):
        load_store(root, root / "seeds", cache)


# --- the archived seed articles ------------------------------------------------------------------


def test_seeds_folder_outside_the_repository_is_an_error(tmp_path: Path) -> None:
    root = make_store(tmp_path / "repo")
    outside = make_store(tmp_path / "elsewhere") / "seeds"
    with pytest.raises(StoreError) as info:
        load_store(root, outside)
    [problem] = info.value.problems
    assert problem.file == "mkdocs.yml" and problem.field == "extra.store.seeds_dir"
    assert "outside the repository" in str(problem)
    (root / "data/seeds").symlink_to(outside, target_is_directory=True)  # a way out through a symlink
    with pytest.raises(StoreError, match="outside the repository"):
        load_store(root)


def test_the_default_seeds_folder_is_data_seeds(tmp_path: Path) -> None:
    root = make_store(tmp_path)
    (root / "seeds").rename(root / "data/seeds")
    assert load_store(root).seed_ids == ["seed-blog"]
    (root / "data/seeds/seed.txt").write_text("Nothing the claim quotes.\n", encoding="utf-8")
    with pytest.raises(StoreError, match="not verbatim in seed.txt"):  # noqa: RUF043
        load_store(root)


def test_a_missing_seeds_folder_is_an_error_never_a_skip(tmp_path: Path) -> None:
    root = make_store(tmp_path)
    [msg] = [str(p) for p in _problems_with(root, root / "no-such-folder")]
    assert msg.startswith("no-such-folder:") and "missing" in msg and "restore it from git" in msg


def test_a_missing_seed_file_is_an_error(tmp_path: Path) -> None:
    root = make_store(tmp_path)
    (root / "seeds/seed.txt").unlink()
    [msg] = problems(root)
    assert "'seed-blog'" in msg and "seed file 'seed.txt' is not in seeds" in msg


def test_a_seed_without_its_archive_record_is_an_error(tmp_path: Path) -> None:
    root = make_store(tmp_path, seeds__archive_yaml=ARCHIVE.replace("file: seed.txt", "file: other.txt"))
    [msg] = problems(root)
    assert "'seed-blog'" in msg and "archive.yaml has no record of 'seed.txt'" in msg
    make_store(root, seeds__archive_yaml=ARCHIVE.replace("  captured: Not stated in the text\n", ""))
    [msg] = problems(root)
    assert msg.startswith("seeds/archive.yaml:1") and "'captured'" in msg and "required" in msg


def _problems_with(root: Path, seeds: Path) -> list:
    with pytest.raises(StoreError) as info:
        load_store(root, seeds)
    return info.value.problems


# --- hostile YAML ----------------------------------------------------------------------------------

DEEP = "[" * 30_000 + "]" * 30_000


def test_deep_nesting_is_refused_naming_the_file(tmp_path: Path) -> None:
    make_store(tmp_path, data__glossary_yaml=GLOSSARY + f"- term: X\n  expansion: {DEEP}\n  definition: d\n")
    [msg] = problems(tmp_path)
    assert msg.startswith("data/glossary.yaml:5:") and "nests more than" in msg


def test_deep_nesting_in_the_explainers_configuration_is_refused(tmp_path: Path) -> None:
    from macros.explainers_config import parse_config

    make_store(tmp_path, data__explainers_yaml=f"axis-loop: {DEEP}\n")
    with pytest.raises(StoreError) as info:
        parse_config(tmp_path)
    [problem] = info.value.problems
    assert (
        problem.file == "data/explainers.yaml" and problem.line == 1 and "nests more than" in problem.message
    )


def laughs(levels: int = 9) -> str:
    """A claim whose `related` list is a few lines of nested aliases describing 10^levels ids."""
    lines = [
        "- id: bomb",
        "  statement: A claim.",
        "  topic: axis",
        "  status: speculative",
        "  reviewed: 2026-01-01",
        f"  x0: &a0 [{', '.join(['ghr-cause'] * 10)}]",
    ]
    lines += [f"  x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    lines.append(f"  related: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def test_nested_aliases_are_refused_naming_the_file(tmp_path: Path) -> None:
    make_store(tmp_path, data__claims__bomb_yaml=laughs())
    [msg] = problems(tmp_path)
    assert msg.startswith("data/claims/bomb.yaml:") and "aliases" in msg and "expand to more than" in msg


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    make_store(tmp_path, data__claims__bomb_yaml=laughs(2).replace("id: bomb", "id: small"))
    with pytest.raises(StoreError) as info:  # the fields x0, x1 are unknown: validation runs as usual
        load_store(tmp_path, tmp_path / "seeds")
    assert any("'x0'" in str(p) and "not a known field" in str(p) for p in info.value.problems)


# --- merge keys and root causes --------------------------------------------------------------------

MERGED = (
    SOURCES.replace("- id: smith-2001-study", "- &smith\n  id: smith-2001-study")
    + """\
- <<: *smith
  id: smith-2002-study
  title: A second study
"""
)


def test_a_merge_key_is_read_as_yaml_defines_it(tmp_path: Path) -> None:
    store = load_store(make_store(tmp_path, data__sources__main_yaml=MERGED), tmp_path / "seeds")
    second = store.sources["smith-2002-study"]
    assert second.title == "A second study" and second.container_title == "J Test"
    assert store.sources["smith-2001-study"].title == "A study"
    make_store(tmp_path, data__sources__main_yaml=MERGED + "  title: Twice\n")
    [msg] = problems(tmp_path)
    assert msg.startswith("data/sources/main.yaml:20:3") and "found the key 'title' twice" in msg


def test_root_causes_first_and_what_follows_from_them_said_so(tmp_path: Path) -> None:
    broken = SOURCES.replace(
        "  kind: primary-study", "\tkind: primary-study"
    )  # a tab: the file cannot be read
    make_store(tmp_path, data__sources__main_yaml=broken)
    with pytest.raises(StoreError) as info:
        load_store(tmp_path, tmp_path / "seeds")
    error = info.value
    [root] = error.problems
    assert root.file == "data/sources/main.yaml" and "tab" in root.message
    follow = [str(p) for p in error.consequences]
    assert any("unknown source 'smith-2001-study'" in m for m in follow)
    assert any("unknown source 'seed-blog'" in m for m in follow)
    text = str(error).splitlines()
    assert text[0].startswith("The data store has 1 problem") and text[1].startswith(
        "  - data/sources/main.yaml"
    )
    assert "follow from this one" in text[2]


def test_a_record_that_fails_validation_is_the_root_cause(tmp_path: Path) -> None:
    make_store(tmp_path, data__claims__axis_yaml=CLAIMS.replace("status: refuted", "status: wrong"))
    with pytest.raises(StoreError) as info:
        load_store(tmp_path, tmp_path / "seeds")
    [root] = [str(p) for p in info.value.problems]
    assert "'laron-cause'" in root and "'wrong'" in root
    [follow] = [str(p) for p in info.value.consequences]
    assert "'ghr-cause'" in follow and "unknown claim 'laron-cause'" in follow


def test_the_dev_servers_reading_of_the_explainers_survives_deep_nesting(tmp_path: Path) -> None:
    from macros.deps import explainer_claims

    make_store(tmp_path, data__explainers_yaml=f"axis-loop: {DEEP}\n")
    assert explainer_claims(tmp_path) is None  # unreadable: the full build reports it
    real = explainer_claims(Path(__file__).resolve().parent.parent)
    assert real and all(real.values())


def test_a_source_alias_resolves_and_a_clashing_one_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    renamed = SOURCES.replace("- id: smith-2001-study\n", "- id: smith-2001-study\n  aliases: [smith-old]\n")
    store = load_store(make_store(tmp_path, data__sources__main_yaml=renamed), tmp_path / "seeds")
    assert store.source_aliases == {"smith-old": "smith-2001-study"}
    assert store.resolve_source("smith-old") is store.resolve_source("smith-2001-study") is not None
    clash = SOURCES.replace("- id: smith-2001-study\n", "- id: smith-2001-study\n  aliases: [laron-cause]\n")
    [msg] = problems(make_store(tmp_path / "clash", data__sources__main_yaml=clash))
    assert msg.startswith("data/sources/main.yaml:7") and "smith-2001-study" in msg
    assert "alias 'laron-cause' is the id of an existing record" in msg
