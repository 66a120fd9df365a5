"""Small HTML readers for tests (stdlib only)."""

from __future__ import annotations

from html.parser import HTMLParser


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[tuple[str, dict[str, str]]] = []  # (href, attrs)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        self.elements.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.links.append((a["href"], a))
        if tag == "script":
            self.scripts.append(a)


def collect(html: str) -> Collector:
    c = Collector()
    c.feed(html)
    return c
