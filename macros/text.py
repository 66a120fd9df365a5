"""Turning store text into safe HTML.

Store text is escaped first, then a small inline-Markdown subset (code, strong, emphasis) is applied,
and finally the characters Markdown and its extensions treat as syntax are written as numeric character
references. The result is inert: the page's own Markdown pass cannot re-interpret it, so a statement can
sit inline in a paragraph, a table cell or an admonition without changing the page's structure.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

_CODE = re.compile(r"`([^`\n]+)`")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
_TAG_OR_TEXT = re.compile(r"(<[^>]+>|&#?\w+;)")
# Characters that Python-Markdown or pymdown-extensions may read as syntax inside inline text.
_INERT = str.maketrans({ch: f"&#{ord(ch)};" for ch in "\\`*_[]{}|~^=:+!#$"})
_WS = re.compile(r"\s+")


def inert_html(markup: str) -> str:
    """Encode Markdown syntax characters in the text parts of already-safe HTML."""
    return "".join(
        part if part[:1] in ("<", "&") else part.translate(_INERT) for part in _TAG_OR_TEXT.split(markup)
    )


def inline_markdown(text: str) -> Markup:
    """Escape text, then render `code`, **strong** and *emphasis*; return inert HTML."""
    escaped = html.escape(_WS.sub(" ", text).strip(), quote=True)
    codes: list[str] = []

    def stash(m: re.Match[str]) -> str:
        codes.append(f"<code>{m.group(1)}</code>")
        return f"\x00{len(codes) - 1}\x00"

    out = _CODE.sub(stash, escaped)
    out = _STRONG.sub(r"<strong>\1</strong>", out)
    out = _EM.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", out)
    out = re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))], out)
    return Markup(inert_html(out))


def plain(text: str) -> Markup:
    """Escape text with no Markdown at all; inert."""
    return Markup(inert_html(html.escape(_WS.sub(" ", text).strip(), quote=True)))


def one_line(html_out: str) -> str:
    """Fold a rendered template onto one line so it survives indentation (admonitions, lists, tabs)."""
    return re.sub(r"\s*\n\s*", " ", html_out).strip()
