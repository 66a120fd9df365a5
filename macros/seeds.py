"""The archived seed articles: the texts of the articles under review, kept in the repository (data/seeds/)
the way a fact-checker keeps a copy of what they review, and used only to verify quotations.

`data/seeds/archive.yaml` records, for each text, where it was published, by whom and when it was
captured, as far as the text itself shows. Every build reads the folder and verifies every quotation:
a missing folder, a missing text or a text without its record is a problem, never a silent skip.
"""

from __future__ import annotations

import bisect
import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import StringConstraints, ValidationError

from .loading import load_yaml
from .models import Assertion, OneLine, Slug, Source, StrictModel
from .problems import Checks, Problem, validation_problems

SEEDS_DIR = "data/seeds"  # where the archived seed articles are, unless extra.store.seeds_dir says otherwise
ARCHIVE = "archive.yaml"


class ArchivedSeed(StrictModel):
    file: Annotated[str, StringConstraints(pattern=r"^[\w.-]+\.txt$")]
    source: Slug  # the seed source in data/sources/ that this text is the article of
    published_in: OneLine  # the site or publication, or what the text says of it
    publisher: OneLine  # publisher or author, as far as the text shows
    captured: OneLine  # when the text was captured, or what is known of it
    archived: dt.date  # when the copy was put in this repository
    thread_starts: OneLine | None = None  # the first line of its comment thread, verbatim, if it has one


@dataclass(frozen=True)
class SeedText:
    """An archived article's text, its file, and where its comment thread starts (None: it has none)."""

    text: str
    file: str
    thread_at: int | None = None

    def quote_problem(self, a: Assertion) -> str | None:
        """What is wrong with a quotation of this article, or None (a problem with `thread` too is
        reported at the quote, the line an editor looks at)."""
        at = self.text.find(a.quote)
        if at < 0:
            return (
                f"quote is not verbatim in {self.file}{quote_mismatch(a.quote, self.text)}; "
                "copy it exactly from the seed (quotes, dashes, apostrophes and spaces included)"
            )
        in_thread = self.thread_at is not None and at >= self.thread_at
        if in_thread and not a.thread:
            line = self.text.count("\n", 0, at) + 1
            return (
                f"the quote is from the comment thread below the article ({self.file}, line {line}): say "
                "whose words they are with thread: reader, or thread: author for the author's reply"
            )
        if a.thread and not in_thread:
            return f"thread: {a.thread}, but the quote is from the article itself: remove thread"
        return None


def _archive(seeds_dir: Path, shown: str, checks: Checks) -> dict[str, ArchivedSeed] | None:
    """Each archived file's record, or None if the archive cannot be read (problems go to checks)."""
    display = f"{shown}/{ARCHIVE}"
    raw, problems = load_yaml(seeds_dir / ARCHIVE, display)
    checks.problems.extend(problems)
    if raw is None:
        return None
    records, problems = {}, []
    for i, item in enumerate(raw):
        try:
            record = ArchivedSeed.model_validate(item)
        except ValidationError as exc:
            problems += validation_problems(exc, raw, display, (i,))
        else:
            records[record.file] = record
    checks.problems.extend(problems)
    return None if problems else records


def read_seeds(checks: Checks, seeds: list[Source], seeds_dir: Path, shown: str) -> dict[str, SeedText]:
    """The text of each seed article, by source id; a missing folder or file is a problem, never a skip.
    seeds_dir is inside the project (store.py checks it); `shown` is how messages name it."""
    if not seeds:
        return {}
    if not seeds_dir.is_dir():
        checks.problems.append(
            Problem.in_file(
                shown,
                "the folder of archived seed articles is missing, so no quotation can be verified; "
                "restore it from git (or fix extra.store.seeds_dir in mkdocs.yml)",
            )
        )
        return {}
    archive = _archive(seeds_dir, shown, checks)
    texts = {}
    for s in seeds:
        try:
            text = (seeds_dir / s.seed_file).read_text(encoding="utf-8", errors="replace")
        except OSError:
            checks.at(
                s.id,
                "seed_file",
                f"seed file '{s.seed_file}' is not in {shown}; add the archived "
                "article there or fix the file name",
            )
            continue
        record = archive.get(s.seed_file) if archive is not None else None
        if archive is not None and (record is None or record.source != s.id):
            checks.at(
                s.id,
                "seed_file",
                f"{shown}/{ARCHIVE} has no record of '{s.seed_file}' for this source; "
                "add where it was published, by whom and when it was captured",
            )
        thread = record.thread_starts if record else None
        at = text.find(thread) if thread else -1
        texts[s.id] = SeedText(text, s.seed_file, at if at >= 0 else None)
        if thread and at < 0:
            checks.problems.append(
                Problem.in_file(
                    f"{shown}/{ARCHIVE}",
                    f"thread_starts of '{s.seed_file}' is not in that text: copy the thread's first line exactly",
                )
            )
    return texts


def _visible(text: str) -> str:
    """Text with invisible or look-alike characters named, for a message about an exact match."""
    return "".join(
        ch
        if ch == " " or (ch.isprintable() and not ch.isspace() and ord(ch) < 0x2000)
        else f"<{unicodedata.name(ch, f'U+{ord(ch):04X}').lower()}>"
        for ch in text
    )


def quote_mismatch(quote: str, seed: str) -> str:
    """Where a quote stops matching the seed: ': the seed has X where the quote has Y', or ''."""
    # The length of the longest prefix of the quote found in the seed, by bisection.
    lo = bisect.bisect_left(range(1, len(quote) + 1), True, key=lambda n: quote[:n] not in seed)
    if lo < 8:
        return ": its beginning is not in the seed either"
    at = seed.index(quote[:lo]) + lo
    return (
        f": it matches up to '{_visible(quote[max(0, lo - 20) : lo])}', then the seed has "
        f"'{_visible(seed[at : at + 12])}' where the quote has '{_visible(quote[lo : lo + 12])}'"
    )
