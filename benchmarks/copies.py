"""Same-message benchmark: precision and recall of "these two records are one message"
(ingest/same_message.py) on a labelled set built from the samples.

    .venv/bin/python -m benchmarks.copies                 # ingests the samples into a scratch archive
    .venv/bin/python -m benchmarks.copies --home DIR      # an archive that already holds them

The labelled set:

    printed   every email and quoted copy ingest stored from the dea-microsoft and
              layout-families samples (text-layer and scanned pages, as the pipeline read
              them), labelled with the message of the samples' specification it prints:
              a truth.json entry names its message by its subject and minute sent, and a
              stored email is the truth entry at its file, page and header block. Entries
              two messages could claim, and stored emails the splitter placed where no
              truth entry is, are left out (and counted).
    reprinted two copies of each printed record made again, deterministically (seeded), as a
              second printing or re-release would read: OCR damage (letters confused,
              words run together), words withheld under a box ("(b)(6)") that the first
              printing shows, the sender hidden or printed by name only, the time printed
              with or without seconds or a zone; same message as the record.
    decoys    records that are not the message they look like: one record's header (sender,
              minute, subject) over another message's body (a second email sent the same
              minute), and a record's body sent a day later (a resend is another message).

Pairs are what the grouping makes (blocking keys, then the matcher, joined): precision =
pairs in one group that are one message / pairs grouped; recall = those / pairs that are
one message. Targets (issue 18): precision >= 0.99, recall >= 0.95.

The redaction reports' matching (``ingest.copies.message_groups``: the same minute and subject
as printed, then the sender, or the body where a box hides the sender) is scored on the same
set, with the pairs that have a copy whose sender is hidden counted apart: its precision must
meet the same target; its recall is lower by design (a subject OCR damaged is another subject).
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from archive import Archive, Party  # noqa: E402
from ingest.copies import message_groups  # noqa: E402
from ingest.same_message import MessageRecord, group_copies, record_of  # noqa: E402

SAMPLES = ROOT / "samples"
LABELLED = {"dea-microsoft": "dea_microsoft", "layout-families": "layout_families"}
SEED = 18
TARGET_PRECISION, TARGET_RECALL = 0.99, 0.95

_MARKUP = re.compile(r"\[\[[^\]]*\]\]")
# What OCR makes of letters (Tesseract on 300 dpi scans of printed email).
CONFUSIONS = [("m", "rn"), ("rn", "m"), ("l", "1"), ("I", "l"), ("O", "0"), ("e", "c"), ("cl", "d"),
              ("h", "b"), ("o", "0"), ("S", "5"), ("a", "o"), (",", "."), ("i", "í")]


@dataclass(frozen=True)
class Labelled:
    record: MessageRecord
    message: str  # which message it is
    origin: str  # printed, reprinted, decoy


@dataclass(frozen=True)
class Score:
    records: int
    by_origin: dict[str, int]
    left_out: int
    true_pairs: int
    grouped_pairs: int
    right_pairs: int
    wrong: tuple[tuple[str, str], ...]
    missed: tuple[tuple[str, str], ...]
    printed_pairs: int = 0  # pairs of two printed records (the samples as ingested) that are one message
    printed_right: int = 0  # ... of them grouped
    hidden_pairs: int = 0  # pairs that are one message with a copy whose sender a box hides
    hidden_right: int = 0  # ... of them grouped

    @property
    def precision(self) -> float:
        return self.right_pairs / self.grouped_pairs if self.grouped_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.right_pairs / self.true_pairs if self.true_pairs else 1.0


def _spec(module: str) -> Any:
    if str(SAMPLES) not in sys.path:
        sys.path.insert(0, str(SAMPLES))
    return importlib.import_module(module)


def _spec_messages(spec: Any) -> list[Any]:
    found = [item for document in spec.RELEASE.documents for item in document.items
             if type(item).__name__ == "Email"]
    return found + list(spec.RELEASE.quoted_only)


def truth_labels(release: str) -> dict[tuple[str, int, int], str]:
    """(file, start page, header block) of each truth entry -> the message it prints, for the
    entries exactly one message of the specification claims."""
    messages = _spec_messages(_spec(LABELLED[release]))
    truth = json.loads((SAMPLES / release / "truth.json").read_text())
    labels = {}
    for entry in truth["emails"]:
        if entry.get("kind") != "email":
            continue
        subject = (entry.get("subject") or "").strip()
        sent = (entry.get("sent") or "")[:16]
        claims = [m.key for m in messages if _MARKUP.sub("", m.subject).strip() == subject and m.sent is not None
                  and (m.sent.isoformat(timespec="minutes") == sent
                       or (entry["quoted"] and len(sent) >= 10 and m.sent.isoformat()[:10] == sent[:10]))]
        if len(set(claims)) == 1:
            labels[(entry["file"], entry["start_page"], entry["ordinal"])] = f"{release}/{claims[0]}"
    return labels


def printed(archive: Archive) -> tuple[list[Labelled], int]:
    """The stored emails of the labelled samples with their message; and how many were left out."""
    found, left_out = [], 0
    for release in LABELLED:
        labels = truth_labels(release)
        for document in archive.documents(release):
            if document.duplicate_of:
                continue
            for email in archive.emails_in_document(document.id):
                label = labels.get((document.filename, email.start_page, email.ordinal))
                if label is None:
                    left_out += 1
                else:
                    found.append(Labelled(record_of(email), label, "printed"))
    return found, left_out


def ocr_damage(text: str, rng: random.Random, rate: float) -> str:
    """Letters confused and words run together as OCR does, at about ``rate`` a character."""
    out, at = [], 0
    while at < len(text):
        if rng.random() < rate:
            for wrong, right in rng.sample(CONFUSIONS, len(CONFUSIONS)):
                if text.startswith(wrong, at):
                    out.append(right)
                    at += len(wrong)
                    break
            else:
                if text[at] == " " and rng.random() < 0.5:
                    at += 1  # two words run together
                    continue
                out.append(text[at])
                at += 1
        else:
            out.append(text[at])
            at += 1
    return "".join(out)


def withhold(text: str, rng: random.Random, boxes: int) -> str:
    """A few words (names first: capitalised ones) behind a box labelled with its code."""
    words = list(re.finditer(r"\b[A-Z][a-z]{2,}\b(?!:)", text)) or list(re.finditer(r"\b\w{4,}\b(?!:)", text))
    chosen = sorted(rng.sample(words, min(boxes, len(words))), key=lambda m: m.start(), reverse=True)
    for match in chosen:
        text = text[:match.start()] + rng.choice(["(b)(6)", "(b)(6), (b)(7)(C)", "b6"]) + text[match.end():]
    return text


def retime(sent: str | None, rng: random.Random) -> str | None:
    """The time as another printing prints it: seconds or none, a zone or none."""
    if not sent or len(sent) < 16:
        return sent
    minute, zone = sent[:16], sent[19:]
    return rng.choice([minute, minute + ":00", minute + ":00" + (zone or "-05:00"), sent])


def reprinted(item: Labelled, rng: random.Random, copy: int) -> Labelled:
    record = item.record
    sender = record.sender
    if copy == 1 and sender is not None:
        sender = rng.choice([Party("", "", ("(b)(6)",)), Party(sender.name, "", ()), sender])
    body = withhold(record.body, rng, 1 + copy)
    body = ocr_damage(body, rng, 0.01 + 0.01 * copy)
    return Labelled(replace(record, id=f"{record.id}~{copy}", sender=sender, sent=retime(record.sent, rng),
                            subject=ocr_damage(record.subject, rng, 0.01), body=body, quoted=False),
                    item.message, "reprinted")


def decoys(items: list[Labelled], rng: random.Random) -> list[Labelled]:
    """Look-alikes of other messages (see the module's docstring)."""
    made = []
    bodied = [i for i in items if len(i.record.body.split()) >= 20]
    for n, item in enumerate(bodied):
        other = next((o for o in rng.sample(bodied, len(bodied)) if o.message != item.message
                      and o.record.body[:200] != item.record.body[:200]), None)
        if other is not None and n % 2 == 0:
            made.append(Labelled(replace(item.record, id=f"{item.record.id}~same-minute", body=other.record.body),
                                 f"decoy/{item.message}/same-minute/{other.message}", "decoy"))
        sent = item.record.sent
        if sent and len(sent) >= 16 and n % 2 == 1:
            later = f"{sent[:8]}{int(sent[8:10]) % 27 + 1:02d}{sent[10:]}"
            made.append(Labelled(replace(item.record, id=f"{item.record.id}~resent", sent=later),
                                 f"decoy/{item.message}/resent", "decoy"))
    return made


def labelled_set(archive: Archive, seed: int = SEED) -> tuple[list[Labelled], int]:
    rng = random.Random(seed)
    items, left_out = printed(archive)
    items.sort(key=lambda i: i.record.id)
    made = [reprinted(item, rng, copy) for item in items for copy in (1, 2)]
    return items + made + decoys(items, rng), left_out


def measure(items: list[Labelled], left_out: int = 0,
            grouping: Callable[[Iterable[MessageRecord]], list[list[MessageRecord]]] = group_copies) -> Score:
    """Score ``grouping`` (the same-message grouping, or another) on the labelled set."""
    message = {i.record.id: i.message for i in items}
    by_message = Counter(i.message for i in items)
    true_pairs = sum(n * (n - 1) // 2 for n in by_message.values())
    grouped = [pair for group in grouping(i.record for i in items)
               for pair in combinations(sorted(r.id for r in group), 2)]
    right = [p for p in grouped if message[p[0]] == message[p[1]]]
    wrong = tuple(p for p in grouped if message[p[0]] != message[p[1]])
    grouped_set = set(grouped)
    by_label: dict[str, list[str]] = {}
    for item in items:
        by_label.setdefault(item.message, []).append(item.record.id)
    missed = tuple(p for ids in by_label.values() for p in combinations(sorted(ids), 2) if p not in grouped_set)
    origin = {i.record.id: i.origin for i in items}
    printed_pairs = [p for ids in by_label.values() for p in combinations(sorted(ids), 2)
                     if origin[p[0]] == origin[p[1]] == "printed"]
    hidden = {i.record.id for i in items if i.record.sender is not None and not (i.record.sender.name or
                                                                                 i.record.sender.address)}
    hidden_pairs = [p for ids in by_label.values() for p in combinations(sorted(ids), 2) if hidden & set(p)]
    return Score(len(items), dict(Counter(i.origin for i in items)), left_out, true_pairs, len(grouped),
                 len(right), wrong, missed, len(printed_pairs), sum(1 for p in printed_pairs if p in grouped_set),
                 len(hidden_pairs), sum(1 for p in hidden_pairs if p in grouped_set))


def _ingest_samples(home: Path) -> None:
    from ingest.batch import read_release_json
    from ingest.pipeline import Ingest

    with Archive.open(home) as archive:
        for slug in LABELLED:
            release = read_release_json(SAMPLES / slug / "release.json")
            archive.save_release(release)
            Ingest(archive, release.slug, jobs=2).run([SAMPLES / slug])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="an archive holding the samples (default: ingest them)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="foia-copies-") as scratch:
        home = args.home or Path(scratch) / "archive"
        if args.home is None:
            _ingest_samples(home)
        with Archive.open(home) as archive:
            items, left_out = labelled_set(archive)
    score = measure(items, left_out)
    reports = measure(items, left_out, message_groups)
    if args.json:
        print(json.dumps({"precision": score.precision, "recall": score.recall, "records": score.records,
                          "by_origin": score.by_origin, "left_out": score.left_out,
                          "true_pairs": score.true_pairs, "grouped_pairs": score.grouped_pairs,
                          "right_pairs": score.right_pairs, "printed_pairs": score.printed_pairs,
                          "printed_right": score.printed_right,
                          "redaction_reports": {"precision": reports.precision, "recall": reports.recall,
                                                "grouped_pairs": reports.grouped_pairs,
                                                "right_pairs": reports.right_pairs,
                                                "hidden_sender_pairs": reports.hidden_pairs,
                                                "hidden_sender_right": reports.hidden_right}}))
    else:
        print(f"records {score.records} ({', '.join(f'{k} {v}' for k, v in sorted(score.by_origin.items()))}; "
              f"{score.left_out} stored emails without a truth entry left out)")
        print(f"pairs that are one message {score.true_pairs}, grouped {score.grouped_pairs}, "
              f"right {score.right_pairs}; of them printed in the samples {score.printed_pairs}, "
              f"grouped {score.printed_right}")
        print(f"precision {score.precision:.3f} (target {TARGET_PRECISION}), "
              f"recall {score.recall:.3f} (target {TARGET_RECALL})")
        print(f"redaction reports' matching (ingest/copies.py): precision {reports.precision:.3f}, "
              f"recall {reports.recall:.3f} ({reports.right_pairs} of {reports.true_pairs}); pairs with a "
              f"hidden sender {reports.hidden_pairs}, grouped {reports.hidden_right}")
        for a, b in (score.wrong + reports.wrong)[:10]:
            print(f"  grouped, not one message: {a} {b}")
        for a, b in score.missed[:10]:
            print(f"  one message, not grouped: {a} {b}")
    met = score.precision >= TARGET_PRECISION and score.recall >= TARGET_RECALL
    return 0 if met and reports.precision >= TARGET_PRECISION else 1


if __name__ == "__main__":
    sys.exit(main())
