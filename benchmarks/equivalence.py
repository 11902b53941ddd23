"""Do the two search engines answer alike? (Whoosh, the default, against tantivy.)

    .venv/bin/python -m benchmarks.equivalence --size 100000 [--workdir DIR]

Stores the synthetic corpus (benchmarks/corpus.py) unless DIR already holds it, builds
both engines' indexes of it side by side, then asks every query of the search benchmark's
mix (benchmarks/search.py, two seeds: 400 queries) through ``Archive.search`` on each, with
facets, as the site asks it: the totals and every facet's counts must be equal, and where
both rank by BM25 (relevance order) the top 20 hits must overlap by at least 0.9. Sorted
by date, the pages must be identical. Each query is timed on both engines back to back
(the first time it is asked, after a warm-up with other queries), so the two engines' times
are measured under the same load.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from archive import Archive
from archive.engines import open_index
from archive.search import SearchRequest

from .corpus import build_store
from .search import query_mix

OVERLAP = 0.9


def _facets(result: object) -> dict[str, list[tuple[str, int]]]:
    facets = result.facets  # type: ignore[attr-defined]
    return {name: [(f.value, f.count) for f in values] for name, values in facets.items()}


def compare(home: Path) -> dict[str, object]:
    whoosh, tantivy = open_index(home, "whoosh"), open_index(home, "tantivy")
    built: dict[str, float] = {}
    with Archive.open(home) as archive:
        for name, index in (("whoosh", whoosh), ("tantivy", tantivy)):
            if not index.is_current():
                started = time.perf_counter()
                archive.rebuild_index(index)
                built[name] = time.perf_counter() - started
    mix = query_mix(seed=11) + query_mix(seed=99)
    rows = []
    with Archive.open(home, readonly=True, index=whoosh) as one, Archive.open(home, readonly=True, index=tantivy) as two:
        for _category, text, _ in query_mix(seed=5):  # warm both: open the searchers, fill the OS cache
            one.search(SearchRequest(query=text))
            two.search(SearchRequest(query=text))
        for category, text, _ in mix:
            request = SearchRequest(query=text)
            started = time.perf_counter()
            a = one.search(request)
            middle = time.perf_counter()
            b = two.search(request)
            seconds = (middle - started, time.perf_counter() - middle)
            top_a, top_b = [h.key for h in a.hits], [h.key for h in b.hits]
            overlap = len(set(top_a) & set(top_b)) / max(len(top_a), 1) if top_a else 1.0
            dated = SearchRequest(query=text, sort="-date")
            same_date_page = [h.key for h in one.search(dated).hits] == [h.key for h in two.search(dated).hits]
            rows.append({"category": category, "query": text, "totals": (a.total, b.total),
                         "facets_equal": _facets(a) == _facets(b), "overlap": overlap,
                         "date_page_equal": same_date_page, "ms": tuple(1000 * x for x in seconds)})
    whoosh.close()
    tantivy.close()
    return {"built": built, "rows": rows}


def _p50_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(result: dict[str, object]) -> str:
    rows: list[dict[str, object]] = result["rows"]  # type: ignore[assignment]
    lines = ["| queries | n | totals equal | facet counts equal | top-20 overlap mean / min | overlap ≥ 0.9 "
             "| date-sorted page equal | Whoosh p50 / p95 ms | tantivy p50 / p95 ms |",
             "|---|---|---|---|---|---|---|---|---|"]
    categories = list(dict.fromkeys(str(r["category"]) for r in rows)) + ["all"]
    for category in categories:
        picked = [r for r in rows if category in ("all", r["category"])]
        totals = sum(1 for r in picked if r["totals"][0] == r["totals"][1])  # type: ignore[index]
        facets = sum(1 for r in picked if r["facets_equal"])
        overlaps = [float(r["overlap"]) for r in picked]  # type: ignore[arg-type]
        good = sum(1 for o in overlaps if o >= OVERLAP)
        dated = sum(1 for r in picked if r["date_page_equal"])
        name = f"**{category}**" if category == "all" else category
        times = [" / ".join(f"{value:.1f}" for value in _p50_p95([r["ms"][i] for r in picked]))  # type: ignore[index]
                 for i in (0, 1)]
        lines.append(f"| {name} | {len(picked)} | {totals} | {facets} | {statistics.mean(overlaps):.3f} / "
                     f"{min(overlaps):.2f} | {good} | {dated} | {times[0]} | {times[1]} |")
    for r in rows:
        if r["totals"][0] != r["totals"][1] or not r["facets_equal"]:  # type: ignore[index]
            lines.append(f"- differs: {r['query']!r}: totals {r['totals']}, facets equal {r['facets_equal']}")
    built: dict[str, float] = result["built"]  # type: ignore[assignment]
    if built:
        lines.append("index builds: " + ", ".join(f"{k} {v:.0f} s" for k, v in built.items()))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000, help="emails in the corpus (default 10k)")
    parser.add_argument("--workdir", type=Path, help="keep the corpus here (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="foia-equivalence-") as tmp:
        home = (args.workdir or Path(tmp)) / f"archive-{args.size}"
        if not (home / "archive.db").is_file():
            build_store(home, args.size)
        print(report(compare(home)), flush=True)


if __name__ == "__main__":
    main()
