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
from functools import lru_cache

from .models import GlossaryEntry

SKIP = {"a", "abbr", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6", "title",
        "textarea", "svg", "button", "option", "kbd", "time"}
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/)?\s*>", re.S)
SECTION_CLASS = re.compile(r'class="igf-card[ "]')
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed",
        "track", "param"}


@lru_cache(maxsize=8)
def _compile(terms: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    titles = {term: f"{expansion}: {definition}" if definition else expansion
              for term, expansion, definition in ((t, e, d) for t, (e, d) in terms)}
    alternation = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w])({alternation})(?=s?(?![\w]))")  # "GH-releasing", plural "RCTs"
    return pattern, titles


def glossary_key(glossary: list[GlossaryEntry]) -> tuple:
    return tuple((g.term, (g.expansion, g.definition)) for g in glossary)


def apply(page_html: str, glossary: list[GlossaryEntry]) -> str:
    if not glossary:
        return page_html
    pattern, titles = _compile(glossary_key(glossary))

    seen: set[str] = set()

    def wrap(m: re.Match[str]) -> str:
        term = m.group(1)
        if term in seen:
            return term
        seen.add(term)
        return f'<abbr title="{html.escape(titles[term], quote=True)}">{term}</abbr>'

    out: list[str] = []
    skip_depth = 0
    stack: list[str] = []
    for part in _TOKEN.split(page_html):
        if not part:
            continue
        if part.startswith("<"):
            m = _TAG.match(part)
            if m and not part.startswith("<!--"):
                closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(3)
                if not closing and (name == "h2" or SECTION_CLASS.search(part)):
                    seen.clear()
                if closing:
                    if name in SKIP and stack and name in stack:
                        while stack:
                            if stack.pop() == name:
                                break
                        skip_depth = len(stack)
                elif name in SKIP and not selfclose and name not in VOID:
                    stack.append(name)
                    skip_depth = len(stack)
            out.append(part)
        elif skip_depth:
            out.append(part)
        else:
            out.append(pattern.sub(wrap, part))
    return "".join(out)
