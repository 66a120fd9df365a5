"""The five interactive explainers: `{{ explainer("name") }}` on a page.

What each explainer draws is configured in data/explainers.yaml and validated once, against the store
(macros/explainers_config.py): every part names the claims behind it. The macro renders, through
macros/templates/explainer_*.html, the no-JavaScript fallback (a table with the same information), the
controls for the script, JSON data with the numbers and labels the script draws
(docs/assets/explainers.js), and the sources.
"""

from __future__ import annotations

import json
from typing import Any

from .explainers_config import NAMES, ExplainersConfig
from .forest import name_of
from .models import Claim
from .pages import CLAIMS_PAGE, METHOD_PAGE, MacroArgumentError, PageContext, claim_page, source_page
from .problems import closest_note
from .render import Renderer, certainty_options, evidence_facets
from .vocabulary import Status


class Explainers:
    def __init__(self, renderer: Renderer, config: ExplainersConfig, available: set[str]):
        self.r, self.config, self.available = renderer, config, available
        self.store = renderer.store

    def has(self, *ids: str) -> bool:
        return all(i in self.available for i in ids)

    def claim(self, ctx: PageContext, cid: str) -> dict:
        c: Claim = self.store.resolve_claim(cid)  # type: ignore[assignment]
        g = self.store.grades[c.id]
        return {
            "id": c.id,
            "statement": c.statement,
            "grade": g.css,
            "grade_text": g.verdict_line,
            "grade_word": g.word,
            "grade_label": g.label,
            "status": c.status.value,
            "href": self.r.url(ctx, claim_page(c.id)),
        }

    def sources(self, ctx: PageContext, ids: list[str]) -> list[dict]:
        """The claims an explainer draws on, each with its grade and its sources, in first-use order."""
        out = []
        for cid in dict.fromkeys(i for i in ids if i in self.available):
            evidence = self.store.resolve_claim(cid).evidence  # type: ignore[union-attr]
            srcs = [self.store.sources[sid] for sid in dict.fromkeys(e.source for e in evidence)]
            links = [
                {
                    "label": name_of(s, et_al=True),
                    "title": s.title,
                    "href": self.r.url(ctx, source_page(s.id)),
                }
                for s in srcs
            ]
            out.append({**self.claim(ctx, cid), "sources": links})
        return out

    def render(self, ctx: PageContext, name: Any) -> str:
        if name not in NAMES:
            raise MacroArgumentError(
                f"explainer(): unknown explainer {name!r}; use one of {', '.join(NAMES)}"
                + closest_note(str(name), NAMES)
            )
        view = getattr(self, name.replace("-", "_"))(ctx)
        data = view.pop("data", None)  # what the script draws, as JSON in the page (_explainer.html's `data`)
        if data is not None:
            data = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return self.r.render(
            f"explainer_{name.split('-')[0]}.html",
            name=name,
            **view,
            data=data,
            method_href=self.r.url(ctx, METHOD_PAGE, "grades"),  # explainer_evidence.html links the method
        )

    # one view per explainer ---------------------------------------------------------------------
    def axis_loop(self, ctx: PageContext) -> dict:
        a = self.config.axis_loop
        controls = [c for c in a.controls if self.has(*c.claims)]
        data = {
            "feedback": a.feedback,
            "response": a.response,
            "controls": [
                {
                    "id": c.id,
                    "label": c.label,
                    "options": [
                        {
                            **o.model_dump(exclude={"expect"}),
                            "expect": o.expect.model_dump(exclude_none=True) if o.expect else {},
                        }
                        for o in c.options
                    ],
                }
                for c in controls
            ],
        }
        claims = {c.id: [self.claim(ctx, i) for i in c.claims] for c in controls}
        ids = [*a.basis, *(i for c in controls for i in c.claims)]
        return {
            "controls": controls,
            "claims": claims,
            "data": data if controls else None,
            "sources": self.sources(ctx, ids),
        }

    def bound_free(self, ctx: PageContext) -> dict:
        b = self.config.bound_free
        numbers = {n.id: n for n in b.numbers if self.has(n.claim)}
        ready = self.has(b.test_claim) and {"bound", "free"} <= set(numbers)
        insulin = self.claim(ctx, b.insulin_claim) if self.has(b.insulin_claim) else None
        tissue = [self.claim(ctx, c) for c in b.tissue_claims if self.has(c)]
        data = {
            "numbers": {k: {"label": n.label, "number": n.number} for k, n in numbers.items()},
            "insulin": insulin is not None,
            "tissue": bool(tissue),
        }
        ids = [
            *b.basis,
            *(n.claim for n in numbers.values()),
            b.test_claim,
            b.insulin_claim,
            *b.tissue_claims,
        ]
        return {
            "numbers": [(n, self.claim(ctx, n.claim)) for n in numbers.values()],  # each with its claim
            "test": self.claim(ctx, b.test_claim) if self.has(b.test_claim) else None,
            "insulin": insulin,
            "tissue": tissue,
            "data": data if ready else None,
            "sources": self.sources(ctx, ids),
        }

    def hair_cycle(self, ctx: PageContext) -> dict:
        h = self.config.hair_cycle
        markers = [
            {"id": m.id, "phase": m.phase, "label": m.label, "claim": self.claim(ctx, m.claim)}
            for m in h.markers
            if self.has(m.claim)
        ]
        data = {"phases": [p.model_dump() for p in h.phases], "markers": markers}
        return {
            "phases": h.phases,
            "markers": markers,
            "data": data if self.has(*h.basis) else None,
            "sources": self.sources(ctx, [*h.basis, *(m.claim for m in h.markers)]),
        }

    def risk_shape(self, ctx: PageContext) -> dict:
        r = self.config.risk_shape
        curves = [
            {"outcome": c.outcome, "shape": c.shape, "label": c.label, "claim": self.claim(ctx, c.claim)}
            for c in r.curves
            if self.has(c.claim)
        ]
        outcomes = [o for o in r.outcomes if any(c["outcome"] == o.id for c in curves)]
        data = {"outcomes": [o.model_dump() for o in outcomes], "curves": curves}
        return {
            "outcomes": outcomes,
            "outcome_label": {o.id: o.label for o in r.outcomes},
            "curves": curves,
            "data": data if curves else None,
            "sources": self.sources(ctx, [c.claim for c in r.curves]),
        }

    def evidence_explorer(self, ctx: PageContext) -> dict:
        s = self.store
        rows = [
            self.r.claim_row(
                ctx,
                c,
                topic=s.topics[c.topic],
                **evidence_facets(c),
                seeds=[s.sources[i] for i in dict.fromkeys(a.source for a in c.asserted_by)],
            )
            for c in s.claims.values()
        ]
        filters = [
            ("topic", "Topic", [(t.id, t.title) for t in s.topics.values()]),
            ("grade", "Certainty", certainty_options(s.grades.values())),
            ("status", "Verdict", [(st.value, st.value) for st in Status]),
            ("design", "Study design", sorted({(d, d) for r in rows for d in r["designs"]})),
            ("species", "Species", sorted({(d, d) for r in rows for d in r["species"]})),
            ("seed", "Article under review", [(i, s.sources[i].title) for i in s.seed_ids]),
        ]
        return {"rows": rows, "filters": filters, "claims_href": self.r.url(ctx, CLAIMS_PAGE)}
