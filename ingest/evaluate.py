"""Accuracy of an ingest against a sample release's truth.json.

Email boundaries are matched by (file, start page, end page, quoted); fields are
compared on matched emails only, split by whether the email sits on scanned
pages. Figures are fractions in [0, 1].
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from archive import Archive, Email, Party, Release

FIELDS = ("sender", "recipients", "date", "subject", "exemptions", "bates")


def _party_key(name: str, address: str, redactions: Iterable[str]) -> tuple[str, str, tuple[str, ...]]:
    return (" ".join(name.split()).casefold(), address.lower(), tuple(sorted(redactions)))


def _truth_party(p: dict[str, Any] | None) -> tuple[str, str, tuple[str, ...]] | None:
    return _party_key(p.get("name", ""), p.get("address", ""), p.get("redactions", [])) if p else None


def _party(p: Party | None) -> tuple[str, str, tuple[str, ...]] | None:
    return _party_key(p.name, p.address, p.redactions) if p else None


def _same_field(name: str, truth: dict[str, Any], email: Email) -> bool:
    if name == "sender":
        want = _truth_party(truth.get("sender")) or _party_key("", "", [])
        return (_party(email.sender) or _party_key("", "", [])) == want
    if name == "recipients":
        return all(
            sorted(_truth_party(p) or () for p in truth.get(kind, [])) == sorted(_party(p) or () for p in got)
            for kind, got in (("to", email.to), ("cc", email.cc))
        )
    if name == "date":
        return (truth.get("sent") or "")[:16] == (email.sent or "")[:16]
    if name == "subject":
        return " ".join((truth.get("subject") or "").split()) == " ".join(email.subject.split())
    if name == "exemptions":
        return set(truth.get("exemptions", [])) == set(email.exemptions)
    if name == "bates":
        return list(truth.get("bates") or [None, None]) == [email.bates_start, email.bates_end]
    raise ValueError(name)


def _prf(matched: int, predicted: int, truth: int) -> dict[str, float]:
    precision = matched / predicted if predicted else 1.0
    recall = matched / truth if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "matched": matched, "predicted": predicted, "truth": truth}


def evaluate(archive: Archive, release_dir: Path) -> dict[str, Any]:
    """Compare what ``archive`` holds for a sample release with its truth.json."""
    truth = json.loads((release_dir / "truth.json").read_text(encoding="utf-8"))
    documents = {d.filename: d for d in archive.store.documents(truth["release"])}
    scanned_pages = {(doc["file"], page["number"]) for doc in truth["documents"]
                     for page in doc["pages"] if page.get("scanned")}
    predicted: dict[tuple[str, int, int, bool], list[Email]] = defaultdict(list)
    # boundary counts by (quoted, group), group = "scanned" when any page is OCR'd
    total_predicted: dict[tuple[bool, str], int] = defaultdict(int)
    for filename, document in documents.items():
        ocr_pages = {p.number for p in archive.store.pages(document.id) if p.source == "ocr"}
        for email in archive.store.emails_in_document(document.id):
            predicted[(filename, email.start_page, email.end_page, email.quoted)].append(email)
            pages = range(email.start_page, email.end_page + 1)
            group = "scanned" if any(n in ocr_pages for n in pages) else "text-layer"
            total_predicted[(email.quoted, group)] += 1
    matched: dict[tuple[bool, str], int] = defaultdict(int)
    totals: dict[tuple[bool, str], int] = defaultdict(int)
    field_hits: dict[str, dict[str, list[int]]] = {
        group: {f: [0, 0] for f in FIELDS} for group in ("text-layer", "scanned")}
    misses: list[str] = []
    for t in truth["emails"]:
        quoted = bool(t.get("quoted"))
        pages = range(t["start_page"], t["end_page"] + 1)
        group = "scanned" if any((t["file"], n) in scanned_pages for n in pages) else "text-layer"
        totals[(quoted, group)] += 1
        candidates = predicted.get((t["file"], t["start_page"], t["end_page"], quoted), [])
        if not candidates:
            misses.append(f"{t['file']} p{t['start_page']}-{t['end_page']} {'quoted ' if quoted else ''}"
                          f"{t.get('subject', '')!r}: no email with these bounds")
            continue
        # Several emails with the same bounds (two on one page): pair with the one that
        # agrees on the most fields, then the same ordinal.
        email = max(candidates, key=lambda c: (sum(_same_field(f, t, c) for f in FIELDS),
                                               c.ordinal == t.get("ordinal")))
        candidates.remove(email)
        matched[(quoted, group)] += 1
        for name in FIELDS:
            ok = _same_field(name, t, email)
            field_hits[group][name][0] += ok
            field_hits[group][name][1] += 1
            if not ok:
                misses.append(f"{t['file']} p{t['start_page']} {name}: {group} email {email.id}")
    return {
        "release": truth["release"],
        "boundaries": {
            f"{kind} {group}": _prf(matched[(quoted, group)], total_predicted[(quoted, group)],
                                    totals[(quoted, group)])
            for group in ("text-layer", "scanned")
            for kind, quoted in (("top-level", False), ("quoted", True))
        },
        "fields": {
            group: {name: {"accuracy": round(hit / n, 4) if n else None, "n": n}
                    for name, (hit, n) in fields.items()}
            for group, fields in field_hits.items()
        },
        "misses": misses,
    }


def evaluate_release(release_dir: Path, jobs: int | None = None) -> dict[str, Any]:
    """Ingest a sample release into a scratch archive and evaluate it."""
    from .pipeline import Ingest

    manifest = json.loads((release_dir / "release.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="foia-eval-") as home, Archive.open(Path(home)) as archive:
        known = set(Release.__dataclass_fields__)
        archive.store.save_release(Release(**{k: str(v) for k, v in manifest.items() if k in known}))
        Ingest(archive, manifest["slug"], jobs=jobs or os.cpu_count() or 1).run([release_dir])
        return evaluate(archive, release_dir)


def format_report(report: dict[str, Any]) -> str:
    lines = [f"release {report['release']}", "email boundaries:"]
    for kind, figures in report["boundaries"].items():
        lines.append(f"  {kind:21} P {figures['precision']:.3f}  R {figures['recall']:.3f}  "
                     f"F1 {figures['f1']:.3f}  ({figures['matched']} of {figures['truth']} found, "
                     f"{figures['predicted']} predicted)")
    for group, fields in report["fields"].items():
        lines.append(f"fields on {group} pages:")
        for name, figures in fields.items():
            accuracy = "   n/a" if figures["accuracy"] is None else f"{figures['accuracy']:.3f}"
            lines.append(f"  {name:11} {accuracy}  (n={figures['n']})")
    if report["misses"]:
        lines.append(f"misses ({len(report['misses'])}):")
        lines.extend(f"  {m}" for m in report["misses"][:60])
    return "\n".join(lines)
