"""MkDocs hooks (listed under `hooks:` in mkdocs.yml). Thin: each dispatches to a module of `macros`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import re  # noqa: E402

from macros import STATE, abbr, hardening, items, previews, reading, serve_guard  # noqa: E402

# A store block (one line of HTML) placed inside an admonition, list or tab is not seen as a raw HTML
# block by Markdown and gets wrapped in <p>; a <div> inside <p> is invalid, so unwrap it.
_WRAPPED_BLOCK = re.compile(r'<p>(<div class="igf-[^\n]*</div>)</p>')


def on_config(config):  # noqa: ANN001, ANN201
    hardening.set_source_date(Path(config["config_file_path"]).parent)
    return config


def on_page_content(html: str, page, config, files) -> str:  # noqa: ANN001
    context = STATE.get("contexts", {}).get(page.file.src_path.replace("\\", "/"))
    if context is not None:  # the macros' output, kept out of Markdown (macros/stash.py)
        html, ids = context.stash.restore(html)
        if ids and page.present_anchor_ids is not None:
            page.present_anchor_ids |= ids
    html = _WRAPPED_BLOCK.sub(r"\1", html)
    store = STATE.get("store")
    return abbr.apply(html, store.glossary) if store else html


def on_files(files, config):  # noqa: ANN001, ANN201
    """The downloads (BibTeX, RIS, CSL-JSON, claims JSON), link-preview images, a page per claim and source."""
    store = STATE.get("store")
    if store is None:
        return files
    files = reading.add_downloads(files, config, store, STATE.get("cache_dir"))
    files = previews.add_previews(files, config, store, STATE.get("cache_dir"))
    return items.add_pages(files, config, store, STATE["renderer"])


def on_page_context(context, page, config, nav):  # noqa: ANN001, ANN201
    """Description, OpenGraph, JSON-LD, last-reviewed date and "Cite this page" for the theme templates."""
    return reading.page_context(context, page, config, STATE)


def on_post_build(config) -> None:  # noqa: ANN001
    renderer = STATE.get("renderer")
    if renderer is not None and renderer.csl is not None:
        renderer.csl.save()
    hardening.write_scripts(config["site_dir"])
    hardening.minify_styles(config["site_dir"])


def on_post_page(output: str, page, config) -> str:  # noqa: ANN001
    return hardening.harden(output)


def on_post_template(output: str, template_name: str, config) -> str:  # noqa: ANN001
    return hardening.harden(output) if template_name.endswith(".html") else output


def on_serve(server, config, builder):  # noqa: ANN001, ANN201
    return serve_guard.guard(server)
