"""Readable build errors for page authors.

mkdocs-macros (with `on_error_fail: true`) formats any exception raised while rendering a page with a
full traceback and then calls `exit()`, which would also kill `mkdocs serve`. Here we register a
formatter that names the page, the line and what to fix, and make the plugin's failure a MkDocs
`PluginError`: the build stops cleanly with a non-zero exit, and the dev server keeps serving the last
good site until the page is fixed.
"""

from __future__ import annotations

import inspect
import re
import traceback
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, UndefinedError
from mkdocs.exceptions import PluginError

from .pages import MacroArgumentError, ReferenceError_

_last_message = ["A page could not be rendered."]
_env: list[Any] = [None]  # the plugin of the build in progress, to show a macro's signature in an error


def _template_line(error: BaseException, markdown: str) -> int | None:
    if isinstance(error, TemplateSyntaxError) and error.lineno:
        return error.lineno
    lines = [
        n for frame, n in traceback.walk_tb(error.__traceback__) if frame.f_code.co_filename == "<template>"
    ]
    if lines:
        return lines[-1]  # the innermost frame compiled from the page
    if isinstance(error, ReferenceError_):
        for i, text in enumerate(markdown.splitlines(), 1):
            if re.search(r"""["']""" + re.escape(error.wanted) + r"""["']""", text):
                return i
    return None


def _front_matter_lines(markdown: str, abs_path: str | None) -> int:
    """MkDocs strips YAML front matter before macros see a page; count it back into line numbers."""
    if not abs_path:
        return 0
    try:
        raw = Path(abs_path).read_text(encoding="utf-8-sig")
    except OSError:
        return 0
    pos = raw.find(markdown[:200]) if markdown.strip() else -1
    return raw[:pos].count("\n") if pos > 0 else 0


def describe(error: BaseException, markdown: str, src_path: str, abs_path: str | None = None) -> str:
    line = _template_line(error, markdown)
    if line:
        line += _front_matter_lines(markdown, abs_path)
    where = f"{src_path}:{line}" if line else src_path
    if isinstance(error, (ReferenceError_, MacroArgumentError)):
        return f"{where}: {error}"
    if isinstance(error, TemplateSyntaxError):
        message = (error.message or "").rstrip(".")
        return (
            f"{where}: template syntax error: {message}. Check the {{{{ ... }}}} and {{% ... %}} on that "
            "line: every {{ needs its }}, every {% if %} or {% for %} its {% endif %} or {% endfor %}, and "
            "every ( and quote its partner."
        )
    if isinstance(error, UndefinedError):
        return (
            f"{where}: {error.message}. The page uses a name that is neither a macro nor a variable; "
            f"check its spelling (macros: {', '.join(_our_macros())})."
        )
    if isinstance(error, TypeError):
        text = re.sub(r"\w+\.<locals>\.", "", str(error))  # claim(), not register.<locals>.claim()
        usage = ""
        name = re.match(r"(\w+)\(\)", text)
        if name and name.group(1) in _env[0].macros:
            usage = f" Call it as {_usage(name.group(1))}."
        return f"{where}: a macro was called with the wrong arguments: {text}.{usage}"
    return f"{where}: {type(error).__name__}: {error}"


def _our_macros() -> list[str]:
    """The macros this project registers, in order (not mkdocs-macros' own, such as `now`)."""
    package = __name__.split(".")[0]
    return [n for n, f in _env[0].macros.items() if getattr(f, "__module__", "").split(".")[0] == package]


def _usage(name: str) -> str:
    """A macro's call form with argument names, e.g. cite("source-id", locator=None), and what it does."""
    func = _env[0].macros[name]
    params = [
        f'"{p.name.replace("_", "-")}"' if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}"
        for p in inspect.signature(func).parameters.values()
    ]
    doc = (inspect.getdoc(func) or "").split("\n")[0]
    return f"{name}({', '.join(params)})" + (f" ({doc.rstrip('.')})" if doc else "")


def _raise_plugin_error(code: object = None) -> None:
    raise PluginError(_last_message[0])


def install(env: Any) -> None:
    """Register the formatter with mkdocs-macros and route its exit() to a PluginError."""
    installed = _env[0] is not None  # by an earlier build in this process (the dev server)
    _env[0] = env
    if installed:
        return
    import mkdocs_macros.errors as macro_errors
    import mkdocs_macros.plugin as macro_plugin

    @macro_errors.format_error.register(Exception)
    def _format(error: Exception, markdown: str, page: Any) -> str:
        _last_message[0] = describe(error, markdown, f"docs/{page.file.src_path}", page.file.abs_src_path)
        return _last_message[0]

    macro_errors.format_error.register(TemplateSyntaxError, _format)
    macro_plugin.exit = _raise_plugin_error  # the plugin calls the builtin exit() on a macro error
