"""Link-preview images (OpenGraph / Twitter cards): a 1200x630 PNG per topic page and per claim page, and
one of the site's own for every other page.

Drawn at build time with Pillow from the page's title and summary, in DejaVu Sans (shipped in
macros/fonts/ with its licence; no system font, no network). Each image is kept in the cache folder under
the hash of everything drawn on it (and of this module's design constants), so a rebuild draws only the
cards whose text changed. The images become files of the site (`assets/previews/<name>.png`).
"""

from __future__ import annotations

import hashlib
import io
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from .cache import write_bytes

FONTS = Path(__file__).parent / "fonts"
SIZE = (1200, 630)
PREVIEW_DIR = "assets/previews"
DESIGN = "2"  # bump when the drawing below changes: every cached card is then redrawn
BAND, INK, MUTED, PAPER, ACCENT = "#00695c", "#1b1b1b", "#4a4a4a", "#ffffff", "#e64a19"
MARGIN = 64


@dataclass(frozen=True)
class Card:
    name: str  # file name without .png (topic-<id>, claim-<id>)
    kicker: str  # the small line above the title ("Topic", "Claim · verdict: supported")
    title: str
    summary: str

    def key(self, site_name: str, host: str) -> str:
        """Everything drawn on the card, and the design's version."""
        text = f"{DESIGN}\x00{site_name}\x00{host}\x00{self.kicker}\x00{self.title}\x00{self.summary}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def preview_path(name: str) -> str:
    return f"{PREVIEW_DIR}/{name}.png"


@lru_cache(maxsize=16)
def _font(bold: bool, size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _wrap(draw: Any, text: str, font: Any, width: int, lines: int) -> list[str]:
    """Greedy word wrap to `width` pixels; the last line ends with an ellipsis when text is left over."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and draw.textlength(line + " " + words[0], font=font) <= width:
            line += " " + words.pop(0)
        out.append(line)
    if words and out:
        last = out[-1]
        while last and draw.textlength(last + " …", font=font) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        out[-1] = last + " …"
    return out


def draw(card: Card, site_name: str, site_host: str) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", SIZE, PAPER)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, SIZE[0], 96], fill=BAND)
    d.text((MARGIN, 30), site_name, font=_font(True, 34), fill=PAPER)
    d.rectangle([0, SIZE[1] - 12, SIZE[0], SIZE[1]], fill=ACCENT)
    width = SIZE[0] - 2 * MARGIN
    y = 130
    d.text((MARGIN, y), card.kicker, font=_font(True, 28), fill=ACCENT)
    y += 52
    for size in (50, 42, 36):  # the largest size at which the whole title fits in four lines
        title_font = _font(True, size)
        lines = _wrap(d, card.title, title_font, width, 4)
        if not lines or not lines[-1].endswith(" …"):
            break
    for line in lines:
        d.text((MARGIN, y), line, font=title_font, fill=INK)
        y += int(title_font.size * 1.25)
    y += 18
    body = _font(False, 28)
    room = max(0, (SIZE[1] - 90 - y) // 38)
    for line in _wrap(d, card.summary, body, width, min(3, room)):
        d.text((MARGIN, y), line, font=body, fill=MUTED)
        y += 38
    d.text((MARGIN, SIZE[1] - 62), f"{site_host} · not medical advice", font=_font(False, 24), fill=MUTED)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


SITE_CARD = "site"


def cards(store: Any, config: Any) -> list[Card]:
    """The site's card (for every page without one of its own), and a card for every topic and claim page."""
    about = config.get("site_description") or config.get("site_name") or ""
    site = Card(SITE_CARD, "Evidence reference", about, "")
    topics = [Card(f"topic-{t.id}", "Topic", t.title, t.summary) for t in store.topics.values()]
    return [site, *topics] + [
        Card(
            f"claim-{c.id}",
            f"Claim · {c.status.value} · {store.grades[c.id].word}",
            c.statement,
            f"Evidence for and against, with its sources. Topic: {store.topics[c.topic].title}.",
        )
        for c in store.claims.values()
    ]


def add_previews(files: Files, config: Any, store: Any, cache_dir: Path | None) -> Files:
    """Draw (or take from the cache) every preview image and add it to the site's files."""
    site_name = config.get("site_name") or ""
    host = (config.get("site_url") or "").split("//", 1)[-1].strip("/")
    folder = cache_dir / "previews" if cache_dir else None
    used: set[str] = set()
    for card in cards(store, config):
        cached = _cached(folder, card, site_name, host) if folder else None
        if cached:
            used.add(cached.name)
            files.append(File.generated(config, preview_path(card.name), abs_src_path=str(cached)))
        else:
            files.append(File.generated(config, preview_path(card.name), content=draw(card, site_name, host)))
    for old in folder.glob("*.png") if folder and folder.is_dir() else ():  # cards no longer in the store
        if old.name not in used:
            with suppress(OSError):
                old.unlink()
    return files


def _cached(folder: Path, card: Card, site_name: str, host: str) -> Path | None:
    """The card's image in the cache folder, drawn there if missing; None if the folder cannot be written
    (a cache only saves time)."""
    cached = folder / f"{card.key(site_name, host)}.png"
    if not cached.is_file():
        write_bytes(cached, draw(card, site_name, host), stale=cached.name)
    return cached if cached.is_file() else None
