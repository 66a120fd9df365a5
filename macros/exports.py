"""Downloads generated from the store at build time: sources as BibTeX, RIS and CSL-JSON, claims as JSON.

Every export is byte-deterministic: records sorted by id, keys sorted, no timestamps, so a file changes
only when its content does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, NamedTuple

from mkdocs.structure.files import File, Files

from .cache import read_pickle, write_pickle
from .csl import csl_json
from .models import Source
from .store import Store

DOWNLOADS_DIR = "downloads"


class TypeNames(NamedTuple):
    """A source's CSL type as a BibTeX entry type, a RIS type and a schema.org type (the pages' JSON-LD)."""

    bibtex: str
    ris: str
    schema_org: str


TYPES = {
    "article-journal": TypeNames("article", "JOUR", "ScholarlyArticle"),
    "article": TypeNames("article", "JOUR", "ScholarlyArticle"),
    "book": TypeNames("book", "BOOK", "Book"),
    "chapter": TypeNames("incollection", "CHAP", "CreativeWork"),
    "report": TypeNames("techreport", "RPRT", "CreativeWork"),
    "thesis": TypeNames("phdthesis", "THES", "CreativeWork"),
    "webpage": TypeNames("misc", "ELEC", "WebPage"),
    "article-newspaper": TypeNames("misc", "NEWS", "CreativeWork"),
}

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX = str.maketrans(_LATEX_SPECIAL)
MORE_AUTHORS = "Author list incomplete: authors after those listed are not given"


def _json(items: list[dict[str, Any]], key: str | None = None) -> str:
    """A JSON list with one record per line (json's C encoder; `indent` would use the slow Python one),
    optionally as the value of `key` in an object."""
    body = ",\n".join(json.dumps(item, ensure_ascii=False, sort_keys=True) for item in items)
    text = f"[\n{body}\n]" if items else "[]"
    return (f'{{"{key}": {text}}}' if key else text) + "\n"


def _sorted_sources(store: Store) -> list[Source]:
    return [store.sources[k] for k in sorted(store.sources)]


def unverified_note(src: Source) -> str | None:
    """What the record does not confirm: unverified fields, and authors after those listed."""
    fields = src.verification.unverified_fields
    notes = [f"Unverified: {', '.join(fields)}" if fields else "", MORE_AUTHORS if src.more_authors else ""]
    return "; ".join(n for n in notes if n) or None


# --- CSL-JSON ------------------------------------------------------------------------------------


def sources_csl_json(store: Store) -> str:
    items = ((csl_json(src), unverified_note(src)) for src in _sorted_sources(store))
    return _json([{**item, "note": note} if note else item for item, note in items])


# --- BibTeX --------------------------------------------------------------------------------------


def latex_escape(text: str) -> str:
    return text.translate(_LATEX)


def bibtex_entry(src: Source) -> str:
    kind = TYPES[src.type].bibtex
    fields: list[tuple[str, str]] = []
    if src.author:
        # the family name in braces: "de la Fuente" or "Rodríguez De Ita" stays one family name
        names = (
            "{" + latex_escape(a.family) + "}" + (f", {latex_escape(a.given)}" if a.given else "")
            for a in src.author
        )
        fields.append(("author", " and ".join([*names, *(["others"] if src.more_authors else [])])))
    fields.append(("title", "{" + latex_escape(src.title) + "}"))  # double braces keep its capitals
    if src.container_title:
        key = "booktitle" if src.type == "chapter" else "journal" if kind == "article" else "howpublished"
        fields.append((key, latex_escape(src.container_title)))
    if src.issued:
        parts = src.issued.date_parts[0]
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", str(parts[1])))
    pages = re.sub(r"\s*[-–]\s*", "--", src.page) if src.page else None
    text = (("volume", src.volume), ("number", src.issue), ("pages", pages), ("publisher", src.publisher))
    fields += [(key, latex_escape(value)) for key, value in text if value]
    # doi, pmid, pmcid and url are verbatim fields for biblatex: written as they are
    fields += [
        (name.lower(), value) for name in ("DOI", "PMID", "PMCID", "URL") if (value := getattr(src, name))
    ]
    if note := unverified_note(src):
        fields.append(("note", latex_escape(note)))
    return bibtex(kind, src.id, fields) + "\n"


def bibtex(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{kind}{{{key},\n{body}\n}}"


def page_bibtex(key: str, title: str, site: str, url: str, reviewed: dt.date | None, note: str) -> str:
    """A page of this site (a claim's, a topic's) as BibTeX: the site is its author and publisher."""
    fields = [
        ("title", "{" + latex_escape(title) + "}"),
        ("author", "{" + latex_escape(site) + "}"),
        ("howpublished", latex_escape(site)),
        ("url", url),
    ]
    if reviewed:
        fields += [("year", str(reviewed.year)), ("month", str(reviewed.month)), ("note", note)]
    return bibtex("misc", key, fields)


def sources_bibtex(store: Store) -> str:
    head = (
        "% Sources of the IGF-1 evidence reference, generated from the store. Fields listed in a note\n"
        "% as unverified were not confirmed against a bibliographic record.\n\n"
    )
    return head + "\n".join(bibtex_entry(s) for s in _sorted_sources(store))


# --- RIS -----------------------------------------------------------------------------------------


def ris_entry(src: Source) -> str:
    lines = [("TY", TYPES[src.type].ris), ("ID", src.id)]
    lines += [("AU", f"{a.family}, {a.given}" if a.given else a.family) for a in src.author]
    lines.append(("TI", src.title))
    if src.container_title:
        lines.append(("T2", src.container_title))
    if src.issued:
        parts = src.issued.date_parts[0]
        lines.append(("PY", str(parts[0])))
        if len(parts) > 1:
            lines.append(("DA", "/".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]])))
    lines += [(tag, value) for tag, value in (("VL", src.volume), ("IS", src.issue)) if value]
    if src.page:  # start page, and end page where there is one
        lines += zip(("SP", "EP"), re.split(r"\s*[-–]\s*", src.page, maxsplit=1), strict=False)
    pmid = f"PMID:{src.PMID}" if src.PMID else None
    more = (("PB", src.publisher), ("DO", src.DOI), ("AN", pmid), ("C2", src.PMCID), ("UR", src.URL))
    lines += [(tag, value) for tag, value in (*more, ("N1", unverified_note(src))) if value]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\r\n" for tag, value in lines)


def sources_ris(store: Store) -> str:
    return "\r\n".join(ris_entry(s) for s in _sorted_sources(store))


# --- claims --------------------------------------------------------------------------------------


def claim_record(store: Store, claim_id: str) -> dict[str, Any]:
    claim = store.claims[claim_id]
    record = claim.model_dump(mode="json", exclude_none=True)
    record["verdict"] = claim.status.value
    record["certainty"] = store.grades[claim_id].as_record()
    return record


def claims_json(store: Store) -> str:
    return _json([claim_record(store, cid) for cid in sorted(store.claims)], key="claims")


# The downloads, by file name under downloads/.
FILES = {
    "sources.bib": sources_bibtex,
    "sources.ris": sources_ris,
    "sources.csl.json": sources_csl_json,
    "claims.json": claims_json,
}


def render_all(store: Store, cache_dir: Path | None = None) -> dict[str, str]:
    """File name (under downloads/) -> content. With a cache_dir, kept there by the store's content key,
    so that a build with an unchanged store does not format every record again."""
    cached = cache_dir / f"exports-{store.key[:32]}.pickle" if cache_dir and store.key else None
    if cached:  # a kept value is the four downloads as text (a value this check fails on is rejected)
        files = read_pickle(
            cached,
            store.key,
            lambda f: (
                isinstance(f, dict)
                and f.keys() == FILES.keys()
                and all(isinstance(v, str) for v in f.values())
            ),
        )
        if files is not None:
            return files
    files = {name: write(store) for name, write in FILES.items()}
    if cached:
        write_pickle(cached, store.key, files, "exports-*.pickle")
    return files


def add_downloads(files: Files, config: Any, store: Store, cache_dir: Path | None) -> Files:
    """The downloads become files of the site (from `on_files`), so Markdown links to them are checked by
    MkDocs' strict link validation."""
    for name, content in render_all(store, cache_dir).items():
        files.append(File.generated(config, f"{DOWNLOADS_DIR}/{name}", content=content.encode("utf-8")))
    return files
