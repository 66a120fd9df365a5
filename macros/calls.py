"""The macro calls in a page's Markdown, read by the same template parser mkdocs-macros renders it with.

One reader of `{{ name(args) }}` calls for everything that needs to know, before or without rendering,
what a page calls: the usage index (which page shows which claim, source, table or register; the sources
page's "cited by" needs it before the topic pages render) and the dev server's dependency tracking.

A page is parsed by Jinja, configured as the macros plugin configures it (its `j2_*` delimiters and
`j2_extensions`), and a page the plugin leaves unrendered (`render_macros: false` in its front matter, or
`render_by_default: false` unless the page opts in or matches `force_render_paths`) has no calls. So a
call in a `{# comment #}` or a `{% raw %}` block, in a page that documents the syntax, or written with
other delimiters than the configured ones is read exactly as the build reads it: by the same parser.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import pathspec
from jinja2 import Environment, TemplateSyntaxError, nodes
from mkdocs.utils.meta import get_data


class _NotLiteral:
    def __repr__(self) -> str:
        return "NOT_LITERAL"


NOT_LITERAL: Any = _NotLiteral()  # an argument that is an expression, known only when the page renders


@dataclass(frozen=True)
class Settings:
    """The macros plugin's switches that decide whether and how a page is read as a template."""

    render_by_default: bool = True
    force_render_paths: str = ""
    jinja: tuple[tuple[str, str], ...] = ()  # Jinja options named by the j2_* keys (delimiters)
    extensions: tuple[str, ...] = ()  # j2_extensions: tags they add must parse here too

    @classmethod
    def from_plugin_config(cls, cfg: Mapping[str, Any]) -> Settings:
        """From the macros plugin's configuration (`config.plugins["macros"].config`, or the dict under
        `macros:` in mkdocs.yml); missing keys take the plugin's defaults."""
        jinja = tuple(
            sorted((k[3:], v) for k, v in cfg.items() if k.startswith("j2_") and k != "j2_extensions" and v)
        )
        return cls(
            bool(cfg.get("render_by_default", True)),
            cfg.get("force_render_paths") or "",
            jinja,
            tuple(cfg.get("j2_extensions") or ()),
        )

    def renders(self, src_path: str, meta: Mapping[str, Any]) -> bool:
        """Whether mkdocs-macros renders this page (its rule, in `MacrosPlugin.render`)."""
        flag = meta.get("render_macros")
        if flag is False:
            return False
        if self.render_by_default:
            return True
        return flag is True or _spec(self.force_render_paths).match_file(src_path)


@dataclass(frozen=True)
class Call:
    """One call of a name in the page's template code, with its arguments where they are literals."""

    name: str
    args: tuple[Any, ...]
    kwargs: tuple[tuple[str, Any], ...]

    @property
    def literal(self) -> bool:
        return NOT_LITERAL not in (*self.args, *(v for _, v in self.kwargs))

    def arg(self, index: int, keyword: str) -> Any:
        """An argument by position or keyword; None when it is not given."""
        if index < len(self.args):
            return self.args[index]
        return dict(self.kwargs).get(keyword)


@dataclass(frozen=True)
class PageCalls:
    calls: tuple[Call, ...] = ()
    # every name the template code reads: macros, variables, filters' args
    names: frozenset[str] = frozenset()
    # {% ... %} tags (loops, conditions, includes, assignments): calls not known statically
    statements: bool = False
    error: str | None = None  # the template does not parse; the build reports it with its line
    # output captured and transformed: {% filter %}, {% macro %}, {% call %}, {% set %}...{% endset %}
    captures: bool = False
    title: str | None = None  # the page's own title as MkDocs reads it: front matter, else its first heading


@lru_cache(maxsize=4096)  # a dev-server plan reads every page again; most are unchanged
def read_page(text: str, src_path: str = "", settings: Settings | None = None) -> PageCalls:
    """The calls in one page's source (front matter included, as the file holds it)."""
    settings = settings or Settings()
    markdown, meta = get_data(text)
    heading = re.search(r"^# (.+?)\s*$", markdown, re.M)
    title = meta.get("title") or (heading.group(1) if heading else None)
    if not settings.renders(src_path, meta):
        return PageCalls(title=title)
    return replace(read_template(markdown, settings), title=title)


@lru_cache(maxsize=4096)
def read_template(markdown: str, settings: Settings) -> PageCalls:
    """The calls in a page's Markdown as mkdocs-macros renders it (front matter already taken off)."""
    env = environment(settings)
    if not any(start in markdown for start in (env.variable_start_string, env.block_start_string)):
        return PageCalls()
    try:
        tree = env.parse(markdown)
    except TemplateSyntaxError as exc:
        return PageCalls(statements=True, error=f"line {exc.lineno}: {exc.message}")
    calls = tuple(_call(node) for node in tree.find_all(nodes.Call) if isinstance(node.node, nodes.Name))
    names = frozenset(n.name for n in tree.find_all(nodes.Name) if n.ctx == "load")
    statements = any(not isinstance(node, nodes.Output) for node in tree.body)
    captures = next(tree.find_all(_CAPTURING), None) is not None
    return PageCalls(calls, names, statements, captures=captures)


_CAPTURING = (nodes.FilterBlock, nodes.Macro, nodes.CallBlock, nodes.AssignBlock)


def _call(node: nodes.Call) -> Call:
    args = tuple(_value(a) for a in node.args)
    kwargs = tuple((k.key, _value(k.value)) for k in node.kwargs)
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        args += (NOT_LITERAL,)
    return Call(node.node.name, args, kwargs)


def _value(node: nodes.Expr) -> Any:
    return node.value if isinstance(node, nodes.Const) else NOT_LITERAL


@lru_cache(maxsize=8)
def environment(settings: Settings) -> Environment:
    """A Jinja environment configured as the macros plugin configures its own (`settings`: its switches)."""
    return Environment(extensions=list(settings.extensions), **dict(settings.jinja))


@lru_cache(maxsize=8)
def _spec(lines: str) -> pathspec.PathSpec:
    with warnings.catch_warnings():  # the plugin's own pattern style, deprecated by pathspec 0.12.x
        warnings.simplefilter("ignore", DeprecationWarning)
        return pathspec.PathSpec.from_lines("gitwildmatch", lines.splitlines())
