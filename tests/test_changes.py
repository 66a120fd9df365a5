"""What changed (issue 12): each claim's history on its cards, the "What changed" page newest first, and
its Atom feed (RFC 4287), on the reading fixture with history added to its two claims. Also the igf1()
unit macro, on the same fixture page, and its build error for an unknown unit."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import BuildResult, run_build
from macros.models import HistoryEntry
from reading_fixture import reading_project

pytestmark = pytest.mark.slow

ATOM = "{http://www.w3.org/2005/Atom}"
HISTORY = {  # appended to each fixture claim, after its `reviewed:` line
    "zz-claim-one": """  history:
    - {date: 2026-01-02, what: [new], note: Added in the fixture review.}
""",
    "zz-claim-two": """  history:
    - {date: 2026-02-01, what: [statement, reasons], note: "Wording made *precise* <b>not bold</b>."}
    - {date: 2026-03-04, what: [verdict, certainty], note: A trial & a meta-analysis disagreed.}
""",
}
UNITS_TEXT = (
    '\nA normal adult level is {{ igf1(150, "ng/mL") }}; high is {{ igf1(40, "nmol/L") }}; '
    'a range: {{ igf1(100, "ng/mL", to=300) }}.\n'
)


def _with_history(project: Path) -> Path:
    claims = project / "data" / "claims" / "zz-fixture.yaml"
    text = claims.read_text(encoding="utf-8")
    for cid, lines in HISTORY.items():
        block = re.search(rf"- id: {cid}\n(?:  .*\n)*?  reviewed: .*\n", text)
        text = text[: block.end()] + lines + text[block.end() :]
    assert text.count("history:") == 2
    claims.write_text(text, encoding="utf-8")
    page = project / "docs" / "topics" / "zz-fixture.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("\n## References", UNITS_TEXT + "\n## References"),
        encoding="utf-8",
    )
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    base = tmp_path_factory.mktemp("changes")
    result = run_build(_with_history(reading_project(base / "project")), base / "site")
    assert result.returncode == 0, result.output
    return result


def test_the_feed_is_atom_with_the_required_elements_newest_first(site: BuildResult) -> None:
    feed = ET.fromstring((site.site / "changes.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), f"feed has no <{name}>"
    assert feed.findtext(f"{ATOM}author/{ATOM}name")
    everything = feed.findall(f"{ATOM}entry")
    assert feed.findtext(f"{ATOM}updated") == everything[0].findtext(f"{ATOM}updated")  # the newest change
    dates = [e.findtext(f"{ATOM}updated") for e in everything]
    assert dates == sorted(dates, reverse=True)
    assert (
        feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://igf1-evidence.example.org/changes.xml"
    )
    for e in everything:  # the real claims' history is in the feed too; the fixture's are checked below
        assert e.find(f"{ATOM}link").get("href").startswith("https://igf1-evidence.example.org/")
    entries = [e for e in everything if "/claims/zz-" in e.find(f"{ATOM}link").get("href")]
    assert len(entries) == 3
    for e in entries:
        assert e.findtext(f"{ATOM}id").startswith("tag:igf1-evidence.example.org,")
        assert e.findtext(f"{ATOM}title") and e.findtext(f"{ATOM}updated")
        assert e.find(f"{ATOM}link").get("href").startswith("https://igf1-evidence.example.org/claims/zz-")
    assert [e.findtext(f"{ATOM}updated")[:10] for e in entries] == ["2026-03-04", "2026-02-01", "2026-01-02"]
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 3
    first = entries[0]
    assert (
        first.findtext(f"{ATOM}title")
        == "Verdict changed, certainty changed: IGF-1 grows hair in a test study."
    )
    assert first.findtext(f"{ATOM}summary") == "A trial & a meta-analysis disagreed."
    assert entries[1].findtext(f"{ATOM}summary") == "Wording made *precise* <b>not bold</b>."  # text, escaped


def test_the_home_and_what_changed_pages_announce_the_feed_and_no_other_page_does(site: BuildResult) -> None:
    """A feed reader finds the feed from the home page or What changed. Other pages carry no <link
    rel="alternate">: Material's script fetches and parses the whole sitemap.xml on a page with one."""
    feed = r'<link rel="alternate" type="application/atom\+xml"[^>]*>'
    day_page = re.search(r'href="(\d{4}-\d\d-\d\d/[^"/]+/)"', site.page("changes/"))
    assert day_page, "the What changed index links no day's page"
    for page, href in (
        ("", "changes.xml"),
        ("changes/", "../changes.xml"),
        ("changes/" + day_page.group(1), "../../../changes.xml"),
    ):
        link = re.search(feed, site.page(page))
        assert link and f'href="{href}"' in link.group(), (page, link)
    for page in ("topics/zz-fixture/", "404.html"):
        assert 'rel="alternate"' not in site.page(page), page


def test_the_changes_page_indexes_a_page_per_day_and_topic_newest_first_linked_from_home(
    site: BuildResult,
) -> None:
    """What changed lists each day, newest first (a heading each, so the table of contents lists them), and
    under it each topic's page of that day with its count of changes; the changes that move a badge are
    counted apart, each count linking to the page filtered to them."""
    index = site.page("changes/")
    days = re.findall(r'<h2 id="day-([\d-]+)"', index)
    assert days == sorted(days, reverse=True) and len(days) == len(set(days))
    assert days[-3:] == ["2026-03-04", "2026-02-01", "2026-01-02"]  # the fixture's, older than the real ones
    assert 'href="#day-2026-03-04"' in index  # in the table of contents
    day = index[index.index('id="day-2026-03-04"') :]
    day = day[: day.index("</ul>")]
    assert (
        '<a href="2026-03-04/zz-fixture/">Fixture topic</a>: 1 change '
        '(<a href="2026-03-04/zz-fixture/?what=verdict">1 verdict changed</a>, '
        '<a href="2026-03-04/zz-fixture/?what=certainty">1 certainty level changed</a>)' in day
    )
    first = index[index.index('id="day-2026-01-02"') :]
    assert (
        '2026-01-02/zz-fixture/">Fixture topic</a>: 1 change (<a href="2026-01-02/zz-fixture/?what=new">1 claim added'
        in first
    )
    assert 'href="../changes.xml"' in index
    assert re.search(r'<a href="changes/">What changed</a>', site.page(""))


def test_a_change_page_lists_its_day_and_topic_with_each_reason_and_links_its_neighbours(
    site: BuildResult,
) -> None:
    html = site.page("changes/2026-02-01/zz-fixture/")
    items = re.findall(r'<li id="change-([^"]+)"[^>]*>(.*?)</li>', html, re.S)
    assert [key for key, _ in items] == ["zz-claim-two-2026-02-01-1"]
    assert "Wording made <em>precise</em> &lt;b&gt;not bold&lt;/b&gt;." in items[0][1]
    assert 'href="../../../claims/zz-claim-two/"' in items[0][1]
    assert "<title>What changed on 2026-02-01: Fixture topic" in html
    assert 'href="../../"' in html and 'href="../../../changes.xml"' in html  # all days; the feed
    nav = html[html.index('class="igf-change-nav"') :]
    nav = nav[: nav.index("</p>")]
    # the fixture topic on its other days, newest first; no other topic changed on that day
    assert re.findall(r'href="\.\./\.\./([\d-]+)/zz-fixture/"', nav) == ["2026-03-04", "2026-01-02"]
    assert "same day" not in nav
    # every change of the store is on exactly one change page, under its day and its claim's topic
    listed = []
    for page in (site.site / "changes").glob("*/*/index.html"):
        day, topic = page.parent.parent.name, page.parent.name
        for key in re.findall(r'<li id="change-([^"]+)"', page.read_text(encoding="utf-8")):
            listed.append(key)
            assert re.search(rf"-{day}-\d+$", key), (key, day)
            assert key.startswith("zz-") == (topic == "zz-fixture"), (key, topic)
    assert len(listed) == len(set(listed)) and len(listed) == len(
        ET.fromstring((site.site / "changes.xml").read_bytes()).findall(f"{ATOM}entry")
    )


def test_a_claim_page_shows_its_history_once_newest_first_and_brief_cards_the_latest_change(
    site: BuildResult,
) -> None:
    page = site.page("claims/zz-claim-two/")  # its History section; the card above it does not repeat it
    history = page[page.index('id="history"') :]
    assert history.index("2026-03-04") < history.index("2026-02-01")
    assert "statement corrected, reasons for the certainty revised</span>:" in history
    assert page.count("A trial &amp; a meta-analysis disagreed.") == 1
    assert page.count('<time datetime="2026-02-01">') == 1
    topic = site.page("topics/zz-fixture/")  # the brief card: the latest change in a line
    assert re.search(
        r'Changed <time datetime="2026-03-04">2026-03-04</time>: verdict changed, certainty changed'
        r' \(why: <a href="../../claims/zz-claim-two/#history">',
        topic,
    )


def test_a_history_entry_says_whether_the_level_moved_or_only_its_reasons() -> None:
    for what in (["certainty"], ["reasons"], ["statement", "reasons"]):
        assert HistoryEntry(date="2026-01-02", what=what, note="n").what
    with pytest.raises(ValidationError, match=r"'certainty' .* or 'reasons', not both"):
        HistoryEntry(date="2026-01-02", what=["reasons", "certainty"], note="n")
    with pytest.raises(ValidationError, match=r"'verdict' .* or 'verdict-kept', not both"):
        HistoryEntry(date="2026-01-02", what=["verdict", "verdict-kept"], note="n")
    with pytest.raises(ValidationError, match="'new' stands alone"):
        HistoryEntry(date="2026-01-02", what=["new", "certainty"], note="n")


def test_igf1_renders_both_units(site: BuildResult) -> None:
    html = site.page("topics/zz-fixture/")
    assert (
        "A normal adult level is 150 ng/mL (19.6 nmol/L); high is 40 nmol/L (310 ng/mL); "
        "a range: 100–300 ng/mL (13.1–39.2 nmol/L)." in html
    )


def test_an_unknown_unit_fails_the_build_naming_the_page(tmp_path: Path) -> None:
    project = reading_project(tmp_path / "project")
    page = project / "docs" / "topics" / "zz-fixture.md"
    page.write_text(
        page.read_text(encoding="utf-8") + '\nLevel: {{ igf1(150, "mg/dL") }}\n', encoding="utf-8"
    )
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(r"topics/zz-fixture\.md:\d+: igf1\(\): unknown unit 'mg/dL'", result.output), (
        result.output
    )
    assert "Traceback" not in result.output
