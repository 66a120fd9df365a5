"""Final HTML of every page: a Content-Security-Policy that names each inline script, and valid markup.

- **CSP.** Each page gets a `<meta http-equiv="Content-Security-Policy">` allowing only the site's own
  origin (images may also be `data:` URIs, which Material's CSS uses for icons). Material's inline
  scripts (the localStorage helpers with the page's scope, the saved colour palette, the tab restored
  from the URL hash) stay where Material puts them; the policy allows each by its SHA-256 hash (CSP
  Level 2), so any other inline script, injected or edited, is blocked. JSON data blocks
  (`type="application/json"`) are data, not code: the policy does not govern them.
- **Dev server.** `allow_script` adds one more hash to a page's policy; the dev server uses it for the
  live-reload script MkDocs injects into each page it serves (`macros/serve.py`). Built pages never
  carry it.
- **Reproducible.** The only date MkDocs writes (sitemap `lastmod` and the gzip header of
  `sitemap.xml.gz`) is the build date; unless `SOURCE_DATE_EPOCH` is set, it is set to the time of the
  last git commit, so two builds of one commit are byte-identical whenever they run.
- **Valid HTML.** Material writes `autocomplete="off"` on its checkbox toggles and `tabindex=""` on
  section labels; the HTML standard allows neither (browsers ignore both), so they are removed.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
from pathlib import Path

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
DATA_TYPES = ("application/json", "application/ld+json")

_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
_POLICY = re.compile(r'(<meta http-equiv="Content-Security-Policy" content="[^"]*?script-src \'self\'[^;"]*)')
_CHECKBOX_AUTOCOMPLETE = re.compile(
    r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="[^"]*"', re.IGNORECASE
)
_EMPTY_TABINDEX = re.compile(r'\s+tabindex=""')
_CHARSET = re.compile(r'<meta charset="[^"]*"\s*/?>', re.IGNORECASE)


def inline_scripts(html: str) -> list[str]:
    """The code of each inline script a browser would run (not `src=`, not a JSON data block)."""
    found = []
    for m in _SCRIPT.finditer(html):
        attrs = m.group("attrs")
        kind = _TYPE.search(attrs)
        if _SRC.search(attrs) or (kind and kind.group(1).lower() in DATA_TYPES):
            continue
        found.append(m.group("body"))
    return found


def script_hash(code: str) -> str:
    """The CSP source expression for an inline script, as a browser computes it: SHA-256 of the script's
    text in UTF-8 (the HTML parser has turned CR LF and CR into LF by then)."""
    text = code.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def harden(html: str) -> str:
    """Everything above, for one page of final HTML: its markup made valid, then its policy, with each of
    its inline scripts allowed by its hash (once each, in order), put right after <meta charset>, before
    anything it must govern."""
    html = fix_validity(html)
    hashes = " ".join(dict.fromkeys(script_hash(s) for s in inline_scripts(html)))
    policy = CSP.replace("script-src 'self'", f"script-src 'self' {hashes}", 1) if hashes else CSP
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    m = _CHARSET.search(html)
    if m is None:
        return html.replace("<head>", "<head>\n    " + tag, 1)
    return html[: m.end()] + "\n    " + tag + html[m.end() :]


def allow_script(html: str, code: str) -> str:
    """The page with one more inline script allowed by its policy (the dev server's live-reload script)."""
    return _POLICY.sub(lambda m: f"{m.group(1)} {script_hash(code)}", html, count=1)


def fix_validity(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    return _EMPTY_TABINDEX.sub("", html)


_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_LINE_COMMENT = re.compile(r"^[ \t]*//[^\n]*\n", re.MULTILINE)


def minify_assets(site_dir: str | Path) -> None:
    """The project's own stylesheets and scripts (site/assets/*.css and *.js; Material's are in folders of
    their own) without comments and indentation: their comments are for us, not for a reader's download.
    Safe for our scripts because none holds "/*", a line starting "//" or a line break inside a string or
    a regular expression (tests/test_hardening.py checks the sources)."""
    for path in sorted((Path(site_dir) / "assets").glob("*.*")):
        if path.suffix not in (".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8")
        bare = _COMMENT.sub(" " if path.suffix == ".js" else "", _LINE_COMMENT.sub("", text))
        small = re.sub(r"\n\s+", "\n", bare).strip() + "\n"
        if small != text:
            path.write_text(small, encoding="utf-8")


_OUR_EPOCH: list[str] = []  # the SOURCE_DATE_EPOCH we set ourselves (updated on each build in serve)


def set_source_date(project_dir: str | Path) -> None:
    """Date the build by the last commit, not the clock (reproducible builds), unless told otherwise."""
    current = os.environ.get("SOURCE_DATE_EPOCH")
    if current is not None and current not in _OUR_EPOCH:
        return  # set by the caller: respect it
    try:
        proc = subprocess.run(
            ["git", "-C", str(project_dir), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return
    stamp = proc.stdout.strip()
    if proc.returncode == 0 and stamp.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = stamp
        _OUR_EPOCH[:] = [stamp]
