"""Every asserted_by quote appears verbatim in its seed article (read from ../shared/seeds/)."""

from __future__ import annotations

import pytest

from conftest import ROOT, SEEDS
from macros.models import MAX_QUOTE_WORDS
from macros.store import load_store


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds/ is not beside this checkout; quotes cannot be checked")
def test_every_quote_is_verbatim_and_short() -> None:
    store = load_store(ROOT, None)  # no seeds dir: the load itself does not check quotes
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


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds/ is not beside this checkout")
def test_every_seed_article_is_a_source() -> None:
    store = load_store(ROOT, None)
    assert sorted(s.seed_file for s in store.seeds()) == sorted(p.name for p in SEEDS.glob("*.txt"))
