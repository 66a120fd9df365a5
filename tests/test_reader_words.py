"""No editors' process jargon in what readers see (reader audit, section S7).

Notes the editors wrote for each other ("search tool, pages corpus", internal issue and review numbers,
"helper", "from memory", "the seed") used to reach source pages, claim pages, /changes/ and the Atom feed.
These tests read the real site, built once per session, and fail naming the page and the phrase when the
visible text of a page contains one: the main content (with its title, alt and aria-label attributes),
<title>, and the description, title and image-alt meta tags; and every entry's text in changes.xml.
Text inside <code>, <pre>, <script> and <style> is ignored, and so are URLs (href and src values, and any
URL written out in the text) and data- attributes. The words stay allowed where readers never see them:
YAML comments, ids and field names.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BuildResult

pytestmark = pytest.mark.slow

# The process words of S7: each means something only inside the project.
JARGON = {
    "search tool": re.compile(r"search tool", re.I),
    "corpus": re.compile(r"corpus", re.I),
    "helper": re.compile(r"helper", re.I),
    "issue N": re.compile(r"\bissue \d", re.I),
    "pattern N": re.compile(r"\bpattern \d", re.I),
    "reviewNN": re.compile(r"review\d\d", re.I),
    "grade override": re.compile(r"grade override", re.I),
    "from memory": re.compile(r"from memory", re.I),
    "stored record": re.compile(r"stored record", re.I),
    "research notes": re.compile(r"research notes", re.I),
}
# Our own words for the articles under review and for our records. Ids such as seed-hair-blog are not the
# word (they are the addresses of those articles' pages), so a "seed" joined to a hyphen does not count.
OWN_WORDS = {
    "seed": re.compile(r"(?<![\w-])seeds?(?![\w-])", re.I),
    "store": re.compile(r"(?<![\w-])store(?![\w-])", re.I),
}
# A journal's "issue 11" is a citation detail, not our issue number: an issue right after a volume, or
# followed by pages, a date or another part of the citation ("volume 25, issue 11", "issue 4-5, 411-418",
# "issue 12 and first page 4792"). Our own were "(issue 12)", "(issue 11, pattern 3)", "issue 12 gap".
CITATION_ISSUE = re.compile(
    r"\b(?:volume|vol\.?) ?\d+,? issue \d+"
    r"|\bissue \d+[-/]\d+"
    r"|\bissue \d+[,;]? (?:\d|e\d|pages?\b|pp\b|first page|article|manuscript|in the document|[A-Z][a-z]+ \d{4}"
    r"|and (?:DOI|abstract|first page|manuscript|article|pages?)\b)",
    re.I,
)
URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+\.(?:org|com|gov|net|edu|uk|it|de|nl|cn|info|tech)/\S*", re.I)
SKIP = {"code", "pre", "script", "style", "svg", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SHOWN_ATTRS = ("title", "alt", "aria-label")
META = re.compile(r"^(description|(og|twitter):(title|description|image:alt))$")


class _Visible(HTMLParser):
    """The text a reader sees: <title>, the description and preview meta tags, and <main>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[str] = []  # open elements, for knowing whether we are in <main>, <title>, <code>

    def _shown(self) -> bool:
        return ("main" in self.stack or "title" in self.stack) and not SKIP.intersection(self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and META.match(a.get("name") or a.get("property") or ""):
            self.parts.append(a.get("content", ""))
        if tag not in VOID:
            self.stack.append(tag)
        if self._shown():
            self.parts += [a[k] for k in SHOWN_ATTRS if a.get(k)]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:  # close it and anything left open inside it
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self._shown():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def feed_text(xml: bytes) -> str:
    """The text of the Atom feed's titles, summaries and contents (HTML content read as a page would be)."""
    parts = []
    for element in ET.fromstring(xml).iter():
        if not element.text or element.tag.rsplit("}", 1)[-1] not in {
            "title",
            "subtitle",
            "summary",
            "content",
        }:
            continue
        html = element.get("type") in {"html", "xhtml"}
        parts.append(visible_text(f"<main>{element.text}</main>") if html else element.text)
    return " ".join(" ".join(parts).split())


def findings(text: str, words: dict[str, re.Pattern[str]]) -> list[tuple[str, str]]:
    """(phrase, the words around it) for each jargon phrase in text, URLs and journal issues set aside."""
    text = URL.sub(" ", text)
    text = CITATION_ISSUE.sub(lambda m: re.sub("(?i)issue", "iss.", m.group(0)), text)
    out = []
    for name, pattern in words.items():
        out += [(name, text[max(0, m.start() - 50) : m.end() + 50]) for m in pattern.finditer(text)]
    return out


def site_texts(site: Path) -> dict[str, str]:
    texts = {
        str(p.relative_to(site)): visible_text(p.read_text(encoding="utf-8"))
        for p in sorted(site.rglob("*.html"))
    }
    texts["changes.xml"] = feed_text((site / "changes.xml").read_bytes())
    return texts


def report(texts: dict[str, str], words: dict[str, re.Pattern[str]]) -> list[str]:
    """One line per page and phrase: how often, and the first place it occurs."""
    lines = []
    for page, text in texts.items():
        seen: dict[str, list[str]] = {}
        for name, context in findings(text, words):
            seen.setdefault(name, []).append(context)
        lines += [f"{page}: '{name}' x{len(c)}: ...{c[0]}..." for name, c in sorted(seen.items())]
    return lines


@pytest.fixture(scope="module")
def texts(real_site: BuildResult) -> dict[str, str]:
    return site_texts(real_site.site)


def test_the_site_has_pages_to_read(texts: dict[str, str]) -> None:
    assert len(texts) > 100 and "changes.xml" in texts and "index.html" in texts
    assert "What changed" in texts["changes/index.html"] or "changed" in texts["changes.xml"]


def test_no_process_jargon_in_reader_text(texts: dict[str, str]) -> None:
    problems = report(texts, JARGON)
    assert not problems, f"{len(problems)} page/phrase pairs with editors' jargon:\n" + "\n".join(problems)


def test_no_seed_or_store_in_reader_text(texts: dict[str, str]) -> None:
    """'seed' (our word for an article under review) and 'store' (our records), outside URLs and ids."""
    problems = report(texts, OWN_WORDS)
    assert not problems, f"{len(problems)} page/phrase pairs with 'seed' or 'store':\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<main><p>Seen at pubmed.gov/1 (search tool, pages corpus).</p></main>", {"search tool", "corpus"}),
        ("<main><p>Kind set to background (issue 11, pattern 3).</p></main>", {"issue N", "pattern N"}),
        ('<main><p title="After review38">x</p></main>', {"reviewNN"}),
        ("<title>Title is from memory</title><main></main>", {"from memory"}),
        ('<meta name="description" content="Grade override D removed"><main></main>', {"grade override"}),
        (
            "<main><p>The hair helper's file; the project's research notes.</p></main>",
            {"helper", "research notes"},
        ),
        ("<main><p>Not seen in any stored record.</p></main>", {"stored record"}),
        ("<main><p>Endocrine Practice volume 25, issue 11, pages 1191-1232</p></main>", set()),
        ("<main><p>from which volume 91, issue 12 and first page 4792 are taken</p></main>", set()),
        ("<main><p>Hormone Research issue 3, 129-141; Pediatric Nephrology issue 1/2008</p></main>", set()),
        ("<main><p>(Frystyk J; Volume 10, Issue 2, pp 181-187)</p></main>", set()),
        ("<main><p>Added in the review (issue 12 gap).</p></main>", {"issue N"}),
        ("<main><p>The DOI come from issue 12 and were not seen.</p></main>", {"issue N"}),
        ("<main><code>issue 12</code><pre>helper</pre><script>corpus</script></main>", set()),
        ('<main><a href="/search-tool/corpus/" data-note="helper">Source</a></main>', set()),
        ("<nav>helper</nav><main>fine</main><footer>corpus</footer>", set()),
    ],
)
def test_the_jargon_check_finds_what_readers_would_see(html: str, found: set[str]) -> None:
    assert {name for name, _ in findings(visible_text(html), JARGON)} == found


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<main><p>The seed's own author concedes it.</p></main>", {"seed"}),
        ("<main><p>Every claim in the store.</p></main>", {"store"}),
        ("<main><label>Seed article</label></main>", {"seed"}),
        (
            '<main><a href="../../sources/seed-hair-blog/">The hair-loss blog</a> (seed-hair-blog)</main>',
            set(),
        ),
        ("<main><p>https://example.org/seed/store/ and restored growth; stored copies</p></main>", set()),
    ],
)
def test_the_seed_and_store_check_skips_ids_and_urls(html: str, found: set[str]) -> None:
    assert {name for name, _ in findings(visible_text(html), OWN_WORDS)} == found


def test_the_feed_is_read_as_text() -> None:
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Certainty changed</title>'
        b'<summary type="text">After review38: reworded</summary>'
        b'<content type="html">&lt;p&gt;the seed&lt;/p&gt;&lt;code&gt;corpus&lt;/code&gt;</content>'
        b'<link href="https://x.org/helper/"/></entry></feed>'
    )
    text = feed_text(feed)
    assert {n for n, _ in findings(text, JARGON)} == {"reviewNN"}
    assert {n for n, _ in findings(text, OWN_WORDS)} == {"seed"}
