"""Each companion page of a topic (its popular claims, what moves IGF-1, the extremes) opens with a summary
of findings of its own: its questions (`companions:` in data/topics.yaml), each answered by a claim the
page shows, and every answer on a phone's first screen, as on the topic pages."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from conftest import ROOT, SOF_OVERFLOW, TITLE_HEIGHTS
from macros.models import Companion, Question, Topic
from macros.store import load_store
from macros.usage import scan

STORE = load_store(ROOT)
COMPANIONS = [(t.id, c) for t in STORE.topics.values() for c in t.companions]
# (width, height): Lighthouse's phone, and a small one
PHONES = [(412, 823), (360, 740)]


def _url(page: str) -> str:
    return page.removesuffix(".md") + "/"


def test_every_companion_page_has_a_summary_answered_by_claims_it_shows() -> None:
    usage = scan(ROOT / "docs")
    pages = {page for t in STORE.topics.values() for page in usage.summaries if t.id in usage.summaries[page]}
    companions = {c.page for _, c in COMPANIONS}
    assert companions == pages - {t.page for t in STORE.topics.values()}, (
        "a companion page without its summary"
    )
    assert len(companions) == 8  # popular claims x4, what moves IGF-1, treatments, extremes, interventions
    for _, c in COMPANIONS:
        assert 3 <= len(c.questions) <= 7, c.page
        for q in c.questions:
            claim = STORE.resolve_claim(q.claim)
            assert claim is not None and c.page in usage.pages_using_claim(claim), (c.page, q.claim)
            assert q.question.endswith("?"), (c.page, q.question)  # its length: the phone test below


def test_the_page_being_rendered_picks_its_own_questions() -> None:
    """One macro, one code path: `summary_of_findings(topic)` answers a companion's questions on that page
    and the topic's own everywhere else."""
    mine, theirs = Question(question="Mine?", claim="a"), Question(question="Theirs?", claim="b")
    topic = Topic(
        id="t",
        title="T",
        page="topics/t.md",
        summary="S.",
        questions=[theirs],
        companions=[Companion(page="topics/t-more.md", questions=[mine])],
    )
    assert topic.questions_on("topics/t-more.md") == [mine]
    assert topic.questions_on("topics/t.md") == topic.questions_on("index.md") == [theirs]


def test_the_built_companion_pages_show_their_questions(real_site) -> None:
    for _, companion in COMPANIONS:
        html = real_site.page(_url(companion.page))
        start = html.index('class="igf-sof-table"')
        table = unescape(html[start : html.index("</table>", start)])
        for i, q in enumerate(companion.questions, 1):
            assert f'href="#sof-{i}">{q.question}</a>' in table, (companion.page, q)
        # first thing under the title, as on the topic pages
        assert html[html.index("</h1>") + 5 : html.index('<div class="igf-sof"')].strip() == "", (
            companion.page
        )


def test_a_contested_answers_note_names_the_evidence_for_it_too(real_site) -> None:
    """A contested claim is judged on the evidence against it; its note also says what supports it, or a
    reader sees only one side (Laron syndrome and diabetes: a narrative review against, a cohort for)."""
    import re

    from macros.evidence_counts import count_designs
    from macros.vocabulary import Direction, Status

    checked = 0
    for _, companion in COMPANIONS:
        html = unescape(real_site.page(_url(companion.page)))
        for i, q in enumerate(companion.questions, 1):
            claim = STORE.claims[q.claim]
            pro = [e for e in claim.evidence if e.direction == Direction.supports]
            if claim.status == Status.contested and pro:
                note = re.search(rf'<li id="sof-{i}">.*?</li>', html, re.DOTALL).group(0)
                assert f"; {count_designs(pro)} for. " in re.sub(r"<[^>]+>", "", note), note
                checked += 1
    assert checked >= 2


@pytest.mark.slow
@pytest.mark.parametrize("width,height", PHONES, ids=[f"{w}x{h}" for w, h in PHONES])
def test_a_phone_shows_every_answer_of_a_companion_summary_on_the_first_screen(
    browser, site_url: str, results_dir: Path, width: int, height: int
) -> None:
    """Every question of each companion page's summary is answered (verdict in words and certainty) before
    the reader scrolls, and each badge is described by its note below the table."""
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True)
    page = context.new_page()
    for _, companion in COMPANIONS:
        path = _url(companion.page)
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        rows = page.evaluate(
            """() => [...document.querySelectorAll('.igf-sof-table tbody tr')].map(tr => {
                 const badge = tr.querySelector('.igf-cert'), why = document.getElementById(badge.getAttribute('aria-describedby'));
                 return {question: tr.querySelector('a.igf-sof-ref').textContent.trim(),
                         bottom: tr.getBoundingClientRect().bottom, badge: badge.textContent.trim(),
                         why: why && why.closest('.igf-sof-notes') ? why.textContent.trim() : ''}; })"""
        )
        assert [r["question"] for r in rows] == [q.question for q in companion.questions], path
        for row in rows:
            assert row["bottom"] <= page.evaluate("window.innerHeight"), (path, width, row)
            # a level, background, or (a claim with no study on the side judged) that no evidence is recorded
            assert re.search(r"certainty|background|no evidence (for|against) it recorded", row["badge"]), (
                path,
                row,
            )
            assert row["why"].startswith("Verdict: "), (path, row)
            if row["badge"].endswith(" recorded"):  # no level: its note says why, in the Method page's words
                assert "No certainty level: no study" in unescape(row["why"]), (path, row)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        # the table scrolls inside its own box, which the page's width does not show
        assert page.evaluate(SOF_OVERFLOW) == [], (path, width)
        title = page.evaluate(TITLE_HEIGHTS)
        assert title[0] <= title[1] + 4, (path, width, title)  # no line for the title's invisible permalink
        if width == 360:
            name = path.strip("/").replace("/", "-")
            page.screenshot(path=str(results_dir / f"companion-summary-{name}-{width}.png"))
    context.close()
