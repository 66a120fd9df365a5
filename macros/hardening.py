"""Final HTML of every page: a Content-Security-Policy, no inline scripts, and valid markup.

- **CSP.** Each page gets a `<meta http-equiv="Content-Security-Policy">` allowing only the site's own
  origin (images may also be `data:` URIs, which Material's CSS uses for icons).
- **No inline scripts.** Material inlines three small scripts (the localStorage helpers with the page's
  scope, the saved colour palette, and the tab restored from the URL hash). Each is moved, unchanged, to
  a file named by its content hash under `assets/javascripts/inline/` and loaded with `<script src>` at
  the same place, so it still runs synchronously, in order. JSON data blocks
  (`type="application/json"`) are data, not code, and stay inline.
- **Reproducible.** The only date MkDocs writes (sitemap `lastmod` and the gzip header of
  `sitemap.xml.gz`) is the build date; unless `SOURCE_DATE_EPOCH` is set, it is set to the time of the
  last git commit, so two builds of one commit are byte-identical whenever they run.
- **Valid HTML.** Material writes `autocomplete="off"` on its checkbox toggles and `tabindex=""` on
  section labels; the HTML standard allows neither (browsers ignore both), so they are removed.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
INLINE_DIR = "assets/javascripts/inline"
DATA_TYPES = ("application/json", "application/ld+json")

_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
_BUNDLE_SRC = re.compile(r'<script src="([^"]*?)assets/javascripts/bundle\.[^"]*"')
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="[^"]*"', re.I)
_EMPTY_TABINDEX = re.compile(r'\s+tabindex=""')
_CHARSET = re.compile(r'<meta charset="[^"]*"\s*/?>', re.I)

# Scripts moved out of pages in this build: file name -> content (written by `write_scripts`).
SCRIPTS: dict[str, str] = {}


class InlineScriptError(Exception):
    """A page has an inline script that cannot be moved to a file."""


def _is_data(attrs: str) -> bool:
    m = _TYPE.search(attrs)
    return bool(m) and m.group(1).lower() in DATA_TYPES


def externalize_scripts(html: str) -> str:
    """Replace each inline executable script with a <script src> of a file holding the same code."""
    bundle = _BUNDLE_SRC.search(html)
    prefix = bundle.group(1) if bundle else None

    def move(m: re.Match[str]) -> str:
        attrs, body = m.group("attrs"), m.group("body")
        if re.search(r"\ssrc\s*=", attrs, re.I) or _is_data(attrs) or not body.strip():
            return m.group(0)
        if prefix is None:
            raise InlineScriptError("a page has an inline script but no Material bundle to locate the "
                                    "site's assets from")
        name = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16] + ".js"
        SCRIPTS[name] = body
        return f'<script{attrs} src="{prefix}{INLINE_DIR}/{name}"></script>'

    return _SCRIPT.sub(move, html)


def add_csp(html: str) -> str:
    """Put the CSP meta tag right after <meta charset>, before anything it must govern."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    if tag in html:
        return html
    m = _CHARSET.search(html)
    if m is None:
        return html.replace("<head>", "<head>\n    " + tag, 1)
    return html[: m.end()] + "\n    " + tag + html[m.end():]


def fix_validity(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    return _EMPTY_TABINDEX.sub("", html)


def harden(html: str) -> str:
    """Everything above, for one page of final HTML."""
    return add_csp(fix_validity(externalize_scripts(html)))


def write_scripts(site_dir: str | Path) -> None:
    out = Path(site_dir) / INLINE_DIR
    out.mkdir(parents=True, exist_ok=True)
    for name, body in sorted(SCRIPTS.items()):
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != body:
            path.write_text(body, encoding="utf-8")


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def minify_styles(site_dir: str | Path) -> None:
    """The project's own stylesheets (site/assets/*.css) without comments and indentation."""
    for path in sorted((Path(site_dir) / "assets").glob("*.css")):
        text = path.read_text(encoding="utf-8")
        small = re.sub(r"\n\s+", "\n", _CSS_COMMENT.sub("", text)).strip() + "\n"
        if small != text:
            path.write_text(small, encoding="utf-8")


_OUR_EPOCH: list[str] = []  # the SOURCE_DATE_EPOCH we set ourselves (updated on each build in serve)


def set_source_date(project_dir: str | Path) -> None:
    """Date the build by the last commit, not the clock (reproducible builds), unless told otherwise."""
    current = os.environ.get("SOURCE_DATE_EPOCH")
    if current is not None and current not in _OUR_EPOCH:
        return  # set by the caller: respect it
    try:
        proc = subprocess.run(["git", "-C", str(project_dir), "log", "-1", "--format=%ct"],
                              capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return
    stamp = proc.stdout.strip()
    if proc.returncode == 0 and stamp.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = stamp
        _OUR_EPOCH[:] = [stamp]
