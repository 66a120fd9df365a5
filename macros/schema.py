"""JSON Schemas of the data files, generated from the models: `python -m macros.schema` writes them to
data/schema/ (or checks them with --check). Editors get validation while typing through the
`# yaml-language-server: $schema=...` line at the top of each data file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import TypeAdapter

from .models import FILE_MODELS

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "schema"


def schemas() -> dict[str, str]:
    from .explainers_config import ExplainersConfig  # data/explainers.yaml is one mapping, not a list
    from .seeds import ArchivedSeed  # data/seeds/archive.yaml: where each archived seed article came from

    shapes = {kind: list[model] for kind, model in FILE_MODELS.items()}  # type: ignore[valid-type]
    shapes |= {"explainers": ExplainersConfig, "seeds": list[ArchivedSeed]}
    out = {}
    for kind, shape in shapes.items():
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"IGF-1 evidence store: {kind}",
            **TypeAdapter(shape).json_schema(by_alias=True, mode="validation"),
        }
        out[f"{kind}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    texts = schemas()
    SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        path = SCHEMA_DIR / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not check:
            path.write_text(text, encoding="utf-8")
    if check and stale:
        print(f"stale schemas in data/schema/: {', '.join(stale)}; run 'make schema'", file=sys.stderr)
        return 1
    changed = f" ({len(stale)} changed)" if stale else ""
    print(f"{'checked' if check else 'wrote'} {len(texts)} schemas{changed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
