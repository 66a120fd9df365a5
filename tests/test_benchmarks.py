"""The benchmarks' own logic, without running them: the plain pages that target 2 builds with Material alone,
the size of target 3's store, and a figure reported without a target."""

from __future__ import annotations

import pytest

from benchmarks.builds import ten_times_today
from benchmarks.common import Figure
from benchmarks.real import plain_page, plugin_settings, stand_ins
from benchmarks.synth import read_config
from conftest import ROOT
from macros.calls import Settings, read_page
from macros.store import Store, load_store


@pytest.fixture(scope="module")
def store() -> Store:
    return load_store(ROOT)


def test_every_real_page_loses_its_macro_calls_and_shows_its_claims_as_text(store: Store) -> None:
    stand_in, settings = stand_ins(store), plugin_settings(read_config(ROOT / "mkdocs.yml"))
    pages = sorted((ROOT / "docs").rglob("*.md"))
    shown = 0
    for path in pages:
        src = path.relative_to(ROOT / "docs").as_posix()
        text = path.read_text(encoding="utf-8-sig")
        plain = plain_page(text, src, settings, stand_in)
        assert read_page(plain, src, settings).calls == (), f"{src} still calls a macro"
        assert "{{" not in plain and "<function" not in plain, src
        for call in read_page(text, src, settings).calls:
            if call.name not in ("claim", "claim_card"):
                continue
            assert store.resolve_claim(call.args[0]).statement in plain, (src, call.args[0])
            shown += 1
    assert shown > 100  # the topic pages show their claims


def test_a_plain_page_keeps_its_prose_front_matter_and_plain_quantities(store: Store) -> None:
    cid = next(iter(store.claims))
    text = (
        "---\ntitle: T\n---\n# Page\n\nBefore {{ claim('"
        + cid
        + "') }} after, {{ igf1(150, 'ng/mL') }} and {{ igf1(1, 'nmol/L', to=2) }}.\n\n{{ references() }}\n"
    )
    plain = plain_page(text, "x.md", Settings(), stand_ins(store))
    assert plain == (
        "---\ntitle: T\n---\n# Page\n\nBefore "
        + store.claims[cid].statement
        + " after, 150 ng/mL and 1 to 2 nmol/L.\n\n"
    )


def test_a_page_the_plugin_does_not_render_is_left_as_it_is(store: Store) -> None:
    text = "---\nrender_macros: false\n---\n# Syntax\n\nWrite {{ claim('an-id') }}.\n"
    assert plain_page(text, "syntax.md", Settings(), stand_ins(store)) == text


def test_an_unknown_claim_stops_the_plain_page_as_it_stops_the_build(store: Store) -> None:
    with pytest.raises(KeyError, match="no-such-claim"):
        plain_page("{{ claim('no-such-claim') }}\n", "x.md", Settings(), stand_ins(store))


def test_target_3_starts_at_ten_times_todays_store(store: Store) -> None:
    claims, sources = ten_times_today()
    assert claims % 100 == 0 and abs(claims - 10 * len(store.claims)) <= 50
    assert sources % 100 == 0 and abs(sources - 10 * len(store.sources)) <= 50


def test_a_reported_figure_has_no_target_and_never_fails() -> None:
    reported = Figure(2, "real site", 30.0, None, "s", "detail")
    assert reported.ok and "| - | reported |" in reported.row()
    missed = Figure(3, "ratio", 2.5, 2.1, "x")
    assert not missed.ok and "| <= 2.10x | FAIL |" in missed.row()
