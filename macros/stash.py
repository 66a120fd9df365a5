"""Macro output kept out of Markdown's way, and put back into the page's HTML afterwards.

The HTML our macros write is final: escaped, inert, with its own links and anchors. Left in the Markdown,
it would be parsed three times over (MkDocs' anchor scan, Markdown's raw-HTML block handling and
md_in_html) only to come out as it went in; on a page of claim cards that is most of the build. So where
the HTML would pass through Markdown unchanged, it travels as a short token instead: `\\ue000n\\ue001`
inline, `\\ue002n\\ue003` for a block, private-use characters that no Markdown syntax touches. After
Markdown (the `on_page_content` hook) each token is replaced by its HTML (a block token alone in a
paragraph replaces the paragraph), and the ids inside are added to the anchors MkDocs validates links
against.

Everywhere else the text goes, the page gets what it would get without the stash:

- Jinja filters and tests see the real HTML. A macro returns `Stashed`, a `str` holding its HTML; only
  when Jinja outputs it unchanged (`finalize`, installed on mkdocs-macros' Jinja environment) does it
  become a token. `{{ claim("x") | length }}` is the length of the HTML, `| striptags` its text, and
  whatever a filter returns goes into the Markdown as itself. (Working on the real HTML was chosen over
  stopping the build: it is what the page means, and it costs nothing where no filter is used.)
- A heading is Markdown's to read: its text makes the heading's id, the table of contents entry, the
  page title and the search entry, so tokens on a heading line (`# ...`, or a line underlined with
  `===`/`---`) go back into the Markdown as HTML before Markdown runs (`unstash_headings`). So do tokens
  in the page title from its front matter (as text: a title is text).
- On a page whose template captures output and transforms it (`{% filter upper %}`, a template
  `{% macro %}`, `{% call %}`, a `{% set %}` block) nothing is stashed: the HTML goes into the Markdown.
- In code (`<code>`) and inside a tag (an attribute such as a link title) Markdown would have escaped the
  HTML: the token is replaced by the escaped HTML, so the page shows it as text.

A macro whose output holds Markdown headings (the claims register's topic headings, the sections of a
claim's page) returns Markdown with its HTML in it, not stashed, so that the headings reach the table of
contents.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any, Self

RESERVED = "\ue000-\ue003"  # the characters of a token, as a regex range (pagecheck refuses them in a page)
_INLINE = "\ue000{}\ue001"
_BLOCK = "\ue002{}\ue003"
_TOKEN = re.compile("<p>\ue002(\\d+)\ue003</p>|\ue002(\\d+)\ue003|\ue000(\\d+)\ue001")
_BARE_TOKEN = re.compile("[\ue000\ue002](\\d+)[\ue001\ue003]")
_ID = re.compile(r'\sid="([^"]+)"')
_CODE = re.compile(r"<code\b[^>]*>.*?</code>", re.DOTALL)
_IN_TAG = re.compile("<[^<>]*[\ue000\ue002][^<>]*>")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")


class Stashed(str):
    """A macro's HTML on its way into the page: as a string it is the HTML itself; output unchanged by
    Jinja, it becomes a token of the page's stash."""

    stash: Stash
    kind: str  # "inline" or "block"

    def __new__(cls, html: str, stash: Stash, kind: str) -> Self:
        self = super().__new__(cls, html)
        self.stash, self.kind = stash, kind
        return self


def output(value: Any) -> Any:
    """Jinja's `finalize`: macro output printed unchanged travels as a token; anything else as itself."""
    return value.stash.token(str(value), value.kind) if type(value) is Stashed else value


class Stash:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.enabled = True  # off on a page that captures output (see `token`)

    def inline(self, html: str) -> Stashed:
        return Stashed(html, self, "inline")

    def block(self, html: str) -> Stashed:
        return Stashed(html, self, "block")

    def token(self, html: str, kind: str) -> str:
        """A token for the HTML; on a page whose template captures output and transforms it (a
        `{% filter %}` block, a template `{% macro %}`, `{% call %}`, `{% set %}...{% endset %}`) the
        HTML itself, since a token would pass through the transformation untouched."""
        if not self.enabled:
            return html
        self.items.append(html)
        return (_INLINE if kind == "inline" else _BLOCK).format(len(self.items) - 1)

    def unstash(self, text: str) -> str:
        """The text with every token replaced by its HTML, as it would be without the stash."""
        return _BARE_TOKEN.sub(lambda m: self.items[int(m.group(1))], text) if self.items else text

    def unstash_headings(self, markdown: str) -> str:
        """Tokens on heading lines put back as HTML, for Markdown to read as it reads the heading."""
        if not self.items or not has_tokens(markdown):
            return markdown
        lines = markdown.split("\n")
        for i, line in enumerate(lines):
            if has_tokens(line) and (
                _ATX.match(line) or (i + 1 < len(lines) and _SETEXT.match(lines[i + 1]) and line.strip())
            ):
                lines[i] = self.unstash(line)
        return "\n".join(lines)

    def restore(self, html: str) -> tuple[str, set[str]]:
        """The page's HTML with every token replaced, and the ids the replacements brought in."""
        if not self.items:
            return html, set()

        def escape(m: re.Match[str]) -> str:  # in code and in attributes the HTML is shown as text
            return _BARE_TOKEN.sub(lambda t: html_lib.escape(self.items[int(t.group(1))]), m.group(0))

        if "<code" in html:
            html = _CODE.sub(escape, html)
        html = _IN_TAG.sub(escape, html)
        ids: set[str] = set()

        def put_back(m: re.Match[str]) -> str:
            fragment = self.items[int(m.group(1) or m.group(2) or m.group(3))]
            if ' id="' in fragment:
                ids.update(_ID.findall(fragment))
            return fragment

        return _TOKEN.sub(put_back, html), ids


def has_tokens(text: str) -> bool:
    return "\ue000" in text or "\ue002" in text
