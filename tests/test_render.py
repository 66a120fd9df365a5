"""Store text lands in HTML escaped and inert."""

from __future__ import annotations

from macros.abbr import apply
from macros.models import GlossaryEntry
from macros.text import inline_markdown, plain


def test_script_is_text() -> None:
    out = inline_markdown("IGF-1 <script>alert(1)</script> & <b>x</b>")
    assert "<script" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out and "&amp;" in out


def test_inline_markdown_subset() -> None:
    out = inline_markdown("a *b* **c** `d_e` f")
    assert "<em>b</em>" in out and "<strong>c</strong>" in out and "<code>d&#95;e</code>" in out


def test_markdown_syntax_is_inert() -> None:
    out = plain("a | b [x](javascript:alert(1)) ~~y~~ :smile: \\*")
    for ch in "|[]~:\\*":
        assert ch not in out, ch


def test_existing_entities_survive() -> None:
    assert plain("O'Neil & co") == "O&#x27;Neil &amp; co"


def test_abbr_wraps_text_not_tags_links_or_code() -> None:
    gl = [
        GlossaryEntry(term="GH", expansion="growth hormone", definition="d"),
        GlossaryEntry(term="IGF-1", expansion="insulin-like growth factor 1", definition="d"),
        GlossaryEntry(term="IGF-1R", expansion="IGF-1 receptor", definition="d"),
    ]
    html = (
        '<p class="GH">GH and IGF-1R, <a href="#GH">GH</a> <code>GH</code> IGF-1-rich GHs GHRH</p><h2>GH</h2>'
    )
    out = apply(html, gl)
    assert out.count("<abbr") == 3  # GH, IGF-1R, IGF-1 (in IGF-1-rich); not the second GH, nor GHRH
    assert '<p class="GH">' in out and '<a href="#GH">GH</a>' in out and "<code>GH</code>" in out
    assert '<abbr title="IGF-1 receptor">IGF-1R</abbr>' in out
    assert "<h2>GH</h2>" in out


def test_abbr_leaves_reference_lists_alone() -> None:
    gl = [GlossaryEntry(term="GH", expansion="growth hormone", definition="d")]
    html = '<ol class="igf-references" data-x="1"><li>GH in adults.</li></ol><p>GH</p>'
    out = apply(html, gl)
    assert out.count("<abbr") == 1 and "<li>GH in adults.</li>" in out and out.endswith('">GH</abbr></p>')
    # a source page's reference and note: author initials are not terms ("Kasuki L, Gadelha MR.")
    mr = [GlossaryEntry(term="MR", expansion="Mendelian randomisation", definition="d")]
    ref = (
        '<p class="igf-source-ref">Kasuki L, Gadelha MR.</p><p class="igf-source-note">Blackman MR et al.</p>'
    )
    assert (
        apply(ref + "<p>An MR study.</p>", mr)
        == ref + '<p>An <abbr title="Mendelian randomisation">MR</abbr> study.</p>'
    )
    # nor is a number's suffix (a conference abstract's number); a term after a number and a space is
    assert apply("<p>Abstract 274-MR; 2 MR studies.</p>", mr).count("<abbr") == 1
    assert "2 <abbr" in apply("<p>Abstract 274-MR; 2 MR studies.</p>", mr)


def test_abbr_marks_first_use_per_section_and_card() -> None:
    gl = [GlossaryEntry(term="GH", expansion="growth hormone", definition="d")]
    html = '<p>GH GH</p><h2>Two</h2><p>GH</p><div class="igf-card x"><p>GH</p></div><p>GH</p>'
    assert apply(html, gl).count("<abbr") == 3
