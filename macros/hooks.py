"""MkDocs hooks (listed under `hooks:` in mkdocs.yml). Thin: each dispatches to a module of `macros`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import re

from macros import (
    abbr,
    cache,
    changes,
    current_build,
    exports,
    hardening,
    items,
    pagecheck,
    previews,
    reading,
    serve_guard,
    strays,
    symlinks,
)

# A store block (one line of HTML) placed inside an admonition, list or tab is not seen as a raw HTML
# block by Markdown and gets wrapped in <p>; a <div> inside <p> is invalid, so unwrap it.
_WRAPPED_BLOCK = re.compile(r'<p>(<div class="igf-[^\n]*</div>)</p>')


def on_config(config):  # noqa: ANN001, ANN201
    hardening.set_source_date(Path(config["config_file_path"]).parent)
    symlinks.check(config)  # before MkDocs lists docs/: a link out of the repository would be published
    strays.check(Path(config["config_file_path"]).parent)  # data/claims/x.yml would be skipped silently
    return config


def on_page_markdown(markdown: str, page, config, files) -> str:  # noqa: ANN001
    pagecheck.check(page, config)  # front matter MkDocs would ignore, control characters...
    return markdown


def on_page_content(html: str, page, config, files) -> str:  # noqa: ANN001
    build = current_build(config)
    context = build.contexts[page.file.src_uri]
    html, ids = context.stash.restore(html)  # the macros' output, kept out of Markdown (macros/stash.py)
    page.present_anchor_ids |= ids
    if page.links_to_anchors is not None:  # the macros' links to anchors, validated by MkDocs (not with -v)
        for target, links in context.links.items():
            page.links_to_anchors.setdefault(target, {}).update(links)
    html = _WRAPPED_BLOCK.sub(r"\1", html)
    return abbr.apply(html, build.renderer.store.glossary)


def on_files(files, config):  # noqa: ANN001, ANN201
    """The downloads (BibTeX, RIS, CSL-JSON, claims JSON), the changes feed and pages, link-preview images, and
    a page per claim and per source become files of the site."""
    pagecheck.check_encoding(files)  # MkDocs would stop on a page that is not UTF-8 with a traceback
    build = current_build(config)
    files = changes.add_feed(files, config, build.renderer)
    files = exports.add_downloads(files, config, build.renderer.store, build.cache_dir)
    files = previews.add_previews(files, config, build.renderer.store, build.cache_dir)
    files = changes.add_pages(files, config, build.renderer, build.cache_dir)
    return items.add_pages(files, config, build.renderer, build.cache_dir)


def on_env(env, config, files):  # noqa: ANN001, ANN201
    """The theme's templates compiled once, then read from the cache (Jinja checks each against its
    source): a rebuild by the dev server otherwise compiles Material's templates again each time."""
    build = current_build(config)
    if build.cache_dir is not None:
        env.bytecode_cache = cache.TemplateCache(build.cache_dir / "theme-templates")
    return env


def on_page_context(context, page, config, nav):  # noqa: ANN001, ANN201
    """Description, OpenGraph, JSON-LD, last-reviewed date and "Cite this page" for the theme templates."""
    return reading.page_context(context, page, config, current_build(config))


def on_post_build(config) -> None:  # noqa: ANN001
    current_build(config).renderer.csl.save()  # the references formatted in this build, cached
    hardening.minify_assets(config["site_dir"])


def on_post_page(output: str, page, config) -> str:  # noqa: ANN001
    return hardening.harden(output)


def on_post_template(output: str, template_name: str, config) -> str:  # noqa: ANN001
    return hardening.harden(output) if template_name.endswith(".html") else output


def on_serve(server, config, builder):  # noqa: ANN001, ANN201
    return serve_guard.guard(server)
