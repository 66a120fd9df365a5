"""A copy of the real project plus one fixture topic page with a few known sources and claims, for the
tests of the reading features (they must not depend on what the content helpers have written so far)."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project, enable_instant_navigation

SOURCES = """\
# yaml-language-server: $schema=../schema/sources.schema.json
- id: zz-smith-2001
  type: article-journal
  title: Serum IGF-1 in a test cohort
  author: [{family: Smith, given: John}, {family: Jones, given: K. L.}]
  issued: {date-parts: [[2001, 3]]}
  container-title: J Test Endocrinol
  volume: "12"
  issue: "3"
  page: 101-109
  DOI: 10.1000/test.2001.12
  PMID: "11111111"
  kind: primary-study
  verification: {status: verified, note: Every field seen on a test record.}
- id: zz-many-2010
  type: article-journal
  title: "Does IGF-1 grow hair? A & B <test>"
  author: [{family: Alpha, given: A}, {family: Beta, given: B}, {family: Gamma, given: C}, {family: Delta, given: D},
           {family: Epsilon, given: E}, {family: Zeta, given: F}, {family: Eta, given: G}]
  issued: {date-parts: [[2010]]}
  container-title: Hair Res
  volume: "5"
  page: "77"
  PMID: "22222222"
  kind: primary-study
  verification: {status: partial, note: Year and page not confirmed., unverified_fields: [issued, page]}
- id: zz-first-only-1999
  type: article-journal
  title: A trial whose co-authors were not seen
  author: [{family: Brown, given: T}]
  more_authors: true
  issued: {date-parts: [[1999]]}
  container-title: Test Endocr
  volume: "8"
  page: 1-9
  kind: primary-study
  verification: {status: partial, note: The record seen shows 'T. Brown et al.'; the co-authors were not seen.}
- id: zz-jones-2016-book
  type: book
  title: Clinical endocrinology
  author: [{family: Jones, given: Alice}]
  issued: {date-parts: [[2016]]}
  publisher: Test Press
  kind: textbook
  verification: {status: verified, note: Seen in a library catalogue.}
- id: zz-web-page
  type: webpage
  title: What is IGF-1?
  publisher: Test Clinic
  URL: https://clinic.example.com/igf1
  kind: clinic-marketing
  verification: {status: unverified, note: Only the page itself was seen., unverified_fields: [title]}
"""

TOPIC = """
- id: zz-fixture
  title: Fixture topic
  page: topics/zz-fixture.md
  summary: A topic page built only by the tests, with known claims and sources.
"""

CLAIMS = """# yaml-language-server: $schema=../schema/claims.schema.json
- id: zz-claim-one
  statement: Serum IGF-1 was measured in a test cohort.
  topic: zz-fixture
  status: supported
  evidence:
    - {source: zz-smith-2001, design: cohort, species: human, direction: supports, finding: Measured.}
  reviewed: 2026-01-02
  aliases: [zz-old-claim-one]
- id: zz-claim-two
  statement: IGF-1 grows hair in a test study.
  topic: zz-fixture
  status: contested
  evidence:
    - {source: zz-many-2010, design: rct, species: human, direction: supports, finding: Grew.}
    - {source: zz-smith-2001, design: meta-analysis, species: human, direction: "null", finding: No change.}
  reviewed: 2026-03-04
  aliases: [zz-old-claim-two]
"""

PAGE = """\
# Fixture topic

A first claim: {{ claim("zz-claim-one") }} And one by its old id: {{ claim("zz-old-claim-two") }}

The textbook says so {{ cite("zz-jones-2016-book") }} and so does a clinic {{ cite("zz-web-page") }}.

{{ claim_card("zz-claim-two") }}

An [old link to the first claim](../evidence/claims.md#zz-old-claim-one) still works.

## References

{{ references() }}
"""

CLAIM_IDS = ("zz-claim-one", "zz-claim-two")
ALIASES = {"zz-old-claim-one": "zz-claim-one", "zz-old-claim-two": "zz-claim-two"}
LAST_REVIEWED = "2026-03-04"


def reading_project(dest: Path) -> Path:
    """Copy the project to dest and add the fixture topic, its sources, claims and page."""
    project = copy_project(dest)
    enable_instant_navigation(project)
    (project / "data" / "sources" / "zz-fixture.yaml").write_text(SOURCES, encoding="utf-8")
    (project / "data" / "claims").mkdir(exist_ok=True)
    (project / "data" / "claims" / "zz-fixture.yaml").write_text(CLAIMS, encoding="utf-8")
    topics = project / "data" / "topics.yaml"
    topics.write_text(
        topics.read_text(encoding="utf-8").rstrip("\n") + "\n" + TOPIC.lstrip("\n"), encoding="utf-8"
    )
    (project / "docs" / "topics" / "zz-fixture.md").write_text(PAGE, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "\nnav:" in text:  # an explicit nav must list the page, or the strict build fails
        anchor = "\n  - Topics:\n"
        assert anchor in text, (
            "mkdocs.yml has no 'Topics' section in its nav: update tests/reading_fixture.py"
        )
        text = text.replace(anchor, anchor + "      - Fixture topic: topics/zz-fixture.md\n", 1)
        config.write_text(text, encoding="utf-8")
    return project
