"""Accuracy of an ingest against a release's truth: a sample's truth.json, or a producer's truth.csv.

``evaluate_checked`` scores against what people checked or corrected in the archive itself
(archive/corrections.py) instead: every checked email is ground truth.

Email boundaries are matched by (file, start page, end page, quoted); fields are
compared on matched emails only, split by whether the email sits on scanned
pages, and by layout family where the truth names one (an email's ``family``:
outlook-desktop, owa, gmail, ...). Figures are fractions in [0, 1].
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, TypeVar

from archive import Archive, Email, Party, Release
from archive.corrections import FIELDS as CORRECTED_FIELDS
from archive.corrections import record_values, same

from .batch import MANIFEST, read_release_json
from .corrections import machine_reading
from .headers import BLANK_BOX
from .release_names import ReleaseNames

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
    documents = {d.filename: d for d in archive.documents(truth["release"])}
    scanned_pages = {(doc["file"], page["number"]) for doc in truth["documents"]
                     for page in doc["pages"] if page.get("scanned")}
    predicted: dict[tuple[str, int, int, bool], list[Email]] = defaultdict(list)
    # boundary counts by (quoted, group), group = "scanned" when any page is OCR'd
    total_predicted: dict[tuple[bool, str], int] = defaultdict(int)
    for filename, document in documents.items():
        # scanned as the truth says (a producer's OCR layer is not OCR'd here), else OCR'd here
        ocr_pages = {p.number for p in archive.pages(document.id)
                     if p.source == "ocr" or (filename, p.number) in scanned_pages}
        for email in archive.emails_in_document(document.id):
            predicted[(filename, email.start_page, email.end_page, email.quoted)].append(email)
            pages = range(email.start_page, email.end_page + 1)
            group = "scanned" if any(n in ocr_pages for n in pages) else "text-layer"
            total_predicted[(email.quoted, group)] += 1
    matched: dict[tuple[bool, str], int] = defaultdict(int)
    totals: dict[tuple[bool, str], int] = defaultdict(int)
    field_hits: dict[str, dict[str, list[int]]] = {
        group: {f: [0, 0] for f in FIELDS} for group in ("text-layer", "scanned")}
    # by layout family: [found, in truth] and field [hits, compared]
    family_found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    family_fields: dict[str, dict[str, list[int]]] = defaultdict(lambda: {f: [0, 0] for f in FIELDS})
    misses: list[str] = []
    for t in truth["emails"]:
        quoted = bool(t.get("quoted"))
        pages = range(t["start_page"], t["end_page"] + 1)
        group = "scanned" if any((t["file"], n) in scanned_pages for n in pages) else "text-layer"
        totals[(quoted, group)] += 1
        family = t.get("family")
        if family:
            family_found[family][1] += 1
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
        if family:
            family_found[family][0] += 1
        for name in FIELDS:
            ok = _same_field(name, t, email)
            field_hits[group][name][0] += ok
            field_hits[group][name][1] += 1
            if family:
                family_fields[family][name][0] += ok
                family_fields[family][name][1] += 1
            if not ok:
                misses.append(f"{t['file']} p{t['start_page']} {name}: {group} email {email.id}")
    report: dict[str, Any] = {
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
    if family_found:
        # Recall only: an email the splitter finds has no family until it is matched.
        report["families"] = {
            family: {"found": found, "truth": n, "recall": round(found / n, 4) if n else None,
                     "fields": {name: {"accuracy": round(hit / k, 4) if k else None, "n": k}
                                for name, (hit, k) in family_fields[family].items()}}
            for family, (found, n) in sorted(family_found.items())
        }
    return report


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^a-z0-9@.]+", text.casefold()) if t]


def _same_person(truth: str, party: Party | None) -> bool:
    """The truth's normalised name ("Mills, Cheryl D", an address, or "" for a redacted
    party) against the printed party: each name word of two or more letters close to a
    printed word, an address within the printed text."""
    printed = _tokens(" ".join(x for x in (party.name, party.address) if x) if party else "")
    wanted = _tokens(truth)
    if not wanted:
        return not printed or all(t in ("redacted", "b6") for t in printed)
    if len(wanted) == 1 and "@" in wanted[0]:
        return wanted[0] in " ".join(printed)
    need = [t for t in wanted if len(t) > 1][:2] or wanted
    return all(any(SequenceMatcher(None, n, p).ratio() >= 0.8 for p in printed) for n in need)


def evaluate_top_messages(archive: Archive, release_dir: Path, release: str) -> dict[str, Any]:
    """Compare each PDF's first top-level email with a producer's metadata (truth.csv).

    truth.csv has one row per file: ``file``, ``from``, ``subject`` and ``date`` (a calendar
    day) of the file's top message, as an agency's own index records it. Subjects compare
    upper-cased without RE:/FW:, allowing a truth cut short; rows with neither from nor
    to are not emails and are skipped.
    """
    from .headers import normalize_subject

    documents = {d.filename: d for d in archive.documents(release)}
    hits = {"found": 0, "sender": 0, "subject": 0, "date": 0, "recipients": 0}
    misses: list[str] = []
    with (release_dir / "truth.csv").open(encoding="utf-8", newline="") as truth:
        rows = [row for row in csv.DictReader(truth) if row.get("from") or row.get("to")]
    for row in rows:
        document = documents.get(row["file"])
        top = next((e for e in archive.emails_in_document(document.id) if not e.quoted), None) \
            if document else None
        if top is None:
            misses.append(f"{row['file']}: no email found")
            continue
        got, want = normalize_subject(top.subject), normalize_subject(row["subject"])
        checks = {
            "sender": _same_person(row["from"], top.sender),
            "subject": got == want or (len(want) >= 20 and got.startswith(want[:-2]))
            or SequenceMatcher(None, got, want).ratio() >= 0.9,
            "date": (top.sent or "")[:10] == row["date"],
        }
        wanted = [name.strip() for name in (row.get("to") or "").split(";") if name.strip()]
        if wanted:  # every recipient the producer lists is among those printed
            checks["recipients"] = all(any(_same_person(w, p) for p in top.to) for w in wanted)
        hits["found"] += 1
        for name, ok in checks.items():
            hits[name] += ok
            if not ok:
                misses.append(f"{row['file']} {name}: truth {row[{'sender': 'from', 'recipients': 'to'}.get(name, name)]!r}, "
                              f"read {_shown(name, top)!r} (email {top.id})")
    n, with_to = len(rows), sum(1 for row in rows if (row.get("to") or "").strip(" ;"))
    counts = {name: with_to if name == "recipients" else n for name in hits}
    return {"release": release, "top_messages": n,
            "accuracy": {name: round(hit / counts[name], 4) if counts[name] else None
                         for name, hit in hits.items()},
            "misses": misses}


PRINTED_FIELDS = ("sender", "date", "subject", "recipients")
H = TypeVar("H")
E = TypeVar("E")


def _printed_party(printed: str) -> tuple[str, str]:
    """ "Doe, Jane <jane.doe@agency.gov>" -> its name and address, compared loosely."""
    name, _, address = printed.partition("<")
    return " ".join(name.split()).casefold(), address.rstrip(">").strip().lower()


def _read_party(party: Party | None) -> tuple[str, str]:
    return (" ".join(party.name.split()).casefold(), party.address.lower()) if party else ("", "")


def _printed_fields(header: dict[str, Any], email: Email) -> dict[str, bool]:
    """Each field the truth can tell (a line one box covers whole is null) against the email."""
    fields = {
        "sender": _printed_party(header["sender"]) == _read_party(email.sender),
        "date": header["sent"][:16] == (email.sent or "")[:16],
        # (the OCR's mark of a box printing no code, "█", is the truth's "" for a value a box covers)
        "subject": " ".join(header["subject"].split()) == " ".join(email.subject.replace(BLANK_BOX, "").split()),
    }
    if header["to"] is not None and header["cc"] is not None:
        fields["recipients"] = all(sorted(map(_printed_party, header[kind])) == sorted(map(_read_party, got))
                                   for kind, got in (("to", email.to), ("cc", email.cc)))
    return fields


def _known(header: dict[str, Any], name: str) -> bool:
    return header["to"] is not None and header["cc"] is not None if name == "recipients" else True


def evaluate_printed_headers(archive: Archive, release: str, truth: dict[str, Any]) -> dict[str, Any]:
    """Compare a release's emails with a hand-checked list of every header block printed in one
    of its files (``truth["file"]``, its name last): page, top or quoted, sender, sent minute,
    subject, To and Cc as printed (null where one box covers the whole line: not scored). A
    header is found when an email of the same kind begins on its page; on a page with
    several, the headers (in printed order) and the emails (in page order) are paired in order,
    as many as can be, agreeing on the most fields (``paired_in_order``). Field accuracy
    counts a header not found as wrong; precision counts emails that are no printed header."""
    filename = Path(truth["file"]).name
    document = next((d for d in archive.documents(release) if d.filename == filename), None)
    if document is None:
        raise ValueError(f"{filename} is not in release {release}: ingest it first")
    emails: dict[tuple[int, bool], list[Email]] = defaultdict(list)
    for read in sorted(archive.emails_in_document(document.id), key=lambda e: (e.start_page, e.start_line)):
        emails[(read.start_page, read.quoted)].append(read)
    headers: dict[tuple[int, bool], list[dict[str, Any]]] = defaultdict(list)
    for header in truth["headers"]:
        headers[(header["page"], header["quoted"])].append(header)
    pairs = {id(header): email for kind, printed in headers.items()
             for header, email in paired_in_order(printed, emails[kind],
                                                  lambda h, e: sum(_printed_fields(h, e).values()))}
    predicted = sum(map(len, emails.values()))
    hits = dict.fromkeys(("found", *PRINTED_FIELDS), 0)
    misses: list[str] = []
    for header in truth["headers"]:
        where = f"p{header['page']} {'quoted' if header['quoted'] else 'top'} {header['sent']}"
        email = pairs.get(id(header))
        if email is None:
            misses.append(f"{where}: no email begins here" if not emails[(header["page"], header["quoted"])]
                          else f"{where}: no email left to pair with it")
            continue
        hits["found"] += 1
        for name, ok in _printed_fields(header, email).items():
            hits[name] += ok
            if not ok:
                misses.append(f"{where} {name}: read {_shown(name, email)!r} (email {email.id})")
    counts = {name: sum(_known(h, name) for h in truth["headers"]) for name in hits}
    return {"release": release, "file": filename, "headers": len(truth["headers"]),
            "precision": round(hits["found"] / predicted, 4) if predicted else 1.0,
            "accuracy": {name: round(hit / counts[name], 4) if counts[name] else None for name, hit in hits.items()},
            "misses": misses}


def paired_in_order(headers: Sequence[H], emails: Sequence[E], agree: Callable[[H, E], int]) -> list[tuple[H, E]]:
    """Headers printed on a page (top down) paired with the emails read there (top down),
    keeping both orders: as many pairs as can be, and of those the pairing whose pairs ``agree``
    the most in all. (Pairing each header with the email agreeing with it most, one after
    another, paired a header with a later one's email where OCR misread the right one's fields.)"""
    pair = 1 + len(PRINTED_FIELDS) * min(len(headers), len(emails))  # one pair more outweighs every field agreeing
    best = [[0] * (len(emails) + 1) for _ in range(len(headers) + 1)]
    for i in range(len(headers) - 1, -1, -1):
        for j in range(len(emails) - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + pair + agree(headers[i], emails[j]))
    pairs, i, j = [], 0, 0
    while i < len(headers) and j < len(emails):
        if best[i][j] == best[i + 1][j + 1] + pair + agree(headers[i], emails[j]):
            pairs.append((headers[i], emails[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _shown(name: str, email: Email) -> str:
    if name == "sender":
        return email.sender.display if email.sender else ""
    if name == "recipients":
        return "; ".join(party.display for party in email.to) + " | cc " + "; ".join(p.display for p in email.cc)
    return email.subject if name == "subject" else email.sent or ""


def survey(archive: Archive, release: str) -> dict[str, Any]:
    """What an ingest found in a release without ground truth (real releases)."""
    documents = []
    for document in archive.documents(release):
        pages = archive.pages(document.id)
        emails = archive.emails_in_document(document.id)
        confidences = [p.ocr_confidence for p in pages if p.ocr_confidence is not None]
        kinds: dict[str, int] = defaultdict(int)
        for page in pages:
            kinds[page.kind] += 1
        certainty: dict[str, int] = defaultdict(int)
        for email in emails:
            certainty[email.date_certainty] += 1
        documents.append({
            "file": document.filename,
            "pages": len(pages),
            "ocr_pages": sum(p.source == "ocr" for p in pages),
            "mean_ocr_confidence": round(sum(confidences) / len(confidences), 1) if confidences else None,
            "page_kinds": dict(sorted(kinds.items())),
            "bates_pages": sum(bool(p.bates) for p in pages),
            "bates_range": [next((p.bates for p in pages if p.bates), None),
                            next((p.bates for p in reversed(pages) if p.bates), None)],
            "exemptions": sorted({code for p in pages for code in p.exemptions}),
            "emails": sum(not e.quoted for e in emails),
            "quoted_copies": sum(e.quoted for e in emails),
            "dates": dict(sorted(certainty.items())),
            "senders": sorted({e.sender.display for e in emails if e.sender})[:12],
        })
    return {"release": release, "documents": documents}


def _release_of(folder: Path) -> Release:
    manifest = folder / MANIFEST
    if manifest.is_file():
        return read_release_json(manifest)
    # a release slug's letters (archive.model.RELEASE_SLUG): ASCII, at most 80, in lower case as most are
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in folder.name.lower())[:80].strip("-")
    slug = slug or "release"
    return Release(slug=slug, title=folder.name)


def evaluate_release(release_dir: Path, jobs: int | None = None) -> list[dict[str, Any]]:
    """Ingest a release folder (or a folder of them) into a scratch archive and report.

    With a truth.json: accuracy against it; with a truth.csv (a producer's metadata of
    each file's top message): that message's accuracy. Without (a real release): what
    was found.
    """
    from .pipeline import Ingest

    folders = [release_dir] if any(release_dir.glob("*.pdf")) else sorted(
        p for p in release_dir.iterdir() if p.is_dir() and any(p.rglob("*.pdf")))
    reports = []
    with tempfile.TemporaryDirectory(prefix="foia-eval-") as home, Archive.open(Path(home)) as archive:
        for folder in folders:
            release = _release_of(folder)
            archive.save_release(release)
            summary = Ingest(archive, release.slug, jobs=jobs or os.cpu_count() or 1).run([folder])
            if (folder / "truth.json").is_file():
                report = evaluate(archive, folder)
            elif (folder / "truth.csv").is_file():
                report = evaluate_top_messages(archive, folder, release.slug)
            else:
                report = survey(archive, release.slug)
            report["failed"] = [f"{o.path}: {o.message}" for o in summary.failed]
            reports.append(report)
    return reports


def format_report(report: dict[str, Any]) -> str:
    if "documents" in report:
        return _format_survey(report)
    if "top_messages" in report:
        figures = ", ".join(f"{name} {value:.3f}" for name, value in report["accuracy"].items())
        lines = [f"release {report['release']} (truth.csv: each file's top message, "
                 f"{report['top_messages']} files)", f"  {figures}"]
        lines.extend(f"  {m}" for m in report["misses"][:60])
        lines.extend(f"FAILED {line}" for line in report.get("failed", []))
        return "\n".join(lines)
    lines = [f"release {report['release']}" + (
        f" (against what people checked or corrected: {report['checked_emails']} emails)"
        if report.get("against") == "people" else ""), "email boundaries:"]
    for kind, figures in report["boundaries"].items():
        lines.append(f"  {kind:21} P {figures['precision']:.3f}  R {figures['recall']:.3f}  "
                     f"F1 {figures['f1']:.3f}  ({figures['matched']} of {figures['truth']} found, "
                     f"{figures['predicted']} predicted)")
    for group, fields in report["fields"].items():
        lines.append(f"fields on {group} pages:")
        for name, figures in fields.items():
            accuracy = "   n/a" if figures["accuracy"] is None else f"{figures['accuracy']:.3f}"
            lines.append(f"  {name:11} {accuracy}  (n={figures['n']})")
    if report.get("families"):
        lines.append("by layout family (boundary recall, then field accuracy on the emails found):")
        lines.append(f"  {'family':16} {'found':>7} {'recall':>6}  " + "  ".join(f"{n[:7]:>7}" for n in FIELDS))
        for family, figures in report["families"].items():
            cells = "  ".join("    n/a" if f["accuracy"] is None else f"{f['accuracy']:7.3f}"
                              for f in figures["fields"].values())
            lines.append(f"  {family:16} {figures['found']:>3}/{figures['truth']:<3} {figures['recall']:6.3f}  {cells}")
    if report["misses"]:
        lines.append(f"misses ({len(report['misses'])}):")
        lines.extend(f"  {m}" for m in report["misses"][:60])
    lines.extend(f"FAILED {line}" for line in report.get("failed", []))
    return "\n".join(lines)


def _format_survey(report: dict[str, Any]) -> str:
    lines = [f"release {report['release']} (no truth.json: what was found)"]
    for d in report["documents"]:
        confidence = f", mean OCR confidence {d['mean_ocr_confidence']}" if d["mean_ocr_confidence"] else ""
        kinds = ", ".join(f"{n} {k}" for k, n in d["page_kinds"].items())
        lines.append(f"  {d['file']}: {d['pages']} pages ({d['ocr_pages']} OCR'd{confidence}); {kinds}")
        if d["bates_pages"]:
            lines.append(f"    Bates on {d['bates_pages']} pages: {d['bates_range'][0]} .. {d['bates_range'][1]}")
        if d["exemptions"]:
            lines.append(f"    exemption codes: {', '.join(d['exemptions'])}")
        if d["emails"] or d["quoted_copies"]:
            dates = ", ".join(f"{n} {k}" for k, n in d["dates"].items())
            lines.append(f"    {d['emails']} emails, {d['quoted_copies']} quoted copies; dates: {dates}")
            lines.append(f"    senders: {'; '.join(d['senders'])}")
    lines.extend(f"FAILED {line}" for line in report.get("failed", []))
    return "\n".join(lines)


def evaluate_checked(archive: Archive, release: str) -> dict[str, Any]:
    """Score the machine's reading today (the stored page texts split and parsed again, without
    people's corrections) against what people checked or corrected in a release: email
    boundaries on the pages people looked at, and each field people set or confirmed, by
    scanned and text pages."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # matched, predicted, truth
    fields: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))  # right, n
    misses: list[str] = []
    checked_emails = 0
    names = ReleaseNames.of(archive, release)
    for checked in archive.checked_truth(release):
        document = archive.document(checked.document_id)
        record = machine_reading(archive, document, names)
        machine = {(e.start_page, e.start_line): e for e in record.emails
                   if not e.quoted and e.start_page in checked.pages}
        for position in set(machine) | checked.starts:
            group = "scanned" if position[0] in checked.scanned else "text"
            for key in (group, "all"):
                counts[key][0] += position in machine and position in checked.starts
                counts[key][1] += position in machine
                counts[key][2] += position in checked.starts
            if position not in machine:
                misses.append(f"{document.filename} p.{position[0]} line {position[1] + 1}: an email begins here; "
                              "the machine does not see it")
            elif position not in checked.starts:
                misses.append(f"{document.filename} p.{position[0]} line {position[1] + 1}: the machine begins an "
                              "email here; people say none does")
        for position, values in checked.values.items():
            checked_emails += 1
            found = machine.get(position)
            if found is None:
                continue  # a boundary miss, counted above
            read = record_values(found)
            group = "scanned" if position[0] in checked.scanned else "text"
            for name, value in values.items():
                right = same(read[name], value)
                for key in (group, "all"):
                    fields[key][name][0] += right
                    fields[key][name][1] += 1
                if not right:
                    misses.append(f"{document.filename} p.{position[0]} {name}: the machine reads "
                                  f"{json.dumps(read[name], ensure_ascii=False)[:120]}, people "
                                  f"{json.dumps(value, ensure_ascii=False)[:120]}")
    return {
        "release": release, "against": "people", "checked_emails": checked_emails,
        "boundaries": {key: _prf(*figures) for key, figures in sorted(counts.items())},
        "fields": {group: {name: {"accuracy": round(right / n, 4) if n else None, "n": n}
                           for name in CORRECTED_FIELDS for right, n in [by_field.get(name, [0, 0])]}
                   for group, by_field in sorted(fields.items())},
        "misses": misses,
    }
