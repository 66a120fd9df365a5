"""Every abbreviation in the prose of the built site is in the glossary and shown with its expansion."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import BuildResult

pytestmark = pytest.mark.slow

# Capitalised tokens that are names, not abbreviations a reader needs expanded.
NOT_ABBREVIATIONS = {
    "UK",
    "US",
    "USA",
    "DOI",
    "PMID",
    "PMC",
    "PMCID",
    "PubMed",
    "WebMD",  # a health news site, named where a claim cites its report
    "PLOS",
    "PLoS",
    "PNAS",
    "JAHA",  # names
    "BibTeX",
    "RIS",
    "CSL-JSON",
    "JSON",  # file formats offered for download
    "II",
    "III",
    "III-IV",
    "U/mL",
    "CO2",  # numerals, units, formulae
    "CNIO",
    "ANGFA",
    "InCHIANTI",  # an institute, a company and a cohort study, named where they appear
    "IGFB-3",
    "Igf-I",  # a seed's typo (discussed where quoted) and the mouse gene symbol
    "IIb",  # a trial phase, a numeral like II and III
    "IIa",
    "I-II",
    "IIa-V",  # stages of the Norwood-Hamilton and Ludwig-Savin scales of hair loss
    "URL",
    "ID",  # the labels of a source's identifiers
    "MA",  # a US state in a publisher's address
    "PLC",
    "INCRELEX",  # a company suffix and a brand name, as the documents print them
    "PRACTICAL",
    "ALIVE",
    "VARIETE",  # a consortium and studies, named where they appear
    "UWS",
    "JCEM",
    "J-STAGE",  # a university's research portal, a journal and a publishing platform, named in notes
    "ROLE",  # a title's own capitals, kept as the source prints it
    "GH-IGF-1",  # GH and IGF-1 joined by a hyphen
    "SIRT1-p53",  # gene symbols in a source's title
}
# Blocks whose text is bibliographic or quoted verbatim from a seed, where odd spellings are kept on purpose.
SKIP_CLASSES = {
    "igf-references",
    "igf-ref-text",
    "igf-source-ref",
    "igf-source-note",
    "igf-sources",
    "igf-seed-refs",
    "igf-ev-source",
    "md-nav",
    "md-header",
    "md-footer",
    "md-sidebar",
}
SKIP_TAGS = {"abbr", "code", "pre", "q", "script", "style", "svg", "a", "blockquote"}
TOKEN = re.compile(r"(?<![\w-])([A-Z][A-Za-z0-9αβκ/-]*[A-Z0-9][A-Za-z0-9αβκ]*)(?![\w])")
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "path", "rect", "circle", "line"}


class ProseText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.text: list[str] = []
        self.abbr_titles: dict[str, str] = {}
        self._abbr: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "abbr":
            self._abbr = a.get("title") or ""
        if tag in VOID:
            return
        classes = set((a.get("class") or "").split())
        self.stack.append(tag in SKIP_TAGS or bool(classes & SKIP_CLASSES))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._abbr is not None:
            self.abbr_titles[data] = self._abbr
            self._abbr = None
        if not any(self.stack):
            self.text.append(data)


def test_every_abbreviation_is_explained(real_site: BuildResult) -> None:
    from conftest import ROOT
    from macros.store import load_store

    terms = {g.term for g in load_store(ROOT, None).glossary}
    unexplained: dict[str, str] = {}
    for page in sorted(real_site.site.rglob("*.html")):
        parser = ProseText()
        parser.feed(page.read_text(encoding="utf-8"))
        for tok in TOKEN.findall(" ".join(parser.text)):
            known = terms | NOT_ABBREVIATIONS
            # "GH/IGF-1" is two abbreviations; "C57BL/6" or "U/mL" is one term
            words = [tok] if tok in known or "/" not in tok else tok.split("/")
            for word in words:
                word = word[:-1] if word.endswith("s") and word[:-1] in terms else word
                if re.search(r"[a-z]{3}", word):  # names such as Perez-Moreno or BioBank, not abbreviations
                    continue
                if re.fullmatch(r"(PMC|NCT)\d+", word):  # a PubMed Central or ClinicalTrials.gov identifier
                    continue
                if sum(ch.isupper() for ch in word) >= 2 and word not in known:
                    unexplained.setdefault(word, str(page.relative_to(real_site.site)))
        for term, title in parser.abbr_titles.items():
            assert title, f"{page}: <abbr>{term}</abbr> has no title"
    assert not unexplained, f"abbreviations missing from data/glossary.yaml: {unexplained}"


def test_glossary_page_lists_every_term(real_site: BuildResult) -> None:
    from conftest import ROOT
    from macros.store import load_store

    html = real_site.page("glossary/")
    for g in load_store(ROOT, None).glossary:
        assert f">{g.term}</abbr></dt>" in html.replace("&amp;", "&"), g.term
