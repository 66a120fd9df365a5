"""mkdocs-macros entry point. `define_env` only loads the store and registers macros.

The store is validated once, here, before any page renders; rendering lives in `render.py` and its
templates; errors are formatted in `errors.py` so an editor sees one readable message, never a stack.

What one build's pages share with the MkDocs hooks (`hooks.py`) and the dev server is a `Build`, owned by
the macros plugin of that build: it is the plugin's variable `igf_build`, and `current_build(config)`
finds it through `config.plugins["macros"]`. A new build (or the dev server's next one) has a new plugin
and a new `Build`; nothing is kept in a module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from . import errors, items, registers, stash, units
from .calls import Settings, read_template
from .changes import changes_index, changes_list
from .csl import DEFAULT_STYLE, CSLFormatter, StyleError
from .explainers import Explainers
from .explainers_config import load_config
from .pages import PageContext
from .render import Renderer
from .store import StoreError, load_store, summary_problems
from .usage import scan

BUILD_VARIABLE = "igf_build"


@dataclass
class Build:
    renderer: Renderer  # with the store and the pages' macro calls (renderer.store, renderer.usage)
    cache_dir: Path | None
    settings: Settings  # the macros plugin's switches, as calls.py reads pages
    contexts: dict[str, PageContext] = field(default_factory=dict)  # page -> its citations, stash, links


def current_build(config: Any) -> Build:
    """The build in progress for this MkDocs config (the hooks run after the macros plugin's on_config)."""
    return config.plugins["macros"].variables[BUILD_VARIABLE]


def store_paths(conf: Any, root: Path) -> tuple[Path | None, Path | None]:
    """The seeds folder and the cache folder named under `extra.store` in mkdocs.yml."""
    cfg = (conf.get("extra") or {}).get("store") or {}
    seeds, cache = cfg.get("seeds_dir"), cfg.get("cache_dir")
    return (root / seeds).resolve() if seeds else None, (root / cache) if cache else None


def define_env(env: Any) -> None:
    errors.install(env)
    root = Path(env.project_dir)
    seeds_dir, cache_dir = store_paths(env.conf, root)
    try:
        store = load_store(root, seeds_dir, cache_dir)
        explainer_config = load_config(root, store)  # data/explainers.yaml, validated against the store
    except StoreError as exc:
        raise PluginError(exc.render()) from None
    page_settings = Settings.from_plugin_config(env.config)
    usage = scan(Path(env.conf["docs_dir"]), page_settings)
    if problems := summary_problems(store, usage):  # a companion page's questions, against its claims
        raise PluginError(StoreError(problems).render())
    style = ((env.conf.get("extra") or {}).get("citations") or {}).get("style", DEFAULT_STYLE)
    try:
        csl = CSLFormatter((root / style).resolve(), cache_dir)
    except StyleError as exc:
        raise PluginError(f"mkdocs.yml, extra.citations.style: {exc}") from None
    renderer = Renderer(store, usage, cache_dir, csl)
    build = Build(renderer, cache_dir, page_settings)
    env.variables[BUILD_VARIABLE] = build
    env.variables["store"] = store

    def ctx() -> PageContext:  # made for the page by on_pre_page_macros
        return build.contexts[env.page.file.src_uri]

    _register_claim_macros(env, renderer, ctx)
    _register_page_macros(env, renderer, ctx)
    _register_generated_macros(env, renderer, ctx, Explainers(renderer, *explainer_config))


# Each macro is a thin wrapper so that Jinja reports wrong arguments against these signatures.
def _register_claim_macros(env: Any, renderer: Renderer, ctx: Callable[[], PageContext]) -> None:
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


def _register_page_macros(env: Any, renderer: Renderer, ctx: Callable[[], PageContext]) -> None:
    @env.macro
    def claims_table(topic: str | None = None, status: str | None = None) -> str:
        """A table of claims, optionally of one topic and one status."""
        here = ctx()
        return here.stash.block(renderer.claims_table(here, topic, status))

    @env.macro
    def seed_review(seed_id: str, brief: bool = False) -> str:
        """What one seed article asserts and our verdict on each claim; brief: counts and a link to that."""
        here = ctx()
        return here.stash.block(renderer.seed_review(here, seed_id, brief))

    @env.macro
    def claims_register() -> str:
        """An index of every claim by topic (verdict, grade), each row linking to the claim's page."""
        return registers.claims_index(renderer, ctx())  # headings stay Markdown, for the table of contents

    @env.macro
    def sources_register() -> str:
        """An index of every source (kind, verification), each row linking to the source's page."""
        return registers.sources_index(renderer, ctx())

    @env.macro
    def summary_of_findings(topic: str) -> str:
        """A topic's summary of findings: its questions, each with verdict, certainty, effect and counts."""
        here = ctx()
        return here.stash.block(renderer.summary_of_findings(here, topic))

    @env.macro
    def grading_rules() -> str:
        """Verdict, kind and certainty, generated from the constants in macros/certainty_rules.py."""
        return renderer.grading_rules()

    @env.macro
    def glossary_table() -> str:
        """Every glossary entry."""
        return renderer.glossary_table()

    @env.macro
    def topics_list() -> str:
        """The topics with links and claim counts."""
        return renderer.topics_list(ctx())

    env.macro(units.igf1, "igf1")  # igf1(150, "ng/mL"): a concentration in both units


def _register_generated_macros(
    env: Any, renderer: Renderer, ctx: Callable[[], PageContext], explainers: Explainers
) -> None:
    """The macros that show what is generated from the store as a whole: the item pages, the history of
    every claim, the explainers."""

    @env.macro
    def claim_page(claim_id: str) -> str:
        """A claim's own page: verdict, evidence, where it appears, history and how to cite it."""
        return items.render_claim_page(renderer, ctx(), claim_id, env.conf)

    @env.macro
    def source_page(source_id: str) -> str:
        """A source's own page: the reference, identifiers, verification, and every claim citing it."""
        return items.render_source_page(renderer, ctx(), source_id)

    @env.macro
    def changes(day: str | None = None, topic: str | None = None) -> str:
        """One day's changes to one topic's claims (a generated page), or without arguments the index of
        those pages (the "What changed" page)."""
        here = ctx()
        if day is None and topic is None:
            return changes_index(renderer, here, env.page.url)  # Markdown: its headings list the days
        return here.stash.block(changes_list(renderer, here, env.page.url, day, topic))

    @env.macro
    def explainer(name: str) -> str:
        """An interactive explainer (axis-loop, bound-free, hair-cycle, risk-shape, evidence-explorer)."""
        here = ctx()
        return here.stash.block(explainers.render(here, name))


def on_pre_page_macros(env: Any) -> None:
    # Macro output printed unchanged becomes a token (macros/stash.py): mkdocs-macros' Jinja environment
    # (`env.env`, made after define_env) reads `finalize` when it compiles a page, and it compiles each one.
    env.env.finalize = stash.output
    build = env.variables[BUILD_VARIABLE]
    src = env.page.file.src_uri
    context = build.contexts[src] = PageContext(src, env.variables["files"])  # MkDocs' file map (on_nav)
    context.stash.enabled = not read_template(env.markdown, build.settings).captures


def on_post_page_macros(env: Any) -> None:
    """Tokens put back where Markdown must read the HTML (headings, the title); a page that cites
    sources but forgot `references()` gets its reference list appended."""
    build = env.variables[BUILD_VARIABLE]
    context = build.contexts[env.page.file.src_uri]
    env.markdown = context.stash.unstash_headings(env.markdown)
    title = env.page.title  # mkdocs-macros renders a title from the front matter after the page
    if isinstance(title, str) and stash.has_tokens(title):
        env.page.title = Markup(context.stash.unstash(title)).striptags()  # as text: a title is text
    if context.citations and not context.references_rendered:
        references = context.stash.token(build.renderer.references(context), "block")
        env.markdown += "\n\n## References\n\n" + references + "\n"
