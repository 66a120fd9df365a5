"""Synthetic stores and sites for the benchmarks, generated into temporary folders.

A synthetic project is a copy of the real project's code and configuration (macros/, overrides/,
docs/assets/, mkdocs.yml, the real glossary) with a generated store and generated pages in place of the
real ones, so every benchmark measures the code and settings the real site ships with.

Pages live in a two-level navigation (groups of sections of pages, at most `FANOUT` entries at each level)
and the theme prunes the navigation to the current branch, so the navigation written into each page stays
bounded however many pages there are.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FANOUT = 10  # entries per navigation level
# Real pages every synthetic site has: each claim links to the method page's grades
REAL_PAGES = ("method.md",)
STORE_FILES = {"claims", "sources", "topics.yaml", "seed-references.yaml", "sources.yaml"}  # generated

WORDS = [
    "igf-1",
    "growth",
    "hormone",
    "serum",
    "tissue",
    "receptor",
    "binding",
    "protein",
    "liver",
    "pituitary",
    "follicle",
    "hair",
    "cycle",
    "anagen",
    "catagen",
    "telogen",
    "signalling",
    "pathway",
    "insulin",
    "resistance",
    "cohort",
    "trial",
    "mice",
    "rats",
    "cells",
    "level",
    "higher",
    "lower",
    "associated",
    "with",
    "increased",
    "decreased",
    "risk",
    "cancer",
    "ageing",
    "longevity",
    "muscle",
    "bone",
    "fasting",
    "protein",
    "intake",
    "dietary",
    "supplementation",
    "deficiency",
    "excess",
    "acromegaly",
    "laron",
    "syndrome",
    "mortality",
    "mendelian",
    "randomisation",
    "meta-analysis",
    "observational",
    "evidence",
    "dose",
    "response",
]
DESIGNS = (
    "meta-analysis",
    "systematic-review",
    "rct",
    "cohort",
    "case-control",
    "cross-sectional",
    "case-series",
    "case-report",
    "animal",
    "in-vitro",
    "narrative-review",
    "expert-opinion",
)
SPECIES = ("human", "human", "human", "mouse", "rat", "human-cells", "animal-cells")
DIRECTIONS = ("supports", "supports", "supports", "contradicts", "mixed", "null")
STATUSES = ("established", "supported", "contested", "speculative", "refuted")
FAMILIES = (
    "Smith",
    "Jones",
    "Garcia",
    "Müller",
    "Rossi",
    "Tanaka",
    "Nguyen",
    "Kowalski",
    "Okafor",
    "Andersen",
    "Haddad",
    "Silva",
    "Novak",
    "Dubois",
    "Kim",
    "Patel",
)


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(words).capitalize() + ".").replace("igf-1", "IGF-1")


@dataclass
class Spec:
    claims: int = 10_000
    sources: int = 2_000
    topics: int = 20
    pages: int = 100
    claims_per_page: int = 20
    cards_per_page: int = 5  # of the claims on a page, how many as cards (the rest inline)
    seed: int = 1


@dataclass
class Synthetic:
    root: Path
    spec: Spec
    topics: list[str] = field(default_factory=list)
    claim_ids: list[str] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # docs-relative paths of generated pages
    page_claims: dict[str, list[str]] = field(default_factory=dict)


# --- the store -------------------------------------------------------------------------------------


def source_record(rng: random.Random, i: int) -> dict[str, Any]:
    year = rng.randint(1975, 2025)
    family = rng.choice(FAMILIES)
    rec: dict[str, Any] = {
        "id": f"{family.lower().replace('ü', 'u')}-{year}-s{i}",
        "type": "article-journal",
        "title": _sentence(rng, rng.randint(8, 16)),
        "author": [
            {"family": rng.choice(FAMILIES), "given": rng.choice("ABCDEFGHJK") + rng.choice("ABCD")}
            for _ in range(rng.randint(1, 8))
        ],
        "issued": {"date-parts": [[year]]},
        "container-title": rng.choice(
            (
                "J Clin Endocrinol Metab",
                "Growth Horm IGF Res",
                "Endocr Rev",
                "J Invest Dermatol",
                "Cancer Res",
                "Lancet",
            )
        ),
        "volume": str(rng.randint(1, 120)),
        "page": f"{rng.randint(1, 900)}-{rng.randint(901, 1800)}",
        "DOI": f"10.{rng.randint(1000, 9999)}/synthetic.{i}",
        "PMID": str(rng.randint(1_000_000, 39_999_999)),
        "kind": rng.choice(
            ("primary-study", "primary-study", "systematic-review", "meta-analysis", "narrative-review")
        ),
        "verification": {"status": "verified", "note": "Synthetic record checked against itself."},
    }
    return rec


def claim_record(
    rng: random.Random, i: int, topic: str, sources: list[str], claim_ids: list[str]
) -> dict[str, Any]:
    evidence = []
    for _ in range(rng.randint(1, 5)):
        ev: dict[str, Any] = {
            "source": rng.choice(sources),
            "design": rng.choice(DESIGNS),
            "species": rng.choice(SPECIES),
            "direction": rng.choice(DIRECTIONS),
            "finding": _sentence(rng, rng.randint(12, 30)),
        }
        if rng.random() < 0.5:
            ev["population"] = _sentence(rng, 4)[:-1]
            ev["n"] = rng.randint(10, 50_000)
        if rng.random() < 0.3:
            ev["locator"] = f"Table {rng.randint(1, 5)}"
        evidence.append(ev)
    rec: dict[str, Any] = {
        "id": f"{topic}-claim-{i}",
        "statement": _sentence(rng, rng.randint(10, 22)),
        "topic": topic,
        "status": rng.choice(STATUSES),
        "evidence": evidence,
        "reviewed": dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 300)),
    }
    if rng.random() < 0.3:
        rec["caveats"] = _sentence(rng, rng.randint(10, 25))
    if claim_ids and rng.random() < 0.2:
        rec["related"] = sorted({rng.choice(claim_ids) for _ in range(rng.randint(1, 3))})
    return rec


def _scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, dt.date)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _emit(value: Any, indent: str) -> list[str]:
    """Block YAML for the nested dicts and lists of records (PyYAML's representer is too slow here)."""
    lines: list[str] = []
    if isinstance(value, dict):
        for key, v in value.items():
            if isinstance(v, dict) and v and not any(isinstance(x, (dict, list)) for x in v.values()):
                lines.append(
                    f"{indent}{key}: {{" + ", ".join(f"{k}: {_scalar(x)}" for k, x in v.items()) + "}"
                )
            elif isinstance(v, dict):
                lines += [f"{indent}{key}:", *_emit(v, indent + "  ")]
            elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                lines.append(f"{indent}{key}:")
                lines += _emit(v, indent + "  ")
            elif isinstance(v, list):
                lines.append(f"{indent}{key}: " + json.dumps(v, ensure_ascii=False))
            else:
                lines.append(f"{indent}{key}: {_scalar(v)}")
    else:
        for item in value:
            body = _emit(item, indent + "  ")
            body[0] = indent + "- " + body[0][len(indent) + 2 :]
            lines += body
    return lines


def _dump(path: Path, records: list[dict], schema: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(_emit(records, "")) + "\n"
    path.write_text(f"# yaml-language-server: $schema={schema}\n" + text, encoding="utf-8")


def write_store(syn: Synthetic) -> None:
    """data/: topics, the real glossary, sources split in files of 500, claims in one file per topic."""
    spec, data = syn.spec, syn.root / "data"
    if data.exists():
        shutil.rmtree(data)
    rng = random.Random(spec.seed)
    syn.topics = [f"topic-{t:02d}" for t in range(spec.topics)]
    _dump(
        data / "topics.yaml",
        [
            {
                "id": t,
                "title": f"Synthetic topic {i}",
                "page": f"{page_path(i * max(1, spec.pages // spec.topics))}",
                "summary": _sentence(rng, 20),
            }
            for i, t in enumerate(syn.topics)
        ],
        "schema/topics.schema.json",
    )
    for item in (ROOT / "data").iterdir():  # the real glossary, CSL style, schemas and other settings
        if item.name in STORE_FILES:
            continue
        if item.is_dir():
            shutil.copytree(item, data / item.name)
        else:
            shutil.copy2(item, data / item.name)

    sources = [source_record(rng, i) for i in range(spec.sources)]
    syn.source_ids = [s["id"] for s in sources]
    for start in range(0, len(sources), 500):
        _dump(
            data / "sources" / f"part-{start // 500:03d}.yaml",
            sources[start : start + 500],
            "../schema/sources.schema.json",
        )

    per_topic: dict[str, list[dict]] = {t: [] for t in syn.topics}
    ids: list[str] = []
    for i in range(spec.claims):
        topic = syn.topics[i % spec.topics]
        rec = claim_record(rng, i, topic, syn.source_ids, ids)
        per_topic[topic].append(rec)
        ids.append(rec["id"])
    syn.claim_ids = ids
    for topic, records in per_topic.items():
        _dump(data / "claims" / f"{topic}.yaml", records, "../schema/claims.schema.json")


# --- the site --------------------------------------------------------------------------------------


def page_path(i: int) -> str:
    section = i // FANOUT
    return f"g{section // FANOUT:02d}/s{section:03d}/page-{i:04d}.md"


def page_markdown(syn: Synthetic, i: int, claims: list[str]) -> str:
    """One topic-like page: prose, inline claims, claim cards and a reference list."""
    rng = random.Random(syn.spec.seed * 100_003 + i)

    def call(name: str, *args: str) -> str:
        return "{{ " + name + "(" + ", ".join(f'"{a}"' for a in args) + ") }}"

    cards = set(claims[: syn.spec.cards_per_page])
    parts = [f"# Synthetic page {i}\n", _sentence(rng, 40) + "\n"]
    for n, cid in enumerate(claims):
        if n % 5 == 0:
            parts.append(f"## Section {n // 5 + 1}\n")
        if cid in cards:
            parts.append(call("claim_card", cid) + "\n")
        else:
            parts.append(_sentence(rng, 25) + " " + call("claim", cid) + " " + _sentence(rng, 15) + "\n")
    parts.append("## References\n")
    parts.append(call("references") + "\n")
    return "\n".join(parts)


def choose_page_claims(syn: Synthetic) -> None:
    rng = random.Random(syn.spec.seed + 7)
    syn.pages = [page_path(i) for i in range(syn.spec.pages)]
    syn.page_claims = {p: rng.sample(syn.claim_ids, syn.spec.claims_per_page) for p in syn.pages}


def nav(pages: list[str]) -> list:
    """Nested navigation: groups of sections of pages, each level at most FANOUT entries."""
    groups: dict[str, dict[str, list[str]]] = {}
    for p in pages:
        g, s, _ = p.split("/")
        groups.setdefault(g, {}).setdefault(s, []).append(p)
    return [{"Home": "index.md"}] + [
        {
            f"Group {g[1:]}": [
                {f"Section {s[1:]}": [{f"Page {Path(p).stem[5:]}": p} for p in ps]}
                for s, ps in sections.items()
            ]
        }
        for g, sections in groups.items()
    ]


def read_config(path: Path) -> dict[str, Any]:
    """An mkdocs.yml as a dict (its `!!python/name:` tags read as their names)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)


def write_config(root: Path, cfg: dict[str, Any]) -> None:
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )


class _ConfigLoader(yaml.SafeLoader):
    pass


_ConfigLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/",
    lambda loader, suffix, node: loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None,
)


def write_site(syn: Synthetic) -> None:
    """docs/ with generated pages, and mkdocs.yml: the real configuration with the synthetic nav."""
    docs = syn.root / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    (docs / "index.md").write_text(
        "# Synthetic site\n\nA generated site for the benchmarks.\n", encoding="utf-8"
    )
    for page in REAL_PAGES:
        shutil.copy2(ROOT / "docs" / page, docs / page)
    for i, page in enumerate(syn.pages):
        path = docs / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_markdown(syn, i, syn.page_claims[page]), encoding="utf-8")
    cfg = read_config(ROOT / "mkdocs.yml")
    cfg["nav"] = nav(syn.pages)
    cfg.setdefault("extra", {})["store"] = {"cache_dir": ".cache/store"}
    cfg["validation"] = {**cfg.get("validation", {}), "nav": {"omitted_files": "info"}}
    write_config(syn.root, cfg)


def copy_code(root: Path) -> None:
    """The project's code and theme overrides, which every synthetic project shares with the real one."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("macros", "overrides"):
        if (root / name).exists():
            shutil.rmtree(root / name)
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))


def make_project(root: Path, spec: Spec, store_from: Synthetic | None = None) -> Synthetic:
    """A synthetic project: the real code, a synthetic store and pages (the store checks that each topic's
    page exists). `store_from` reuses another project's data/ (same spec.claims)."""
    syn = Synthetic(root, spec)
    copy_code(root)
    if store_from is None:
        write_store(syn)
    else:
        shutil.copytree(store_from.root / "data", root / "data", dirs_exist_ok=True)
        syn.topics, syn.claim_ids, syn.source_ids = (
            store_from.topics,
            store_from.claim_ids,
            store_from.source_ids,
        )
    choose_page_claims(syn)
    write_site(syn)
    return syn
