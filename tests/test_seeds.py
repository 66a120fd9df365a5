"""Every asserted_by quote appears verbatim in its seed article (archived in data/seeds/)."""

from __future__ import annotations

from conftest import ROOT, SEEDS
from macros.models import MAX_QUOTE_WORDS
from macros.store import load_store


def test_every_quote_is_verbatim_and_short() -> None:
    store = load_store(ROOT)  # the load checks them too; this test checks them independently
    checked = 0
    for claim in store.claims.values():
        for a in claim.asserted_by:
            seed = store.sources[a.source]
            text = (SEEDS / seed.seed_file).read_text(encoding="utf-8")
            assert a.quote in text, f"{claim.id}: quote not verbatim in {seed.seed_file}: {a.quote!r}"
            assert len(a.quote.split()) <= MAX_QUOTE_WORDS
            checked += 1
    if store.claims:
        assert checked > 0


def test_every_seed_article_is_a_source() -> None:
    store = load_store(ROOT)
    assert sorted(store.sources[i].seed_file for i in store.seed_ids) == sorted(
        p.name for p in SEEDS.glob("*.txt")
    )
