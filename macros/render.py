"""Rendering: store records to HTML through the Jinja templates in macros/templates/.

Each page renders with its `PageContext` (macros/pages.py), so `references()` lists exactly what the
page cited.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import certainty, certainty_rules, evidence_counts, forest
from .cache import TemplateCache
from .csl import DEFAULT_STYLE, CSLFormatter
from .models import Claim, Direction, Source, Status
from .pages import (
    METHOD_PAGE,
    MacroArgumentError,
    PageContext,
    ReferenceError_,
    _relative,
    claim_page,
    source_page,
)
from .problems import closest
from .store import Store
from .text import inline_markdown, one_line, plain
from .usage import Usage, table_lists

TEMPLATES = Path(__file__).parent / "templates"

STATUS_MEANING = {
    "established": "Consistently shown; not in serious dispute.",
    "supported": "The evidence we have points this way; the certainty beside it says how firmly, and it may be very low.",
    "contested": "Evidence points both ways, or the claim goes beyond what the studies show.",
    "speculative": (
        "Not shown (in people, or in the model a claim is about): untested, or resting only on mechanism, "
        "indirect models or studies too weak to tell."
    ),
    "refuted": "The evidence goes against it.",
}


def certainty_options(grades: Iterable[certainty.CertaintyResult]) -> list[tuple[str, str]]:
    """(value, words) of each certainty in use, in rank order: a table's filter options, none empty."""
    return [(key, words) for _, key, words in sorted({(g.rank, g.key, g.key_word) for g in grades})]


def evidence_facets(claim: Claim) -> dict[str, list[str]]:
    """The study designs and species of a claim's evidence, which a table of claims filters by."""
    return {
        "designs": sorted({e.design.value for e in claim.evidence}),
        "species": sorted({e.species.value for e in claim.evidence}),
    }


class Renderer:
    def __init__(
        self, store: Store, usage: Usage, cache_dir: Path | None = None, csl: CSLFormatter | None = None
    ):
        self.store = store
        self.usage = usage
        # Compiled templates are kept between builds (Jinja checks each against its template's source).
        bytecode = TemplateCache(cache_dir / "templates") if cache_dir is not None else None
        self.env = Environment(
            loader=FileSystemLoader(str(TEMPLATES)),
            bytecode_cache=bytecode,
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["md"] = inline_markdown
        self.env.filters["text"] = plain
        # grading_rules.html reads the rule's constants (macros/certainty_rules.py) as `certainty.*`
        self.env.globals.update(certainty=certainty_rules, STATUS_MEANING=STATUS_MEANING)
        self.env.globals["reference_html"] = self.reference
        self._statement: dict[str, Markup] = {}
        self._reference: dict[tuple[str, bool], Markup] = {}
        # the style named in mkdocs.yml (define_env); the default style for a renderer made outside a build
        self.csl = csl or CSLFormatter(Path(__file__).resolve().parent.parent / DEFAULT_STYLE)

    # --- helpers ----------------------------------------------------------------------------------
    def url(self, ctx: PageContext, page: str, anchor: str | None = None) -> str:
        """A link from the page to another (or itself), resolved through MkDocs' file map. A missing page
        stops the build; an anchor is recorded for MkDocs to validate (`strict` fails on a missing one)."""
        target = ctx.files.get_file_from_path(page)
        if target is None or not target.is_documentation_page():
            pages = [f.src_uri for f in ctx.files.documentation_pages()]
            raise ReferenceError_(
                "page",
                page,
                closest(page, pages),
                f"A macro links to docs/{page}, which is not a page of this site",
            )
        here = ctx.file
        if anchor:
            ctx.links.setdefault(target, {})[anchor] = f"{page}#{anchor}"
        href = "" if target is here else _relative(target.url, here.url)
        return href + (f"#{anchor}" if anchor else "")

    def statement(self, claim: Claim) -> Markup:
        if claim.id not in self._statement:
            self._statement[claim.id] = inline_markdown(claim.statement)
        return self._statement[claim.id]

    def reference(self, src: Source, identifiers: bool = True) -> Markup:
        """The source formatted by the configured CSL style, unverified fields marked: the same on every
        page, so formatted once per source and build (a page cites dozens, a large site thousands).
        Without identifiers for the sources register, whose rows link to pages that give them."""
        if (src.id, identifiers) not in self._reference:
            self._reference[src.id, identifiers] = self.csl.entry(src, identifiers)
        return self._reference[src.id, identifiers]

    def claim_or_fail(self, claim_id: Any) -> Claim:
        s = self.store
        return self._or_fail(
            "claim", claim_id, s.resolve_claim, s.claims, "Add it to data/claims/<topic>.yaml"
        )

    def source_or_fail(self, source_id: Any) -> Source:
        s = self.store
        return self._or_fail("source", source_id, s.resolve_source, s.sources, "Add it to data/sources/")

    def _or_fail(self, kind: str, ident: Any, resolve: Any, pool: Any, add: str) -> Any:
        """The record of this id, or of an old id of it (aliases); else an error naming the closest ids."""
        if not isinstance(ident, str) or not ident:
            raise MacroArgumentError(f"{kind} id must be a non-empty string in quotes, got {ident!r}")
        found = resolve(ident)
        if found is None:
            raise ReferenceError_(kind, ident, closest(ident, pool), f"{add} or fix the id")
        return found

    def markers(
        self, ctx: PageContext, source_ids: list[str], locators: dict[str, str | None] | None = None
    ) -> list[dict]:
        return [
            {"n": ctx.number(sid), "source": self.store.sources[sid], "locator": (locators or {}).get(sid)}
            for sid in dict.fromkeys(source_ids)
        ]

    def render(self, template: str, **kw: Any) -> str:
        return one_line(self.env.get_template(template).render(**kw))

    def claim_row(self, ctx: PageContext, claim: Claim, **more: Any) -> dict:
        """A claim as a list of claims shows it: statement, grade and a link to its page, and `more`."""
        return {
            "claim": claim,
            "statement": self.statement(claim),
            "grade": self.store.grades[claim.id],
            "href": self.url(ctx, claim_page(claim.id)),
            **more,
        }

    def claim_view(self, ctx: PageContext, claim: Claim) -> dict:
        sources = [e.source for e in claim.evidence]
        own = ctx.anchor(claim.id)
        return {
            "claim": claim,
            "anchor": own,
            # old ids of a renamed claim: anchors at its first rendering, so old links still land on it
            "alias_anchors": [a for a in claim.aliases if ctx.anchor(a)] if own else [],
            "statement": self.statement(claim),
            "grade": self.store.grades[claim.id],
            "markers": self.markers(ctx, sources, {e.source: e.locator for e in claim.evidence if e.locator}),
            "register_href": self.url(ctx, claim_page(claim.id)),  # the claim's own page
            "method_href": self.url(ctx, METHOD_PAGE, "grades"),
        }

    # --- macros -----------------------------------------------------------------------------------
    def claim(self, ctx: PageContext, claim_id: Any) -> str:
        claim = self.claim_or_fail(claim_id)
        ctx.claims_used.append(claim.id)
        return self.render("claim_inline.html", **self.claim_view(ctx, claim))

    def claim_card(self, ctx: PageContext, claim_id: Any, full: bool = False) -> str:
        claim = self.claim_or_fail(claim_id)
        ctx.claims_used.append(claim.id)
        view = self.claim_view(ctx, claim)
        supporting = [e for e in claim.evidence if e.direction == Direction.supports]
        against = [e for e in claim.evidence if e.direction != Direction.supports]
        # The full card (findings, caveats, related claims) is the claim page's; elsewhere a brief one
        # that keeps the evidence side by side and links to it, so that topic pages stay light.
        return self.render(
            "claim_card.html",
            **view,
            full=full,
            supporting=supporting,
            against=against,
            numbers={e.source: ctx.number(e.source) for e in claim.evidence},
            seeds=[(self.store.sources[a.source], a) for a in claim.asserted_by],
            seed_hrefs={a.source: self.url(ctx, source_page(a.source)) for a in claim.asserted_by},
            related=[(c, self.url(ctx, claim_page(c.id))) for c in self.store.related_to(claim)],
            level=lambda e: self.start_words(e, claim),
            bias=self.bias_words,
            forest=self.forest(claim) if full else "",
        )

    def start_words(self, e: Any, claim: Claim) -> str:
        """'starts high', 'no level of its own': what one study lends the claim before any rating."""
        level, _ = certainty.starts(e, claim, self.store.sources)
        return "no level of its own" if level is None else f"starts {certainty_rules.LEVEL_WORD[level]}"

    def bias_words(self, e: Any) -> str:
        """'risk of bias serious', or 'risk of bias not appraised' (which the rule counts as not serious)."""
        if not evidence_counts.appraised(e, self.store.sources):
            return "risk of bias not appraised"
        return "risk of bias " + evidence_counts.bias_of(e, self.store.sources)[0].value.replace("-", " ")

    def forest(self, claim: Claim) -> Markup:
        """Forest plots of the claim's effects, one per measure with two or more (empty when none)."""
        return Markup("").join(
            Markup(self.render("forest.html", plot=p)) for p in forest.plots(claim, self.store.sources)
        )

    def cite(self, ctx: PageContext, source_id: Any, locator: Any = None) -> str:
        src = self.source_or_fail(source_id)
        if locator is not None and not isinstance(locator, str):
            raise MacroArgumentError(f"cite(): locator must be text in quotes, got {locator!r}")
        return self.render("cite.html", markers=self.markers(ctx, [src.id], {src.id: locator}))

    def references(self, ctx: PageContext) -> str:
        ctx.references_rendered = True
        entries = [(n, self.store.sources[sid]) for sid, n in ctx.citations.items()]
        return self.render(
            "references.html",
            entries=entries,
            sources_href=lambda sid: self.url(ctx, source_page(sid)),
        )

    def claims_table(self, ctx: PageContext, topic: Any = None, status: Any = None) -> str:
        if topic is not None and topic not in self.store.topics:
            raise ReferenceError_("topic", str(topic), closest(str(topic), self.store.topics))
        statuses = list(STATUS_MEANING)
        if status is not None and status not in statuses:
            raise MacroArgumentError(
                f"claims_table(): status must be one of {', '.join(statuses)}; got {status!r}"
            )
        call = {"topic": topic, "status": status}
        rows = [
            self.claim_row(
                ctx, c, **evidence_facets(c), markers=self.markers(ctx, [e.source for e in c.evidence])
            )
            for c in self.store.claims.values()
            if table_lists(call, c)
        ]
        return self.render("claims_table.html", rows=rows, method_href=self.url(ctx, METHOD_PAGE, "grades"))

    def seed_review(self, ctx: PageContext, seed_id: Any, brief: Any = False) -> str:
        """The review of an article under review (on its source page): each claim it makes, with its
        quotes, our verdict and certainty, and its reference list checked. Brief (the index of articles):
        how many claims, by verdict, and a link to the review."""
        src = self.source_or_fail(seed_id)
        if not src.is_seed:
            raise MacroArgumentError(f"seed_review(): '{seed_id}' is not a seed article")
        if not isinstance(brief, bool):
            raise MacroArgumentError(f"seed_review(): brief must be True or False, got {brief!r}")
        claims = [  # each claim it makes with its quotes (a claim the article makes twice is one row)
            (c, quotes)
            for c in self.store.claims_citing(src.id)
            if (quotes := [a for a in c.asserted_by if a.source == src.id])
        ]
        refs = [r for r in self.store.seed_references if r.seed == src.id]
        if brief:  # the article's (and its author's) claims counted; readers' comments only named
            verdicts = [c.status for c, quotes in claims if any(a.thread != "reader" for a in quotes)]
            return self.render(
                "seed_summary.html",
                seed=src,
                anchor=ctx.anchor(f"review-{src.id}"),
                counts=[(s, verdicts.count(s)) for s in Status if s in verdicts],
                claims=len(verdicts),
                readers=len(claims) - len(verdicts),
                refs=len(refs),
                review_href=self.url(ctx, source_page(src.id), "review"),
            )
        return self.render(
            "seed_review.html",
            seed=src,
            anchor=ctx.anchor(f"review-{src.id}"),
            rows=[self.claim_row(ctx, c, quotes=quotes) for c, quotes in claims],
            refs=refs,
            source_href=lambda sid: self.url(ctx, source_page(sid)),
            method_href=self.url(ctx, METHOD_PAGE, "grades"),
        )

    def appearances(self, ctx: PageContext, claim: Claim) -> list[tuple[str, str]]:
        """(page title, link to the claim there) for each page that shows the claim, registers aside; the
        link goes to the claim's anchor where the page calls it by id (or by an old id, an alias)."""
        ids = {claim.id, *claim.aliases}
        return sorted(
            (
                self.page_title(p),
                self.url(ctx, p, claim.id if ids & self.usage.claims.get(p, set()) else None),
            )
            for p in self.usage.pages_using_claim(claim)
            if p not in self.usage.registers
        )

    def page_title(self, src_path: str) -> str:
        """A page's own title, as the usage scan read it from the page's source before any page renders."""
        return self.usage.titles.get(src_path, src_path)

    def summary_of_findings(self, ctx: PageContext, topic: Any) -> str:
        """A topic's questions, each answered by its claim: verdict, certainty and why, the effect where there
        is one, and how many studies and participants. Generated from the store, like the claims."""
        if not isinstance(topic, str) or topic not in self.store.topics:
            raise ReferenceError_("topic", str(topic), closest(str(topic), self.store.topics))
        rows = []
        for q in self.store.topics[topic].questions_on(ctx.src_path):  # a companion page has its own
            claim = self.claim_or_fail(q.claim)
            judged = self.store.grades[claim.id]
            side = judged.side.items if judged.side else tuple(claim.evidence)
            setting = (judged.side.starting if judged.side else ()) or side  # the studies that set the level
            rows.append(
                {
                    "question": q.question,
                    "href": self.url(ctx, claim_page(claim.id)),
                    "judged": judged,
                    "effect": evidence_counts.headline_effect(setting),
                    "counts": evidence_counts.study_counts(side),
                }
            )
        return self.render(
            "summary_of_findings.html", rows=rows, method_href=self.url(ctx, METHOD_PAGE, "grades")
        )

    def grading_rules(self) -> str:
        return self.render("grading_rules.html")  # STATUS_MEANING and the rule's constants are globals

    def glossary_table(self) -> str:
        return self.render("glossary.html", entries=sorted(self.store.glossary, key=lambda g: g.term.lower()))

    def topics_list(self, ctx: PageContext) -> str:
        return self.render(
            "topics_list.html",
            topics=[
                (t, self.url(ctx, t.page), len(self.store.claims_in_topic(t.id)))
                for t in self.store.topics.values()
            ],
        )
