"""The store: every record of data/, validated, indexed and cross-checked once, before any page renders.

`load_store` reads each data file (macros/loading.py), adds its records to a `Store`, then checks every
reference between records and every quotation against the archived seed articles. All problems found are
raised together as one `StoreError` (macros/problems.py), root causes first, so an editor sees everything
to fix in one build.

What keeps a large store quick, simply: the garbage collector is paused while loading; a record is kept as
its validated input and built into its model on first use (`Records`, macros/records.py); an unchanged
store is read back from a cache file keyed on the files' contents and the code, or, in the dev server,
reused from memory.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import content_key, read_bytes, read_pickle, write_pickle
from .certainty_checks import check_store
from .loading import DataFile, Entry, data_files, read, read_records
from .models import Claim, GlossaryEntry, SeedReference, Source, Topic
from .problems import Checks, Problem, StoreError, closest_note
from .records import Grades, Records
from .seeds import SEEDS_DIR, SeedText, read_seeds

if TYPE_CHECKING:
    from .usage import Usage


@dataclass
class Store:
    root: Path
    sources: Records = field(default_factory=lambda: Records(Source))
    claims: Records = field(default_factory=lambda: Records(Claim))
    topics: dict[str, Topic] = field(default_factory=dict)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    seed_references: list[SeedReference] = field(default_factory=list)
    grades: Grades = field(init=False)
    aliases: dict[str, str] = field(default_factory=dict)  # a claim's old id -> its id
    source_aliases: dict[str, str] = field(default_factory=dict)  # a source's old id -> its id
    where: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (file, line) of its definition
    # indexes, so that derived views do not build every record
    topic_claims: dict[str, list[str]] = field(default_factory=dict)  # topic -> claim ids
    citing: dict[str, list[str]] = field(default_factory=dict)  # source id -> claim ids
    named_by: dict[str, list[str]] = field(default_factory=dict)  # claim id -> claims naming it as related
    seed_ids: list[str] = field(default_factory=list)
    key: str | None = None  # the content key of the files it was loaded from (None: not known)

    def __post_init__(self) -> None:
        self.grades = Grades(self.claims, self.sources)

    # derived views --------------------------------------------------------------------------
    def claims_in_topic(self, topic: str) -> list[Claim]:
        return [self.claims[i] for i in self.topic_claims.get(topic, ())]

    def claims_citing(self, source_id: str) -> list[Claim]:
        return [self.claims[i] for i in self.citing.get(source_id, ())]

    def related_to(self, claim: Claim) -> list[Claim]:
        """The claims related to this one both ways: those it names, then those naming it. A link made
        on one claim is seen from the other, so a reader of either learns of both."""
        ids = dict.fromkeys([*claim.related, *self.named_by.get(claim.id, ())])
        return [self.claims[i] for i in ids]

    # An alias is never the id of a record (checked on loading), so an id is looked up as itself.
    def resolve_claim(self, claim_id: str) -> Claim | None:
        return self.claims.get(self.aliases.get(claim_id, claim_id))

    def resolve_source(self, source_id: str) -> Source | None:
        return self.sources.get(self.source_aliases.get(source_id, source_id))

    def index(self) -> None:
        """Build the indexes (after loading, or after changing records by hand)."""
        topic_claims: dict[str, list[str]] = {}
        citing: dict[str, list[str]] = {}
        named_by: dict[str, list[str]] = {}
        for claim in self.claims.values():
            topic_claims.setdefault(claim.topic, []).append(claim.id)
            for sid in {e.source for e in claim.evidence}.union(a.source for a in claim.asserted_by):
                citing.setdefault(sid, []).append(claim.id)
            for rid in claim.related:
                named_by.setdefault(rid, []).append(claim.id)
        self.topic_claims, self.citing, self.named_by = topic_claims, citing, named_by
        self.seed_ids = [sid for sid in self.sources if self.sources[sid].is_seed]


# --- assembling the store ------------------------------------------------------------------------


def _identity(kind: str, model: Any) -> tuple[str, str]:
    """The field that identifies a record of this kind, and its value."""
    if kind == "glossary":
        return "term", model.term
    if kind == "seed-references":
        return "seed-reference", f"{model.seed}#{model.number}"
    return "id", model.id


def _add(
    store: Store, file: DataFile, entries: list[Entry], seen: dict[tuple[str, str], tuple[str, int]]
) -> list[Problem]:
    """Add a file's valid records, each under its identity; a record whose identity is taken is a problem."""
    problems = []
    for entry in entries:
        name, ident = _identity(file.kind, entry.model)
        key = (name, ident)  # ids are unique across sources, claims and topics together
        if key in seen:
            first_file, first_line = seen[key]
            message = (
                f"duplicate: already defined at {first_file}:{first_line}; ids must be unique across the "
                "whole store, rename one of them"
            )
            problems.append(Problem(file.display, entry.line, None, ident, name, message))
            continue
        seen[key] = store.where[ident] = (file.display, entry.line)
        _put(store, file.kind, ident, entry)
    return problems


def _put(store: Store, kind: str, ident: str, entry: Entry) -> None:
    if kind == "sources":
        store.sources.put(ident, entry.raw, entry.model)
    elif kind == "claims":
        store.claims.put(ident, entry.raw, entry.model)
    elif kind == "topics":
        store.topics[ident] = entry.model
    elif kind == "glossary":
        store.glossary.append(entry.model)
    else:
        store.seed_references.append(entry.model)


def _load_uncached(root: Path, files: list[DataFile], seeds_dir: Path) -> Store:
    store = Store(root=root)
    problems: list[Problem] = []
    lost: set[str] = set()  # ids of records that could not be read or validated
    # each record's identity -> where it is defined first
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for file in files:
        entries, found, unknown = read_records(file)
        problems += found + _add(store, file, entries, seen)
        lost |= unknown
    store.index()
    follow: list[Problem] = []  # problems that follow from a record that could not be read
    for p in _cross_check(store, seeds_dir):
        (follow if p.unknown in lost else problems).append(p)
    if problems:
        raise StoreError(problems, follow)
    return store


# --- cross-checks --------------------------------------------------------------------------------


def _cross_check(store: Store, seeds_dir: Path) -> list[Problem]:
    """Every reference between records resolves, and every quotation is verbatim in its seed article."""
    checks = Checks(store.where)
    seeds = [store.sources[i] for i in store.seed_ids]
    seed_texts = read_seeds(checks, seeds, seeds_dir, str(seeds_dir.relative_to(store.root)))
    for claim in store.claims.values():
        _check_claim(store, checks, claim)
        _check_quotes(store, checks, claim, seed_texts)
        _register_aliases(store, checks, claim.id, claim.aliases, store.aliases)
    for sid in store.sources:
        _register_aliases(store, checks, sid, store.sources[sid].aliases, store.source_aliases)
    _check_seed_references(store, checks)
    for finding in check_store(store):  # verdicts the evidence cannot carry (macros/certainty_checks.py)
        checks.at(finding.id, finding.field, finding.message)
    return checks.problems


def _check_claim(store: Store, checks: Checks, claim: Claim) -> None:
    cid = claim.id
    file_stem = Path(store.where[cid][0]).stem
    if claim.topic not in store.topics:
        checks.unknown(cid, "topic", "topic", claim.topic, store.topics)
    elif file_stem != claim.topic:
        checks.at(
            cid,
            "topic",
            f"claim of topic '{claim.topic}' is in data/claims/{file_stem}.yaml; "
            f"move it to data/claims/{claim.topic}.yaml",
        )
    for i, item in enumerate(claim.evidence):
        if item.source not in store.sources:
            checks.unknown(cid, f"evidence[{i}].source", "source", item.source, store.sources)
    for i, rel in enumerate(claim.related):
        if rel not in store.claims:
            checks.unknown(cid, f"related[{i}]", "claim", rel, store.claims)
        elif rel == cid:
            checks.at(cid, f"related[{i}]", "a claim cannot be related to itself")


def _check_quotes(store: Store, checks: Checks, claim: Claim, seed_texts: dict[str, SeedText]) -> None:
    for i, assertion in enumerate(claim.asserted_by):
        source, fld = assertion.source, f"asserted_by[{i}]"
        if source not in store.sources:
            checks.unknown(claim.id, f"{fld}.source", "source", source, store.seed_ids)
        elif source not in store.seed_ids:
            checks.at(
                claim.id,
                f"{fld}.source",
                f"'{source}' is not a seed article; asserted_by names one of {', '.join(store.seed_ids)}",
            )
        elif source in seed_texts and (problem := seed_texts[source].quote_problem(assertion)):
            checks.at(claim.id, f"{fld}.quote", problem)


def _register_aliases(
    store: Store, checks: Checks, record_id: str, aliases: Iterable[str], into: dict[str, str]
) -> None:
    """A renamed record's old ids, for redirects: never the id of a record, never two records' alias."""
    for alias in aliases:
        if alias in store.claims or alias in store.sources:
            checks.at(record_id, "aliases", f"alias '{alias}' is the id of an existing record")
        elif owner := store.aliases.get(alias) or store.source_aliases.get(alias):
            checks.at(record_id, "aliases", f"alias '{alias}' is already an alias of '{owner}'")
        else:
            into[alias] = record_id


def _check_seed_references(store: Store, checks: Checks) -> None:
    for ref in store.seed_references:
        key = f"{ref.seed}#{ref.number}"
        if ref.seed not in store.seed_ids:
            near = closest_note(ref.seed, store.sources)
            checks.at(key, "seed", f"'{ref.seed}' is not a seed article{near}", unknown=ref.seed)
        if ref.source and ref.source not in store.sources:
            checks.unknown(key, "source", "source", ref.source, store.sources)


def _topic_pages(store: Store) -> list[Problem]:
    """Each topic's page and companion pages exist (checked on every load: pages are not part of the cache
    key)."""
    checks, docs = Checks(store.where), store.root / "docs"
    for tid, topic in store.topics.items():
        named = [
            ("page", topic.page),
            *((f"companions[{j}].page", c.page) for j, c in enumerate(topic.companions)),
        ]
        for fld, page in named:
            if not (docs / page).is_file():
                near = closest_note(page, (p.relative_to(docs).as_posix() for p in docs.rglob("*.md")))
                checks.at(tid, fld, f"page docs/{page} does not exist{near}")
    return checks.problems


def summary_problems(store: Store, usage: Usage) -> list[Problem]:
    """Each companion page calls its topic's summary of findings and answers every question with a claim it
    shows (read from the pages' macro calls): the answer is then also on the page, with its evidence."""
    checks = Checks(store.where)
    for tid, topic in store.topics.items():
        for j, companion in enumerate(topic.companions):
            page, fld = companion.page, f"companions[{j}]"
            if tid not in usage.summaries.get(page, ()):
                call = f'{{{{ summary_of_findings("{tid}") }}}}'
                checks.at(
                    tid, f"{fld}.page", f"docs/{page} does not call {call}; put it under the page's title"
                )
            for i, q in enumerate(companion.questions):
                claim = store.resolve_claim(q.claim)  # an unknown one is reported by the store's checks
                if claim is not None and page not in usage.pages_using_claim(claim):
                    near = closest_note(q.claim, usage.claims.get(page, ()))
                    checks.at(
                        tid,
                        f"{fld}.questions[{i}].claim",
                        f"claim '{q.claim}' is not shown on docs/{page}{near}; answer with a claim the page "
                        "shows, or show this one there",
                    )
    return checks.problems


# --- loading, with the cache ---------------------------------------------------------------------


def _inside(root: Path, path: Path, setting: str) -> Path:
    """The configured folder, which must be inside the project (a build depends on nothing beside it)."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root):
        message = (
            f"'{path}' is outside the repository; every input of the build is kept in the repository "
            f"(the seed articles in {SEEDS_DIR})"
        )
        raise StoreError([Problem("mkdocs.yml", None, None, None, f"extra.store.{setting}", message)])
    return resolved


def _inputs(files: list[DataFile], seeds_dir: Path) -> Iterator[tuple[str, bytes | None]]:
    """Everything a store is made from, for its cache key: the data files and the seed articles."""
    yield from ((f"{f.display}\0{f.kind}", f.data) for f in files)
    for p in sorted(seeds_dir.iterdir()) if seeds_dir.is_dir() else ():
        yield f"seeds/{p.name}", read_bytes(p) if p.is_file() else b""


# The store this process loaded last, by cache key: the dev server rebuilds in one process, and an
# unchanged store is then reused as it is.
_LOADED: dict[str, Store] = {}


def load_store(root: Path, seeds_dir: Path | None = None, cache_dir: Path | None = None) -> Store:
    """Load, validate and cross-check every data file under root/data. Raises StoreError.

    The seed articles are read from seeds_dir (default: data/seeds), which must be inside root. With a
    cache_dir, an unchanged store (same file contents, same code) is read back from a cache file keyed on
    those contents instead of being parsed and validated again.

    The garbage collector is off meanwhile: it would walk the hundreds of thousands of objects that parsing
    or unpickling creates, again and again, while none of them can be garbage yet (it doubled a cold load).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_store(root.resolve(), seeds_dir, cache_dir)
    finally:
        if collecting:
            gc.enable()


def _load_store(root: Path, seeds_dir: Path | None, cache_dir: Path | None) -> Store:
    seeds_dir = _inside(root, seeds_dir if seeds_dir is not None else root / SEEDS_DIR, "seeds_dir")
    cache_dir = _inside(root, cache_dir, "cache_dir") if cache_dir is not None else None
    files = [read(p, kind, root) for p, kind in data_files(root)]
    key = content_key(_inputs(files, seeds_dir))
    cached = cache_dir / f"store-{key[:32]}.pickle" if key and cache_dir else None
    store = _LOADED.get(key) if key else None
    if store is None and cached is not None:
        store = read_pickle(cached, key, lambda s: isinstance(s, Store))
    write = cached is not None and (store is None or not cached.exists())
    if store is None:
        store = _load_uncached(root, files, seeds_dir)
    store.root, store.key = root, key
    pages = _topic_pages(store)
    if pages:
        raise StoreError(pages)
    if write:
        write_pickle(cached, key, store, "store-*.pickle")
    if key:
        _LOADED.clear()  # one store per process is enough: the dev server's current one
        _LOADED[key] = store
    return store
