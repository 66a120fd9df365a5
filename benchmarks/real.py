"""Target 2 (reported, no target): the real site's full cold build, beside a plain Material build of the
same pages, so that what our features cost a build is visible.

The real site is this repository's docs/ and data/, copied fresh, built with `mkdocs build --strict` and an
empty cache (.cache/ removed before every round). The plain site is another copy whose pages show, where
they call a macro, what an author would have typed instead: `claim` and `claim_card` the claim's statement
as text, `igf1` its value and unit; every other call (registers, tables, summaries, explainers, citations,
references) nothing. It is built with Material alone: the same theme settings, Markdown extensions, search,
nav and assets, without the macros plugin, the project's hooks and theme overrides. Our code also writes a
page for every claim and source (claims/<id>/, sources/<id>/), which the plain site has no way to have: the
figure prints the page counts of both.

The pages' calls are read by the one reader of macro calls (macros/calls.py: Jinja, configured as the
macros plugin configures it), and each page is rendered as the plugin would render it, with every name it
calls bound to its plain stand-in. Statements come from the store, loaded as a build loads it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.utils.meta import get_data

from macros.calls import Settings, environment, read_template
from macros.store import load_store

from .builds import is_redirect, item_pages
from .common import Figure, build, interleaved, medians
from .serve import copy_real_project
from .synth import read_config, write_config

StandIns = Callable[[str], Callable[..., str]]


def stand_ins(store: Any) -> StandIns:
    """For a macro's name, the function that gives its plain text in place of its output."""

    def statement(claim_id: str, *args: Any, **kwargs: Any) -> str:
        claim = store.resolve_claim(claim_id)
        if claim is None:  # the real build stops here too
            raise KeyError(f"no claim {claim_id!r} in the store")
        return claim.statement

    def quantity(value: Any, unit: str, to: Any = None) -> str:
        return f"{value} {unit}" if to is None else f"{value} to {to} {unit}"

    def nothing(*args: Any, **kwargs: Any) -> str:
        return ""

    named: dict[str, Callable[..., str]] = {"claim": statement, "claim_card": statement, "igf1": quantity}
    return lambda name: named.get(name, nothing)


def plain_page(text: str, src_path: str, settings: Settings, stand_in: StandIns) -> str:
    """A page's source with its macro calls replaced by their plain stand-ins (`settings`: the macros
    plugin's switches). A page the plugin does not render is left as it is."""
    markdown, meta = get_data(text)
    if not settings.renders(src_path, meta):
        return text
    calls = read_template(markdown, settings)
    if calls.error:
        raise ValueError(f"{src_path}: {calls.error}")
    called = {c.name for c in calls.calls}
    names = {name: stand_in(name) if name in called else "" for name in calls.names}
    env = environment(settings)
    front = text[: len(text) - len(markdown)]  # get_data keeps the Markdown as the text's tail
    return front + env.from_string(markdown).render(names)


def _is_macros(plugin: Any) -> bool:
    return plugin == "macros" or (isinstance(plugin, dict) and "macros" in plugin)


def plugin_settings(cfg: dict[str, Any]) -> Settings:
    """The macros plugin's switches in an mkdocs.yml (as synth.read_config reads it)."""
    plugin = next((p for p in cfg.get("plugins", []) if _is_macros(p)), None)
    return Settings.from_plugin_config((plugin["macros"] or {}) if isinstance(plugin, dict) else {})


def plain_project(dest: Path) -> Path:
    """A copy of the real project with plain pages and a Material-only mkdocs.yml."""
    project = copy_real_project(dest)
    cfg = read_config(project / "mkdocs.yml")
    settings = plugin_settings(cfg)
    stand_in = stand_ins(load_store(project))
    for path in sorted((project / "docs").rglob("*.md")):
        src = path.relative_to(project / "docs").as_posix()
        text = path.read_text(encoding="utf-8-sig")
        path.write_text(plain_page(text, src, settings, stand_in), encoding="utf-8")
    cfg["plugins"] = [p for p in cfg.get("plugins", []) if not _is_macros(p)]
    cfg.pop("hooks", None)
    cfg.pop("watch", None)
    cfg["theme"].pop("custom_dir", None)
    # Links to what only our code writes (the downloads, the registers' headings) have nothing to point to.
    links = cfg.setdefault("validation", {}).setdefault("links", {})
    links.update(not_found="info", anchors="info")
    write_config(project, cfg)
    for name in ("macros", "overrides"):  # nothing of ours is left to run
        shutil.rmtree(project / name)
    return project


def html_pages(site: Path) -> int:
    """HTML pages of a built site, redirect pages aside."""
    return sum(1 for p in site.rglob("*.html") if not is_redirect(p))


def run(work: Path, rounds: int, log: Callable[[str], None]) -> list[Figure]:
    real = copy_real_project(work / "real-cold" / "project")
    plain = plain_project(work / "plain" / "project")
    sites = {"real": work / "real-cold" / "site", "plain": work / "plain" / "site"}

    def cold() -> tuple[float, float]:
        shutil.rmtree(real / ".cache", ignore_errors=True)
        return build(real, sites["real"])

    log(f"target 2: the real site with an empty cache, and plain Material on its pages ({rounds} rounds)")
    times = interleaved({"real": cold, "plain": lambda: build(plain, sites["plain"])}, rounds)
    (r_w, r_c), (p_w, p_c) = medians(times["real"]), medians(times["plain"])
    n_real, n_plain, items = html_pages(sites["real"]), html_pages(sites["plain"]), item_pages(sites["real"])
    summary = (
        f"real site cold build {r_w:.1f} s ({n_real} pages) vs plain Material {p_w:.1f} s ({n_plain} pages): "
        f"our features cost {r_w - p_w:.1f} s"
    )
    log(summary)
    return [
        Figure(
            2,
            "real site, full cold build (empty cache), beside plain Material on the same pages",
            r_w,
            None,
            "s",
            f"{summary}; CPU {r_c:.1f} s vs {p_c:.1f} s; {items} of the real site's pages are item pages "
            "(claims/<id>/, sources/<id>/), which our code writes and the plain build cannot",
        )
    ]
