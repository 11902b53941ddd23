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


def test_redaction_boxes_are_found_on_the_scanned_samples_as_the_readme_says():
    """GIVEN the samples' scanned pages and where the generator painted each redaction box WHEN
    OCR's box finder reads them THEN at least as many are found right, with no more found wrong,
    as the README's figures (precision 0.907, recall 1.000 on 165 boxes of 46 pages)."""
    from benchmarks.redactions import measure

    total = measure()["all"]
    assert (total.pages, total.truth) == (46, 165)
    assert total.right >= 165 and total.found - total.right <= 17
    assert round(total.precision, 3) >= 0.907 and round(total.recall, 3) >= 1.0
