"""Expanding a page's macro calls without compiling the page as a Jinja template.

mkdocs-macros compiles every page into a Jinja template and runs it, which costs more than all of our
macros together on a page that only calls a few of them. Most pages here hold nothing but calls such as
{{ claim("id") }} with literal arguments, so those are expanded directly: the same macro functions, called
with the same arguments, their output put where the call was. A page with anything else in {{ }}, {% %}
or {# #} goes through Jinja as before, and so does a page whose fast expansion raises: Jinja then raises
the same error and mkdocs-macros reports it with its line.
"""

from __future__ import annotations

import ast
import re
from typing import Any, Callable

CALL = re.compile(r"\{\{\s*([A-Za-z_]\w*)\((.*?)\)\s*\}\}", re.S)
TEMPLATE_CODE = ("{{", "{%", "{#", "}}", "%}", "#}")

_ARGS: dict[str, tuple[tuple, dict] | None] = {}


def literal_args(text: str) -> tuple[tuple, dict] | None:
    """The arguments of a call as values, if every one of them is a literal (a string, number, None...)."""
    if text not in _ARGS:
        try:
            call = ast.parse(f"f({text})", mode="eval").body
        except SyntaxError:
            _ARGS[text] = None
            return None
        ok = isinstance(call, ast.Call) and all(isinstance(a, ast.Constant) for a in call.args) and all(
            k.arg is not None and isinstance(k.value, ast.Constant) for k in call.keywords)
        _ARGS[text] = ((tuple(a.value for a in call.args), {k.arg: k.value.value for k in call.keywords})
                       if ok else None)
    return _ARGS[text]


def plan(markdown: str, macros: dict[str, Callable[..., Any]]) -> list | None:
    """The page as text pieces and calls, or None when Jinja must render it."""
    pieces: list = []
    last = 0
    for m in CALL.finditer(markdown):
        func = macros.get(m.group(1))
        args = literal_args(m.group(2))
        if func is None or args is None:
            return None
        pieces += [markdown[last:m.start()], (func, *args)]
        last = m.end()
    pieces.append(markdown[last:])
    if any(isinstance(p, str) and any(code in p for code in TEMPLATE_CODE) for p in pieces):
        return None
    return pieces


def expand(pieces: list) -> str:
    """Run the planned calls (exceptions propagate: the caller then leaves the page to Jinja)."""
    return "".join(p if isinstance(p, str) else str(p[0](*p[1], **p[2])) for p in pieces)
