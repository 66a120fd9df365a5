"""Glossary abbreviations as <abbr> on every page, applied once to the rendered HTML of each page.

Applying them to the final HTML (rather than with Markdown's abbr extension) covers prose and
store-rendered blocks alike, and never nests an <abbr> inside another. Each term is marked at its first
use in each section (each <h2>, and each claim card, which may be reached directly by its anchor), not at
every use: a topic page uses IGF-1 hundreds of times, and hundreds of identical tooltips only weigh the
page down.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from functools import lru_cache

from .models import GlossaryEntry

# Tag names as words (noqa: SIM905): as a set literal, the formatter puts each on a line of its own. None is
# a void element, so each opening tag has its closing one (or closes itself: `<svg .../>`).
SKIP = set("a abbr code pre script style h1 h2 h3 h4 h5 h6 title textarea svg button option kbd time".split())  # noqa: SIM905


@lru_cache(maxsize=8)
def _compile(terms: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    titles = dict(terms)
    alternation = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    # "GH-releasing", plural "RCTs". No look-behind for a word character before the term: it makes the
    # regex engine try every alternative at every offset (five times slower); apply() checks that char.
    pattern = re.compile(rf"({alternation})(?=s?(?![\w]))")
    return pattern, titles


_SKIP_TAG = re.compile(
    r"<(/?)\s*(" + "|".join(sorted(SKIP, key=len, reverse=True)) + r")(?=[\s/>])[^>]*>", re.I
)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Reference lists and a source page's reference and note cite names and titles as published: no
# abbreviation marks there (they are in the text around). Author initials read as terms ("Gadelha MR").
_NO_ABBR_BLOCK = re.compile(
    r'<ol class="igf-references".*?</ol>|<p class="igf-source-(?:ref|note)".*?</p>', re.S
)
_IN_ENTITY = re.compile(r"&#?[0-9A-Za-z]*$")
_SECTION = re.compile(r'<h2[\s>]|<[a-zA-Z][^>]*?class="igf-card[ "]')


def _skipped(page_html: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the spans where no abbreviation goes: SKIP elements and comments."""
    spans = [m.span() for m in _COMMENT.finditer(page_html)]
    spans += [m.span() for m in _NO_ABBR_BLOCK.finditer(page_html)]
    stack: list[str] = []
    opened = 0
    for m in _SKIP_TAG.finditer(page_html):
        name = m.group(2).lower()
        if m.group(1):  # a closing tag
            if name in stack:
                while stack.pop() != name:
                    pass
                if not stack:
                    spans.append((opened, m.end()))
        elif not m.group(0)[:-1].rstrip().endswith("/"):
            if not stack:
                opened = m.start()
            stack.append(name)
    if stack:
        spans.append((opened, len(page_html)))
    spans.sort()
    starts: list[int] = []
    ends: list[int] = []
    for a, b in spans:  # merged, so that one bisection tells whether an offset is inside
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def apply(page_html: str, glossary: list[GlossaryEntry]) -> str:
    """Mark each glossary term at its first use in each section, outside tags and SKIP elements.

    One pass of the terms' pattern over the whole page; only a term's first candidate in a section is
    looked at closely (inside a tag? inside a link, heading or code?), so the cost is the regex's.
    """
    if not glossary:
        return page_html
    # The expansion only: the definitions are on the glossary page; repeated in every section of a long
    # page they were a twentieth of its weight.
    pattern, titles = _compile(tuple((g.term, g.expansion) for g in glossary))
    starts, ends = _skipped(page_html)
    sections = [m.start() for m in _SECTION.finditer(page_html)]
    done: set[tuple[int, str]] = set()
    out: list[str] = []
    last = pos = 0
    while m := pattern.search(page_html, pos):
        at, term = m.start(), m.group(1)
        before = page_html[max(0, at - 2) : at]
        if before[-1:].isalnum() or before[-1:] == "_" or (before[-1:] == "-" and before[:1].isdigit()):
            pos = at + 1  # inside a word, or a number's suffix ("274-OR"); a term may start further on
            continue
        pos = m.end()
        key = (bisect_right(sections, at), term)
        if key in done:
            continue
        if page_html.rfind("<", 0, at) > page_html.rfind(">", 0, at):
            continue  # inside a tag
        if _IN_ENTITY.search(page_html, max(0, at - 12), at):
            continue  # inside a character reference: a term "amp" must not split "&amp;"
        i = bisect_right(starts, at) - 1
        if i >= 0 and at < ends[i]:
            continue  # inside a link, heading, code, comment...
        done.add(key)
        out += [page_html[last:at], f'<abbr title="{html.escape(titles[term], quote=True)}">{term}</abbr>']
        last = m.end()
    return "".join(out) + page_html[last:]
