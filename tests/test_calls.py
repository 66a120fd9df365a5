"""One reader of macro calls (macros/calls.py), used by the usage index and the dependency tracking: it reads
a page as mkdocs-macros renders it, so a call the build does not make is not counted."""

from __future__ import annotations

from pathlib import Path

from macros.calls import NOT_LITERAL, Settings, read_page
from macros.usage import scan


def test_calls_with_their_literal_arguments() -> None:
    page = read_page(
        '# T\n\nA {{ claim("a") }} b {{cite( "s", locator="p. 3" )}}.\n\n{{ claims_table(status="supported") }}\n'
    )
    assert [(c.name, c.args, dict(c.kwargs)) for c in page.calls] == [
        ("claim", ("a",), {}),
        ("cite", ("s",), {"locator": "p. 3"}),
        ("claims_table", (), {"status": "supported"}),
    ]
    assert page.calls[1].arg(1, "locator") == "p. 3" and page.calls[2].arg(0, "topic") is None
    assert not page.statements and page.names == {"claim", "cite", "claims_table"} and not page.captures
    assert read_page('{% filter upper %}{{ claim("a") }}{% endfilter %}').captures
    assert (
        read_page('{% set x %}{{ claim("a") }}{% endset %}').captures
        and not read_page("{% set x = 1 %}").captures
    )


def test_what_the_build_does_not_call_is_not_a_call() -> None:
    text = (
        'Comment {# {{ claim("in-comment") }} #} and {% raw %}{{ claim("in-raw") }}{% endraw %}; '
        'prose about claim("in-prose") without braces.\n'
    )
    assert read_page(text).calls == ()
    documented = '---\nrender_macros: false\n---\n\nWrite `{{ claim("id") }}` on a topic page.\n'
    assert read_page(documented).calls == ()


def test_render_by_default_false_and_force_render_paths() -> None:
    opt_in = Settings.from_plugin_config({"render_by_default": False, "force_render_paths": "forced/*.md"})
    text = '{{ claim("a") }}\n'
    assert read_page(text, "plain.md", opt_in).calls == ()
    assert [c.name for c in read_page(text, "forced/x.md", opt_in).calls] == ["claim"]
    assert [
        c.name for c in read_page("---\nrender_macros: true\n---\n" + text, "plain.md", opt_in).calls
    ] == ["claim"]


def test_configured_delimiters() -> None:
    square = Settings.from_plugin_config({"j2_variable_start_string": "[[", "j2_variable_end_string": "]]"})
    text = 'Shown as is: {{ claim("curly") }}; called: [[ claim("square") ]]\n'
    assert [c.args for c in read_page(text, "p.md", square).calls] == [("square",)]


def test_expressions_are_not_literals() -> None:
    page = read_page("{{ claim(page.meta.id) }} {{ cite(*ids) }}\n")
    assert page.calls[0].args == (NOT_LITERAL,) and not page.calls[0].literal and not page.calls[1].literal
    assert "page" in page.names


def test_usage_and_untracked_pages_agree_with_the_parser(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(
        '{{ claim("x") | striptags }} {{ claims_table("t") }} {# {{ claim("no") }} #}\n'
    )
    (docs / "b.md").write_text('{% for i in ["x", "y"] %}{{ claim(i) }}{% endfor %}\n')
    (docs / "c.md").write_text("{{ store.claims | length }} claims\n")
    (docs / "d.md").write_text('---\nrender_macros: false\n---\n`{{ claim("doc") }}` and {{ broken(\n')
    (docs / "e.md").write_text(
        '{{ claim("x") \n'
    )  # does not parse: the build reports it; rebuilt on any change
    usage = scan(docs)
    assert dict(usage.claims) == {"a.md": {"x"}} and usage.tables["a.md"] == [{"topic": "t", "status": None}]
    assert usage.untracked == {"b.md", "c.md", "e.md"}


def test_a_page_is_titled_as_mkdocs_titles_it(tmp_path: Path) -> None:
    """Its front matter's title, else its first heading, also when macros do not render on the page."""
    assert read_page("---\ndescription: d\n---\n\n# The axis\n\n## Part\n").title == "The axis"
    assert read_page("---\ntitle: Set here\n---\n# Heading\n").title == "Set here"
    assert read_page("---\nrender_macros: false\n---\n# Plain {{ x }}\n").title == "Plain {{ x }}"
    assert read_page("Text only.\n").title is None
    (tmp_path / "a.md").write_text("# A page\n{{ claim('x') }}\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("No heading.\n", encoding="utf-8")
    assert scan(tmp_path).titles == {"a.md": "A page"}
