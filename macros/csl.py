"""Reference formatting by a real CSL processor (citeproc-py) from a style file kept in the repository.

The style is a setting (`extra.citations.style` in mkdocs.yml, a path relative to the project). Fields a
source lists under `verification.unverified_fields` stay visibly marked in the formatted reference: each
such value is wrapped in private-use sentinel characters before formatting, and the sentinels become
`<span class="igf-unverified">` afterwards, wherever the style put the value.

citeproc-py takes a few milliseconds per entry, so formatted entries are cached on disk, keyed on the
style file, the citeproc-py version, the code under macros/ (which marks and cleans the entries) and the
entry's own data: an unchanged source is never formatted again.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc import __version__ as citeproc_version
from citeproc.source.json import CiteProcJSON
from markupsafe import Markup

from .cache import code_digest, read_bytes, write_bytes
from .models import CSL_FIELDS, Source
from .problems import MARKERS
from .text import inert_html

DEFAULT_STYLE = "data/csl/vancouver-nlm.csl"

IDENTIFIERS = frozenset({"DOI", "PMID", "PMCID", "URL"})
# The model's names of the CSL fields (models.CSL_FIELDS uses CSL's hyphenated names), plus id, type, publisher.
_CSL_MODEL_FIELDS = {"id", "type", "publisher", *(name.replace("-", "_") for name in CSL_FIELDS)}

# The sentinels around a field's value, in the private use area: field k starts at U+E000 + 2k, ends one later.
_START = {name: chr(0xE000 + 2 * k) for k, name in enumerate(CSL_FIELDS)}
_END = {name: chr(0xE000 + 2 * k + 1) for k, name in enumerate(CSL_FIELDS)}
_RUN_OF_INITIALS = re.compile(r"[A-Z]{2,4}")
_ANY_SENTINEL = re.compile(rf"[{MARKERS}]")  # store text refuses these characters (problems.py)
_DOUBLE_STOP = re.compile(rf"([?!.])((?:[{MARKERS}]|</?\w+>)*)\.")
_SPACE_BEFORE_END = re.compile(r"\s+([" + "".join(_END.values()) + "])")

UNVERIFIED_OPEN = '<span class="igf-unverified" title="Not confirmed against a bibliographic record">'
UNVERIFIED_CLOSE = '<span class="igf-unverified-mark"> (unverified)</span></span>'


class StyleError(Exception):
    """The configured CSL style cannot be used; the message says what to fix."""


def csl_json(src: Source) -> dict[str, Any]:
    """The source as a CSL-JSON item (the store's field names already follow CSL-JSON)."""
    return src.model_dump(by_alias=True, exclude_none=True, include=_CSL_MODEL_FIELDS)


def _escaped(value: Any) -> Any:
    """HTML-escape every string in a CSL item (citeproc-py's HTML output does not escape text)."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: (_escaped(v) if k not in ("id", "type") else v) for k, v in value.items()}
    return value


INDEX_AUTHORS = 3  # authors an index row names before "et al." (a reference list names six, as NLM does)


def marked_item(src: Source) -> dict[str, Any]:
    """The CSL-JSON item, escaped, with each unverified field wrapped in its sentinels."""
    item = _escaped(csl_json(src))
    if "author" in item:  # given names written as initials ("EA") are two names to the CSL processor
        item["author"] = [
            {**a, "given": " ".join(a["given"])} if _RUN_OF_INITIALS.fullmatch(a.get("given", "")) else a
            for a in item["author"]
        ]
    for name in src.verification.unverified_fields:  # each present: the model checks it
        if name == "author":
            authors = item["author"]  # the item's own copies, made by _escaped
            authors[0]["family"] = _START[name] + authors[0]["family"]
            for a in authors:  # the style may show only the first few: close after the last one shown
                if a.get("given"):  # a word of its own, so that initialising the given names keeps it
                    a["given"] = a["given"] + " " + _END[name]
                else:
                    a["family"] = a["family"] + _END[name]
        elif name == "issued":
            item["issued"] = {"literal": _START[name] + str(src.year) + _END[name]}
        else:
            item[name] = _START[name] + item[name] + _END[name]
    if src.more_authors:  # the style writes a literal name as it is: "Wilton P, et al."
        item["author"].append({"literal": "et al."})
    return item


def _sentinels_to_markup(text: str) -> str:
    text = _SPACE_BEFORE_END.sub(r"\1", text)
    text = _DOUBLE_STOP.sub(r"\1\2", text)
    for name in CSL_FIELDS:  # a sentinel left inside or after a marked span goes with the rest, below
        first, last = text.find(_START[name]), text.rfind(_END[name])
        if first < 0:
            continue
        if last < first:  # the end was dropped by the style: close at the start's word
            last = len(text)
        text = text[:first] + UNVERIFIED_OPEN + text[first + 1 : last] + UNVERIFIED_CLOSE + text[last + 1 :]
    return _ANY_SENTINEL.sub("", text)


class CSLFormatter:
    """Formats sources with one CSL style; results are cached in memory and, if given, on disk."""

    def __init__(self, style_path: Path, cache_dir: Path | None = None):
        if not style_path.is_file():
            raise StyleError(
                f"CSL style file '{style_path}' does not exist; set extra.citations.style in "
                f"mkdocs.yml to a .csl file in the repository (the default is {DEFAULT_STYLE})"
            )
        data = style_path.read_bytes()
        try:
            self.style = CitationStylesStyle(str(style_path), validate=False)
        except Exception as exc:  # noqa: BLE001 - lxml and citeproc raise many kinds; report one message
            raise StyleError(f"CSL style file '{style_path}' cannot be read: {exc}") from None
        self.key = hashlib.sha256(data + str(citeproc_version).encode() + code_digest()).hexdigest()[:16]
        self.cache_file = cache_dir / f"csl-{self.key}.json" if cache_dir else None
        self._memo: dict[str, str] = self._read_cache(self.cache_file, self.key) if self.cache_file else {}
        self._dirty = False

    @staticmethod
    def _read_cache(path: Path, key: str) -> dict[str, str]:
        """The entries kept for this style, or none if the file is unreadable, of another shape, or not
        made for this style, citeproc-py version and code."""
        data = read_bytes(path)
        try:
            kept = json.loads(data) if data is not None else None
        except ValueError:
            return {}
        entries = kept.get("entries") if isinstance(kept, dict) and kept.get("key") == key else None
        if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
            return {}
        return entries

    def _format(self, item: dict[str, Any]) -> str:
        bib = CitationStylesBibliography(self.style, CiteProcJSON([item]), formatter.html)
        bib.register(Citation([CitationItem(item["id"])]))
        [entry] = bib.bibliography()
        text = str(entry).strip()
        # The page's <ol> numbers the list: drop a number the style may print itself.
        return re.sub(r"^\[?1\]?\.?\s+", "", text) if text[:1] in "[1" else text

    def entry(self, src: Source, identifiers: bool = True) -> Markup:
        """The formatted reference as inert HTML, unverified fields marked; for an index whose rows link to
        the source's own page (identifiers=False), without its DOI, PMID, PMCID and URL and with its first
        three authors only, then "et al.": the source's page gives them all."""
        item = marked_item(src)
        if identifiers:
            return self._cached(item)
        item = {k: v for k, v in item.items() if k not in IDENTIFIERS}
        if len(item.get("author", ())) > INDEX_AUTHORS:  # the rest are on the source's page
            item["author"] = [*item["author"][:INDEX_AUTHORS], {"literal": "et al."}]
        return self._cached(item)

    def item(self, item: dict[str, Any]) -> Markup:
        """Any CSL-JSON item (e.g. a page of this site) as inert HTML."""
        return self._cached(_escaped(item))

    def _cached(self, item: dict[str, Any]) -> Markup:
        key = hashlib.sha256(json.dumps(item, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:24]
        if key not in self._memo:
            self._memo[key] = inert_html(_sentinels_to_markup(self._format(item)))
            self._dirty = True
        return Markup(self._memo[key])

    def save(self) -> None:
        """Write the disk cache if anything new was formatted (keeps only this style's entries)."""
        if not (self.cache_file and self._dirty):
            return
        kept = {"key": self.key, "entries": self._memo}
        write_bytes(
            self.cache_file,
            json.dumps(kept, sort_keys=True, ensure_ascii=False).encode("utf-8"),
            "csl-*.json",
        )
        self._dirty = False
