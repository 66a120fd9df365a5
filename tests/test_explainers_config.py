"""data/explainers.yaml against the store, the explainer macro's output, and the size of the page scripts.

Fast: no site build, no browser. Each broken configuration is a copy of the real one with one edit."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS
from macros.explainers import Explainers
from macros.explainers_config import CONFIG, NAMES, claims_drawn, load_config
from macros.pages import CLAIMS_PAGE, METHOD_PAGE, SOURCES_PAGE, MacroArgumentError, PageContext, site_files
from macros.render import Renderer
from macros.store import Store, StoreError, load_store
from macros.usage import Usage

REAL = (ROOT / CONFIG).read_text(encoding="utf-8")
SCRIPTS = [ROOT / "docs" / "assets" / "explainers.js", ROOT / "docs" / "assets" / "igf.js"]

BASE_PAGES = ["x.md", CLAIMS_PAGE, SOURCES_PAGE, METHOD_PAGE]  # plus each claim's and source's page


@pytest.fixture(scope="module")
def store() -> Store:
    return load_store(ROOT, SEEDS)


def config_root(tmp_path: Path, text: str) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / CONFIG).write_text(text, encoding="utf-8")
    return tmp_path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def error(tmp_path: Path, text: str, store: Store) -> str:
    with pytest.raises(StoreError) as info:
        load_config(config_root(tmp_path, text), store)
    return info.value.render()


def test_the_real_configuration_uses_claims_that_exist(store: Store) -> None:
    config, available = load_config(ROOT, store)
    named = {cid for _, _, cid in claims_drawn(config)}
    for name, _, cid in claims_drawn(config):
        topic_has_claims = bool(
            store.claims_in_topic(
                {
                    "axis-loop": "gh-igf1-axis",
                    "bound-free": "serum-vs-tissue",
                    "hair-cycle": "hair-loss",
                    "risk-shape": "cellular-risk",
                }[name]
            )
        )
        assert cid in available or not topic_has_claims, cid
    assert available <= named


def test_an_unknown_claim_stops_the_build_with_line_and_closest_id(tmp_path: Path, store: Store) -> None:
    if not store.claims_in_topic("hair-loss"):
        pytest.skip("the hair-loss topic has no claims yet, so unknown ids are still skipped")
    text = REAL.replace("claim: aga-androgen-miniaturisation", "claim: aga-androgen-miniaturization")
    msg = error(tmp_path, text, store)
    assert f"{CONFIG}:{line_of(text, 'aga-androgen-miniaturization')}" in msg
    assert "unknown claim id 'aga-androgen-miniaturization'" in msg and "aga-androgen-miniaturisation" in msg


def test_missing_claims_are_left_out_while_the_topic_has_none(tmp_path: Path) -> None:
    empty = Store(root=tmp_path)
    config, available = load_config(config_root(tmp_path, REAL), empty)
    assert available == set()
    html = Explainers(Renderer(empty, Usage()), config, available).render(
        PageContext("x.md", site_files(BASE_PAGES, store=empty)), "risk-shape"
    )
    assert "No risk associations are recorded yet" in html and "data-json" not in html


def test_a_number_must_appear_in_its_claim(tmp_path: Path, store: Store) -> None:
    if "igf1-about-99-percent-bound" not in store.claims:
        pytest.skip("the claim is not in the store yet")
    assert 'number: "roughly 99%"' in REAL
    text = REAL.replace('number: "roughly 99%"', 'number: "roughly 98%"')
    msg = error(tmp_path, text, store)
    assert f"{CONFIG}:{line_of(text, 'roughly 98%')}" in msg and "'roughly 98%' does not appear" in msg


def test_a_refuted_claim_cannot_be_a_risk_curve(tmp_path: Path, store: Store) -> None:
    refuted = next(
        (c.id for c in store.claims_in_topic("cellular-risk") if c.status.value == "refuted"), None
    )
    if refuted is None:
        pytest.skip("no refuted cellular-risk claim to try")
    text = REAL.replace("claim: igf1-cancer-associations-not-uniform", f"claim: {refuted}")
    assert "a refuted claim cannot be drawn" in error(tmp_path, text, store)


def test_a_claim_that_is_not_supported_cannot_set_a_control_of_the_model(
    tmp_path: Path, store: Store
) -> None:
    """A control moves the model's curves, which a reader takes as what happens: a contested claim (the
    evidence found does not show it) must not drive one."""
    contested = next(c.id for c in store.claims_in_topic("gh-igf1-axis") if c.status.value == "contested")
    text = REAL.replace("claims: [protein-intake-key-determinant-of-igf1]", f"claims: [{contested}]")
    msg = error(tmp_path, text, store)
    assert f"{CONFIG}:{line_of(text, contested)}" in msg and "a contested claim cannot set a control" in msg


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'phase: telogen, label: "Macrophages',
            'phase: resting, label: "Macrophages',
            "names phase 'resting'",
        ),
        ("shape: u-low", "shape: wiggly", "shape"),
        (
            'outcome: metabolic, shape: falling, label: "Diabetes (',
            'outcome: renal, shape: falling, label: "Diabetes (',
            "names outcome 'renal'",
        ),
        ("feedback: 0.7", "feedbak: 0.7", "is not a known field"),
        ('- {id: fed, label: "Fed"}', '- {id: fed, label: "Fed", gain: 0.5}', "is the baseline"),
        ("- {id: free, label:", "- {id: unbound, label:", "numbers need the ids 'bound' and 'free'"),
    ],
)
def test_configuration_mistakes_name_the_line(
    tmp_path: Path, store: Store, old: str, new: str, expected: str
) -> None:
    assert old in REAL
    text = REAL.replace(old, new)
    msg = error(tmp_path, text, store)
    assert expected in msg and re.search(rf"{re.escape(CONFIG)}:\d+", msg), msg


def test_an_unknown_explainer_name_lists_the_known_ones(store: Store) -> None:
    config, available = load_config(ROOT, store)
    with pytest.raises(MacroArgumentError) as info:
        Explainers(Renderer(store, Usage()), config, available).render(
            PageContext("x.md", site_files(BASE_PAGES, store=store)), "hair-cylce"
        )
    assert "'hair-cylce'" in str(info.value) and "hair-cycle" in str(info.value)
    assert all(n in str(info.value) for n in NAMES)


def test_labels_and_statements_are_escaped(tmp_path: Path, store: Store) -> None:
    hostile = '<img src=x onerror=alert(1)>"&'
    text = REAL.replace(
        'label: "Papilla cells grown from balding scalp secrete less IGF-1"', f"label: '{hostile}'"
    )
    config, available = load_config(config_root(tmp_path, text), store)
    html = Explainers(Renderer(store, Usage()), config, available).render(
        PageContext("x.md", site_files(BASE_PAGES, store=store)), "hair-cycle"
    )
    assert "<img" not in html and "onerror=alert(1)>" not in html
    if "balding-papilla-cells-secrete-less-igf1" in available:
        attr = re.search(r'data-json="([^"]*)"', html).group(1)
        import html as html_lib

        data = json.loads(html_lib.unescape(attr))
        assert hostile in [m["label"] for m in data["markers"]]


def test_all_explainer_javascript_is_at_most_12_kb_gzipped() -> None:
    size = sum(len(gzip.compress(p.read_bytes(), 9)) for p in SCRIPTS)
    assert size <= 12 * 1024, f"the explainers' scripts are {size} bytes gzipped; the budget is 12 KB"


def test_the_scripts_need_no_eval_inline_handlers_or_inner_html() -> None:
    """What a strict Content-Security-Policy forbids, and what could turn store text into markup."""
    for path in SCRIPTS:
        code = path.read_text(encoding="utf-8")
        for pattern in (
            r"\beval\(",
            r"new Function",
            r"innerHTML",
            r"outerHTML",
            r"insertAdjacentHTML",
            r"setAttribute\(\s*['\"]on",
            r"document\.write",
            r"set(Timeout|Interval)\(\s*['\"]",
        ):
            assert not re.search(pattern, code), f"{path.name}: {pattern}"
