"""Problems found in the data, and the messages that tell an editor what to fix.

A `Problem` names a file, a line and column where there are any, the record's id and the field. Every
loader of data (the store, the explainers' configuration) reports through these, so one kind of mistake
reads the same wherever it is made. The raw YAML is parsed into `LineDict` and `LineList`, which remember
where each key and item stood, and `locate` walks a validation error's location through them to a line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: int | None
    id: str | None
    field: str | None
    message: str
    unknown: str | None = None  # the id a cross-reference could not find (it may follow from a root cause)

    @classmethod
    def in_file(cls, file: str, message: str, line: int | None = None, column: int | None = None) -> Problem:
        """A problem with the file itself (its bytes, its YAML), not with one record's field."""
        return cls(file, line, column, None, None, message)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        what = ", ".join(
            f"{name} '{value}'" for name, value in (("id", self.id), ("field", self.field)) if value
        )
        return f"{where}: {what}: {self.message}" if what else f"{where}: {self.message}"


def closest(wanted: str, pool: Iterable[str]) -> list[str]:
    """The ids in `pool` nearest to an unknown one, for a message naming them."""
    return difflib.get_close_matches(wanted, list(pool), n=3, cutoff=0.4)


def closest_note(wanted: str, pool: Iterable[str]) -> str:
    """' (closest: a, b)', for a message about an unknown id; '' when nothing is close."""
    close = closest(wanted, pool)
    return f" (closest: {', '.join(close)})" if close else ""


class Checks:
    """Problems found by cross-checks, each placed at the record it is about (`where`: id -> file, line)."""

    def __init__(self, where: Mapping[str, tuple[str, int]]):
        self.where = where
        self.problems: list[Problem] = []

    def at(self, record_id: str, fld: str, msg: str, unknown: str | None = None) -> None:
        f, line = self.where.get(record_id, ("data", None))
        self.problems.append(Problem(f, line, None, record_id, fld, msg, unknown))

    def unknown(self, record_id: str, fld: str, kind: str, wanted: str, pool: Iterable[str]) -> None:
        self.at(record_id, fld, f"unknown {kind} '{wanted}'{closest_note(wanted, pool)}", unknown=wanted)


def _order(p: Problem) -> tuple:
    return (p.file, p.line or 0, p.message)


class StoreError(Exception):
    """Every problem found, root causes first. `consequences` are problems that follow from them (a
    reference to a record in a file that could not be read, or to a record that failed validation):
    they go away once the root causes are fixed, so they are listed after them, and briefly."""

    SHOWN_CONSEQUENCES = 10

    def __init__(self, problems: Iterable[Problem], consequences: Iterable[Problem] = ()):
        self.problems = sorted(set(problems), key=_order)
        self.consequences = sorted(set(consequences) - set(self.problems), key=_order)
        super().__init__(self.render())

    def render(self) -> str:
        n = len(self.problems)
        lines = [
            (
                f"The data store has {n} problem{'s' if n != 1 else ''}; fix {'them' if n != 1 else 'it'} "
                "and build again:"
            )
        ]
        lines += [f"  - {p}" for p in self.problems]
        if self.consequences:
            m = len(self.consequences)
            lines.append(
                f"{m} more problem{'s' if m != 1 else ''} follow{'s' if m == 1 else ''} from "
                f"{'these' if n != 1 else 'this one'} (they name records that could not be read) "
                f"and should go once {'they are' if n != 1 else 'it is'} fixed:"
            )
            lines += [f"  - {p}" for p in self.consequences[: self.SHOWN_CONSEQUENCES]]
            if m > self.SHOWN_CONSEQUENCES:
                lines.append(f"  - ... and {m - self.SHOWN_CONSEQUENCES} more like them")
        return "\n".join(lines)


class LineDict(dict):
    """A mapping that remembers where each of its keys stood in the YAML file: (line, column)."""

    __slots__ = ("key_lines",)


class LineList(list):
    """A list that remembers where each of its items stood in the YAML file: (line, column)."""

    __slots__ = ("item_lines",)


def locate(raw: Any, loc: tuple) -> tuple[int | None, int | None, str | None]:
    """Walk a validation error's location through the raw YAML to the nearest known line and column, and
    the id of the record it is in (the `id` of the outermost mapping that has one)."""
    line = column = None
    record_id = None
    node = raw
    for key in loc:
        if isinstance(node, LineDict):
            if key not in node.key_lines:
                break
            line, column = node.key_lines[key]
            node = node.get(key)
        elif isinstance(node, LineList) and isinstance(key, int) and 0 <= key < len(node):
            line, column = node.item_lines[key]
            node = node[key]
        else:
            break
        if record_id is None and isinstance(node, LineDict) and isinstance(node.get("id"), str):
            record_id = node["id"]
    return line, column, record_id


def field_path(loc: tuple) -> str | None:
    """A location as an editor writes it: evidence[0].species."""
    return "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in loc).removeprefix(".") or None


# Plain-language advice for the YAML syntax errors editors make by hand, keyed on PyYAML's wording.
_YAML_HINTS = (
    ("tab", "indent with spaces, never tabs"),
    (
        "mapping values are not allowed",
        (
            "a ':' where YAML expected none: check that this line is indented "
            "like the fields above it, and put a value containing ': ' in quotes"
        ),
    ),
    (
        "expected '-' indicator",
        (
            "this line is indented less than the record it belongs to: indent each field "
            "of a record by two spaces under its '- '"
        ),
    ),
    (
        "expected <block end>",
        (
            "this line is indented differently from the fields above it: give every field "
            "of a record the same indentation"
        ),
    ),
    (
        "could not find expected ':'",
        ("a line that is neither 'field: value' nor '- item': add the ':' or close the quote opened above"),
    ),
    ("expected ',' or ']'", "a '[' list that is never closed: add the ']'"),
    ("expected ',' or '}'", "a '{' mapping that is never closed: add the '}'"),
    ("undefined alias", "'*' starts a YAML alias: put a value that starts with '*' in quotes"),
    ("cannot start any token", "a value may not start with this character: put the value in quotes"),
    ("another document", "a data file holds one document: remove the '---' line"),
)


def yaml_problem(exc: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
    """A YAML parser's error as a problem at the line where the mistake is, with advice."""
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or exc.context or "invalid YAML"
    if exc.context and "simple key" in exc.context and exc.context_mark is not None:
        mark = exc.context_mark  # the line that lacks its ':' is where the key started
    if exc.context and "quoted scalar" in exc.context and exc.context_mark is not None:
        # The parser only notices at the end of the file; the mistake is where the quote opened.
        mark = exc.context_mark
        return Problem.in_file(
            display,
            "YAML syntax error: the quoted value that starts here is never closed; add the closing "
            'quote (and write a quote character inside it as \\" or use the other kind of quote)',
            mark.line + 1,
            mark.column + 1,
        )
    kind = "YAML error" if isinstance(exc, yaml.constructor.ConstructorError) else "YAML syntax error"
    msg = f"{kind}: {what}"
    if exc.context and exc.problem:
        msg += f" ({exc.context})"
    lines = text.splitlines()
    hay = msg
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]:
        hay += " tab"
        msg += " (this line contains a tab)"
    hints = [hint for key, hint in _YAML_HINTS if key in hay]
    if hints:
        msg += "; " + hints[0]
    return Problem.in_file(display, msg, mark.line + 1 if mark else None, mark.column + 1 if mark else None)


def _shown(value: Any) -> str:
    """A short rendering of the offending value for a message."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


_WHOLE = ("a whole number", "write digits only, such as 120")
_DATE = ("a date", "write it as YYYY-MM-DD")
# What each kind of pydantic error means to an editor, and what to write instead.
_TYPE_HINTS = {
    "list_type": ("a list", "write one '- item' per line under the field, or [a, b] on one line"),
    "model_type": ("a mapping", "write 'field: value' lines indented under it"),
    "string_type": ("text", "put the value in quotes"),
    "int_parsing": _WHOLE,
    "int_type": _WHOLE,
    "int_from_float": _WHOLE,
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": ("a date", "write it as YYYY-MM-DD, without a time"),
}
# The form of identifier fields, by field name, for a value that does not match its pattern.
_FORMS = {
    "DOI": "a bare DOI such as 10.1210/jc.2004-1234 (without https://doi.org/)",
    "PMID": "digits only, such as 15671111, in quotes",
    "PMCID": "PMC followed by digits, such as PMC1234567",
    "URL": "a full address starting with https://",
    "seed_file": "the name of a .txt file in the seeds folder",
    "page": "a path under docs/ ending in .md, such as topics/hair-loss.md",
}


# Text fields refuse control characters (a YAML escape such as "\\e" or "\\x07" in quotes puts one in): in a
# page they are a parse error, in the Atom feed they make the XML invalid. They refuse the private-use
# characters the build marks text with too (the stash's tokens, the reference formatter's field markers),
# which would otherwise vanish from the page unseen. The models check these patterns in pydantic's own
# regex engine; a mismatch is explained below.
MARKERS = r"\ue000-\ue0ff"  # the private-use characters the build marks text with (csl.py, stash.py)
_REFUSED = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f" + MARKERS
TEXT_PATTERN = rf"^[^{_REFUSED}]*$"
LINE_PATTERN = rf"^[^{_REFUSED}\r\n]*$"
_CONTROL = re.compile(rf"[{_REFUSED}]")


def _pattern_message(err: dict, value: Any, pattern: str) -> str:
    if pattern in (TEXT_PATTERN, LINE_PATTERN):
        if m := _CONTROL.search(str(value)):
            if m.group() >= "\ue000":
                return f"private-use character U+{ord(m.group()):04X} in the text (the build marks text with these); delete it"
            return (
                f"control character U+{ord(m.group()):04X} in the text (an escape such as \\e or "
                "\\x07 in quotes); delete it"
            )
        return "must be one line; join the lines (in YAML, use a plain or quoted value, not '|')"
    if "[a-z0-9]" in pattern:
        return (
            f"{_shown(value)} is not a slug: use lower-case letters, digits and single hyphens, "
            "e.g. 'igf1-serum-levels'"
        )
    name = str(err["loc"][-1]) if err["loc"] else ""
    return (
        f"{_shown(value)} is not in the expected form; write {_FORMS.get(name, f'text matching {pattern}')}"
    )


def friendly(err: dict) -> str:
    """One pydantic error as a sentence that says what to write instead."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "missing":
        return "is required but missing; add it"
    if kind == "extra_forbidden":
        return "is not a known field; remove it or fix its spelling (the schema in data/schema/ lists the fields)"
    if kind in ("enum", "literal_error") and "expected" in ctx:
        return f"{_shown(value)} is not allowed; use one of {ctx['expected']}"
    if kind == "string_pattern_mismatch":
        return _pattern_message(err, value, str(ctx.get("pattern")))
    if kind == "string_too_short":
        return "is empty; write the text or remove the field"
    if kind == "string_too_long":
        return f"is {len(str(value))} characters long, over the limit of {ctx.get('max_length')}; shorten it"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{_shown(value)} is too small; it must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in _TYPE_HINTS:
        must, advice = _TYPE_HINTS[kind]
        return f"must be {must}, not {_shown(value)}; {advice}"
    return err["msg"].removeprefix("Value error, ")


def validation_problems(exc: ValidationError, raw: Any, display: str, prefix: tuple = ()) -> list[Problem]:
    """A pydantic error of the value `raw` (the item at `prefix` in the file's top-level value) as
    problems, each at the line of its field and with the id of its record."""
    problems = []
    for err in exc.errors():
        loc = (*prefix, *err["loc"])
        line, column, record_id = locate(raw, loc)
        problems.append(
            Problem(display, line, column, record_id, field_path(loc[len(prefix) :]), friendly(err))
        )
    return problems
