"""Callers go through `archive.Archive`'s methods, not through the store, file store or index
it holds (import-linter keeps web and ingest from importing those modules; this keeps them
from reaching through an Archive to them)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

HELD = ("store", "index", "files")
# The synthetic corpus is stored without original PDFs, which Archive.add_document requires.
ALLOWED = {"benchmarks/corpus.py:store"}


def _reach_throughs(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Attribute) or node.attr not in HELD:
            continue
        owner = node.value
        if isinstance(owner, ast.Call):
            owner = owner.func
        name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
        if "archive" in name:
            found.append(f"{path.relative_to(root)}:{node.attr}:{node.lineno}")
    return found


def test_web_ingest_and_benchmarks_do_not_reach_through_the_archive():
    found = [hit for package in ("web", "ingest", "benchmarks") for path in sorted((ROOT / package).rglob("*.py"))
             for hit in _reach_throughs(path) if hit.rsplit(":", 1)[0] not in ALLOWED]
    assert not found, f"use Archive's methods instead: {found}"


def test_the_check_sees_a_reach_through(tmp_path):
    sample = tmp_path / "view.py"
    sample.write_text("def f(archive, get_archive):\n    archive.store.releases()\n"
                      "    get_archive().index.check()\n    api.index\n")
    assert _reach_throughs(sample, tmp_path) == ["view.py:store:2", "view.py:index:3"]
