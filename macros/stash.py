"""Macro output kept out of Markdown's way, and put back into the page's HTML afterwards.

The HTML our macros write is final: escaped, inert, with its own links and anchors. Left in the Markdown,
it would be parsed three times over (MkDocs' anchor scan, Markdown's raw-HTML block handling and
md_in_html) only to come out as it went in; on a page of claim cards that is most of the build. So a
macro returns a short token instead: `\\ue000n\\ue001` inline, `\\ue002n\\ue003` for a block, private-use
characters that no Markdown syntax touches. After Markdown (the `on_page_content` hook), each token is
replaced by its HTML (a block token alone in a paragraph replaces the paragraph), and the ids inside are
added to the anchors MkDocs validates links against.

A macro whose output holds headings (the claims register's topic headings) returns them untouched, so
that they reach the table of contents.
"""

from __future__ import annotations

import re

_INLINE = "\ue000{}\ue001"
_BLOCK = "\ue002{}\ue003"
_TOKEN = re.compile("<p>\ue002(\\d+)\ue003</p>|\ue002(\\d+)\ue003|\ue000(\\d+)\ue001")
_ID = re.compile(r'\sid="([^"]+)"')


class Stash:
    def __init__(self) -> None:
        self.items: list[str] = []

    def inline(self, html: str) -> str:
        self.items.append(str(html))
        return _INLINE.format(len(self.items) - 1)

    def block(self, html: str) -> str:
        self.items.append(str(html))
        return _BLOCK.format(len(self.items) - 1)

    def restore(self, html: str) -> tuple[str, set[str]]:
        """The page's HTML with every token replaced, and the ids the replacements brought in."""
        if not self.items:
            return html, set()
        ids: set[str] = set()

        def put_back(m: re.Match[str]) -> str:
            fragment = self.items[int(m.group(1) or m.group(2) or m.group(3))]
            if ' id="' in fragment:
                ids.update(_ID.findall(fragment))
            return fragment

        return _TOKEN.sub(put_back, html), ids


def has_tokens(text: str) -> bool:
    return "\ue000" in text or "\ue002" in text
