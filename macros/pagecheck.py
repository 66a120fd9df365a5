"""Mistakes in a page's source that MkDocs would publish without a word; each stops the build instead,
with the page and line.

* Front matter that is not valid YAML, or not a mapping, is ignored by MkDocs, which then renders it as
  the first paragraph of the page (a horizontal rule and "description: [..." in the published page).
* A `title` or `description` that is not text (a list, a mapping, a number, `yes`) is printed as Python's
  representation of it ("['a', 'b']") in the page's <title> or meta description.
* A control character (NUL, escape, ...) is copied into the HTML, where it is a parse error and shows as
  a replacement character, or nothing.
* A page that is not UTF-8, or whose front matter names a `template` the theme does not have, makes
  MkDocs stop with a Python traceback; these are named first, with the file and line.
"""

from __future__ import annotations

import os
import re
from typing import Any

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import YAML_RE

from .stash import RESERVED

TEXT_KEYS = ("title", "description")
# The stash's token characters carry macro output through Markdown: one typed in a page would be replaced
# by a macro's HTML, or stop the build with a traceback
_CONTROL = re.compile(rf"[\x00-\x08\x0b\x0e-\x1f\x7f{RESERVED}]")


def _yaml_line(exc: yaml.YAMLError, front: str) -> str:
    """':line' of a YAML error in the page (front matter starts on line 2). An error found only at the end
    (an unclosed bracket or quote) is placed where the unclosed thing started."""
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    if mark is not None and context is not None and mark.line >= front.count("\n"):
        mark = context
    return f":{mark.line + 2}" if mark is not None else ""


def _key_line(front: str, key: str) -> str:
    lines = front.split("\n")
    line = next((i for i, ln in enumerate(lines, 2) if ln.startswith(f"{key}:")), None)
    return f":{line}" if line else ""


def _template(name: object, dirs: list[str]) -> str | None:
    """What is wrong with a front matter `template`, or None."""
    if not isinstance(name, str) or not name:
        return f"must be the name of a template, got {name!r}"
    if (
        ".." in name.replace("\\", "/").split("/")
        or name.startswith("/")
        or not any(os.path.isfile(os.path.join(d, name)) for d in dirs)
    ):
        return f"names '{name}', which is not a template of the theme (overrides/ or Material's)"
    return None


def _front_matter(text: str, src: str, dirs: list[str]) -> list[str]:
    m = YAML_RE.match(text)
    if not m:
        return []
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError as exc:
        return [
            f"{src}{_yaml_line(exc, m.group(1))}: the front matter (between the '---' lines) is not valid "
            f"YAML: {getattr(exc, 'problem', None) or str(exc).splitlines()[0]}"
        ]
    if not isinstance(data, dict):
        return [
            f"{src}:2: the front matter (between the '---' lines) must be 'key: value' lines; "
            f"it is {type(data).__name__ if data is not None else 'empty'}"
        ]
    front = m.group(1)
    problems = [
        f"{src}{_key_line(front, key)}: front matter '{key}' must be text, got {data[key]!r}; "
        "put it in quotes if it is meant as text"
        for key in TEXT_KEYS
        if data.get(key) is not None and not isinstance(data[key], str)
    ]
    if "template" in data and (wrong := _template(data["template"], dirs)):
        problems.append(f"{src}{_key_line(front, 'template')}: front matter 'template' {wrong}")
    return problems


def _controls(text: str, src: str) -> list[str]:
    return [
        f"{src}:{number}:{m.start() + 1}: {_what(m.group())} U+{ord(m.group()):04X} "
        "in the page; delete it (it is invisible in most editors)"
        for number, line in enumerate(text.split("\n"), 1)
        if (m := _CONTROL.search(line))
    ]


def _what(char: str) -> str:
    return "character reserved for macro output" if char >= "\ue000" else "control character"


def check_encoding(files: Any) -> None:
    """Every Markdown page decodes as UTF-8 (called from `on_files`, before MkDocs reads them)."""
    problems = []
    for file in files.documentation_pages():
        data = file.content_bytes
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            problems.append(
                f"docs/{file.src_uri}:{line}: the file is not UTF-8 (byte 0x{data[exc.start]:02x}); "
                "save it as UTF-8"
            )
    if problems:
        raise PluginError("\n".join(problems))


def check(page: Any, config: Any) -> None:
    """Stop the build if the page's source has one of the mistakes above."""
    src = "docs/" + page.file.src_uri
    text = page.file.content_string
    problems = _front_matter(text, src, list(config["theme"].dirs)) + _controls(text, src)
    if problems:
        raise PluginError("\n".join(problems))
