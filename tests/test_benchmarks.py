"""`make benchmarks` runs the benchmarks that exist, every one of them, and the README names each."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def test_make_benchmarks_runs_every_benchmark_module_and_the_readme_names_them():
    target = (ROOT / "Makefile").read_text().split("\nbenchmarks:")[1].split("\n\n")[0]
    named = re.findall(r"-m benchmarks\.(\w+)", target)
    scripts = {p.stem for p in (ROOT / "benchmarks").glob("*.py") if "\ndef main(" in p.read_text()}
    assert named and set(named) == scripts  # helpers (corpus.py) have no main()
    readme = (ROOT / "README.md").read_text()
    missing = [m for m in named if f"benchmarks.{m}" not in readme and f"benchmarks/{m}.py" not in readme]
    assert not missing, f"benchmarks the README does not name: {missing}"
