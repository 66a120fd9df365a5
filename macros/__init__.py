"""mkdocs-macros entry point. `define_env` only loads the store and registers macros.

The store is validated once, here, before any page renders; rendering lives in `render.py` and its
templates; errors are formatted in `errors.py` so an editor sees one readable message, never a stack.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from . import errors, explainers, fastpath, reading
from .render import PageContext, Renderer, page_url
from .store import Store, StoreError, load_store
from .usage import scan

# The store and renderer of the build in progress; the hooks module reads them too.
STATE: dict[str, Any] = {}


def store_settings(env: Any) -> dict[str, Path | None]:
    cfg = (env.conf.get("extra") or {}).get("store") or {}
    root = Path(env.project_dir)
    seeds = cfg.get("seeds_dir")
    cache = cfg.get("cache_dir")
    return {"root": root,
            "seeds_dir": (root / seeds).resolve() if seeds else None,
            "cache_dir": (root / cache) if cache else None}


def define_env(env: Any) -> None:
    errors.install(env)
    settings = store_settings(env)
    try:
        store = load_store(settings["root"], settings["seeds_dir"], settings["cache_dir"])
    except StoreError as exc:
        raise PluginError(exc.render()) from None
    docs_dir = Path(env.conf["docs_dir"])
    usage = scan(docs_dir)
    renderer = Renderer(store, usage, env.conf.get("use_directory_urls", True), settings["cache_dir"])
    reading.configure(env, renderer)
    store_cfg = (env.conf.get("extra") or {}).get("store") or {}
    STATE.update(store=store, renderer=renderer, usage=usage, contexts={}, docs_dir=docs_dir,
                 cache_dir=settings["cache_dir"], fast=store_cfg.get("fast_macros", True) is not False)
    env.variables["store"] = store

    def ctx() -> PageContext:
        page = env.page
        src = page.file.src_path.replace("\\", "/")
        contexts = STATE["contexts"]
        if src not in contexts:
            contexts[src] = PageContext(src, page_url(src, renderer.use_directory_urls))
        return contexts[src]

    # Each macro is a thin wrapper so that Jinja reports wrong arguments against these signatures.
    @env.macro
    def claim(claim_id: str) -> str:
        """The claim's statement inline, with its grade badge and numbered citation markers."""
        here = ctx()
        return here.stash.inline(renderer.claim(here, claim_id))

    @env.macro
    def claim_card(claim_id: str) -> str:
        """A block with the claim, its grade and status, and its evidence for and against."""
        here = ctx()
        return here.stash.block(renderer.claim_card(here, claim_id))

    @env.macro
    def cite(source_id: str, locator: str | None = None) -> str:
        """A numbered citation marker for a source, optionally with a page, table or figure."""
        here = ctx()
        return here.stash.inline(renderer.cite(here, source_id, locator))

    @env.macro
    def references() -> str:
        """The page's numbered reference list, in order of first citation."""
        here = ctx()
        return here.stash.block(renderer.references(here))

    @env.macro
    def claims_table(topic: str | None = None, status: str | None = None) -> str:
        """A table of claims, optionally of one topic and one status."""
        here = ctx()
        return here.stash.block(renderer.claims_table(here, topic, status))

    @env.macro
    def seed_review(seed_id: str) -> str:
        """What one seed article asserts and our verdict on each claim."""
        here = ctx()
        return here.stash.block(renderer.seed_review(here, seed_id))

    @env.macro
    def claims_register() -> str:
        """Every claim in the store, grouped by topic, each with an anchor equal to its id."""
        here = ctx()  # its topic headings stay in the Markdown, for the table of contents
        return renderer.claims_register(here, defer=here.stash.block)

    @env.macro
    def sources_register() -> str:
        """Every source, its verification state, and the claims and pages that cite it."""
        here = ctx()
        return here.stash.block(renderer.sources_register(here))

    @env.macro
    def summary_of_findings(topic: str) -> str:
        """A topic's summary of findings: its questions, each with verdict, certainty, effect and counts."""
        here = ctx()
        return here.stash.block(renderer.summary_of_findings(here, topic))

    @env.macro
    def grading_rules() -> str:
        """Verdict, kind and certainty, generated from the constants in macros/certainty.py."""
        return renderer.grading_rules(ctx())

    @env.macro
    def glossary_table() -> str:
        """Every glossary entry."""
        return renderer.glossary_table(ctx())

    @env.macro
    def topics_list() -> str:
        """The topics with links and claim counts."""
        return renderer.topics_list(ctx())

    explainers.register(env, renderer, ctx, settings["root"])  # explainer(name), from data/explainers.yaml


def on_pre_page_macros(env: Any) -> None:
    src = env.page.file.src_path.replace("\\", "/")
    contexts = STATE.get("contexts", {})
    contexts.pop(src, None)
    # A page whose only template code is calls of our macros with literal arguments is expanded here,
    # without Jinja (macros/fastpath.py); anything else, or an error, is left to mkdocs-macros.
    pieces = fastpath.plan(env.markdown, env.macros) if STATE.get("fast", True) else None
    if pieces is None:
        return
    try:
        markdown = fastpath.expand(pieces)
    except Exception:  # noqa: BLE001 - Jinja runs the same calls again and reports the error
        contexts.pop(src, None)
        return
    env.markdown = markdown
    page = env.variables["page"]  # mkdocs-macros' copy of the page: tell it there is nothing to render
    page.meta = {**(page.meta or {}), "render_macros": False}


def on_post_page_macros(env: Any) -> None:
    """A page that cites sources but forgot `references()` gets its reference list appended."""
    contexts = STATE.get("contexts", {})
    src = env.page.file.src_path.replace("\\", "/")
    context = contexts.get(src)
    if context and context.citations and not context.references_rendered:
        env.markdown += "\n\n## References\n\n" + context.stash.block(STATE["renderer"].references(context)) + "\n"


def current_store() -> Store | None:
    return STATE.get("store")
