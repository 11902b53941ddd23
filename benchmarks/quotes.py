"""Quote-linking benchmark: precision and recall of QuoteMatcher on the dea-microsoft sample.

    .venv/bin/python benchmarks/quotes.py                 # ingests the sample into a scratch archive
    .venv/bin/python benchmarks/quotes.py --home DIR      # an archive that already holds it

The test set is built from the sample's specification (samples/dea_microsoft.py,
the text each email was printed with), its truth.json (where each email was
printed, and which pages are scanned) and the archive (what ingest stored):

    exact     a sentence of an email on text-layer pages, quoted as written
    ocr       a sentence of an email on scanned pages: the quote is clean, the
              archive holds Tesseract's reading of the page, with its errors
    edited    a sentence with a journalist's edits: an ellipsis, a bracketed
              insertion, "[T]he", curly apostrophes, or split by an attribution
              ("…," she wrote, "…"); these go through find_quotes first
    absent    not in the records: sentences of the other sample release, the
              context article's own narration, and invented sentences in the
              same vocabulary; none may be linked

A link is right when it names the email the sentence was printed in (or a quoted
copy of it); when ingest did not split that email out, the email covering its
page counts. Precision = right links / links made; recall = right links / quotes
that are in the records. Targets (issue 6): precision >= 0.98, recall >= 0.9.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from archive import Archive  # noqa: E402
from ingest.articles import (  # noqa: E402
    Block,
    QuoteMatcher,
    clean_text,
    find_quotes,
    normalize,
    parse_blocks,
)

SAMPLE = ROOT / "samples" / "dea-microsoft"
OTHER = ROOT / "samples" / "city-pd-pilot"
SEED = 6
TARGET_PRECISION, TARGET_RECALL = 0.98, 0.9

INVENTED = [
    "The agency signed a five-year contract for face recognition services with Microsoft in 2019.",
    "We have decided to deploy the Face API at every field division by the end of the fiscal year.",
    "Our investigators will rely on the matching score alone to identify suspects in the field.",
    "Microsoft agreed to provide the software free of charge in exchange for access to agency data.",
    "The pilot identified more than two hundred suspects during its first month of operation.",
    "Please delete all copies of this message after reading and do not forward it to counsel.",
    "The DEA has no records responsive to your request about face recognition technology.",
    "Azure Government was rejected by the security office because of its foreign datacenters.",
    "The transcription service misidentified every speaker in the recorded calls we provided.",
    "Leadership approved the purchase of the face recognition package without further review.",
    "I will brief the Administrator on the results of the workshop next Tuesday morning.",
    "There is no need for a human reviewer once the model reaches ninety percent accuracy.",
]


@dataclass(frozen=True)
class Case:
    kind: str  # exact, ocr, edited, absent
    quote: str  # the quotation as an article would print it
    article: str  # a sentence of an article holding it (what find_quotes reads)
    truth: tuple[int, ...]  # indexes into truth["emails"] of where it is printed; () when absent


@dataclass(frozen=True)
class Outcome:
    case: Case
    email_id: str | None
    score: float
    method: str
    right: bool


def _spec() -> Any:
    samples = str(ROOT / "samples")
    if samples not in sys.path:
        sys.path.insert(0, samples)
    return importlib.import_module("dea_microsoft")


_MARKUP = re.compile(r"\[\[[^\]]*\]\]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def sentences(body: str) -> list[str]:
    """Quotable sentences of an email body: 7 to 35 words, no redaction boxes, no contact lines."""
    found = []
    for paragraph in re.split(r"\n\s*\n", body):
        text = " ".join(paragraph.split())
        for sentence in _SENTENCE.split(text):
            words = sentence.split()
            if (7 <= len(words) <= 35 and "[[" not in sentence and "@" not in sentence
                    and not re.search(r"\d{3}[-.)]\s?\d{3}", sentence) and sentence[-1:] in ".!?"):
                found.append(sentence)
    return found


def _email_items(spec: Any) -> list[tuple[Any, bool]]:
    items = []
    for document in spec.RELEASE.documents:
        for item in document.items:
            if type(item).__name__ == "Email":
                scanned = document.scanned if item.scanned is None else item.scanned
                items.append((item, bool(scanned)))
    return items


def _truth_for(item: Any, truth: dict[str, Any]) -> tuple[int, ...]:
    """Where an email of the spec was printed: its own entry and its quoted copies."""
    sent = item.sent.isoformat(timespec="minutes") if item.sent else None
    subject = _MARKUP.sub("", item.subject).strip()
    hits = []
    for i, entry in enumerate(truth["emails"]):
        if entry.get("kind") != "email":
            continue
        same_sent = sent is None or (entry.get("sent") or "")[:16] == sent or \
            (entry["quoted"] and (entry.get("sent") or "")[:10] == sent[:10])
        if same_sent and entry.get("subject", "").strip() == subject:
            hits.append(i)
    return tuple(hits)


def _edit(sentence: str, rng: random.Random) -> tuple[str, str] | None:
    """(quote as printed, article sentence) with one journalist's edit, or None if none fits."""
    words = sentence.rstrip(".!?").split()
    choice = rng.choice(["ellipsis", "bracket", "capital", "curly", "split"])
    if choice == "ellipsis" and len(words) >= 12:
        cut = rng.randint(4, len(words) - 7)
        quote = " ".join(words[:cut]) + " … " + " ".join(words[cut + 2:])
        return quote, f"The message said “{quote}.”"
    if choice == "bracket" and len(words) >= 8:
        at = rng.randint(2, len(words) - 3)
        quote = " ".join(words[:at]) + " [the agency] " + " ".join(words[at + 1:])
        return quote, f"One official wrote that “{quote}.”"
    if choice == "capital" and words[0][:1].isupper() and len(words) >= 8:
        quote = "[" + words[1][0].upper() + "]" + words[1][1:] + " " + " ".join(words[2:])
        return quote, f"According to the email, “{quote}.”"
    if choice == "curly" and ("'" in sentence or '"' in sentence or " - " in sentence):
        quote = sentence.replace("'", "’").replace(" - ", " — ").replace('"', "")
        return quote, f"The reply read: “{quote}”"
    if choice == "split" and len(words) >= 10:
        cut = rng.randint(4, len(words) - 5)
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        return first + " … " + second, f"“{first},” she wrote, “{second}.”"
    return None


def build_cases(truth: dict[str, Any], rng: random.Random) -> list[Case]:
    spec = _spec()
    items = _email_items(spec)
    owners: dict[str, set[str]] = {}
    for item, _ in items:
        for sentence in sentences(item.body):
            owners.setdefault(normalize(sentence), set()).add(item.key)
    cases: list[Case] = []
    for item, scanned in items:
        where = _truth_for(item, truth)
        if not where:
            continue
        # a sentence printed in two different emails (a signature, boilerplate) has no one source
        unique = [s for s in sentences(item.body) if owners[normalize(s)] == {item.key}]
        if not unique:
            continue
        picked = rng.sample(unique, min(2, len(unique)))
        kind = "ocr" if scanned else "exact"
        cases.append(Case(kind, picked[0], f"It read: “{picked[0]}”", where))
        if len(picked) > 1:
            edited = _edit(picked[1], rng)
            if edited:
                cases.append(Case("edited", edited[0], edited[1], where))
    # not in the records
    city = importlib.import_module("city_pd_pilot")
    city_sentences = [s for d in city.RELEASE.documents for it in d.items
                      if type(it).__name__ == "Email" for s in sentences(it.body)]
    for sentence in rng.sample(city_sentences, min(25, len(city_sentences))):
        cases.append(Case("absent", sentence, f"She said: “{sentence}”", ()))
    narration = [s for block in parse_blocks(clean_text((SAMPLE / "context.md").read_text(), "markdown"))
                 for s in sentences(re.sub(r"\"[^\"]*\"", "", block.text)) if block.kind == "paragraph"]
    for sentence in narration:
        cases.append(Case("absent", sentence, f"“{sentence}”", ()))
    for sentence in INVENTED:
        cases.append(Case("absent", sentence, f"An official wrote: “{sentence}”", ()))
    return cases


def _positions(archive: Archive, release: str) -> dict[str, tuple[str, int, int, int]]:
    """email id -> (file, start page, end page, ordinal) as stored."""
    out = {}
    files = {d.id: d.filename for d in archive.documents(release)}
    for document_id, filename in files.items():
        for email in archive.emails_in_document(document_id):
            out[email.id] = (filename, email.start_page, email.end_page, email.ordinal)
    return out


def evaluate(home: Path, *, seed: int = SEED) -> dict[str, Any]:
    """Run the whole test set against an archive holding the sample; figures and every miss."""
    truth = json.loads((SAMPLE / "truth.json").read_text())
    cases = build_cases(truth, random.Random(seed))
    with Archive.open(home, readonly=True) as archive:
        matcher = QuoteMatcher(archive.quote_sources(truth["release"]))
        stored = _positions(archive, truth["release"])
        starts = {(f, s, o) for f, s, _e, o in stored.values()}
        outcomes = []
        started = time.perf_counter()
        for case in cases:
            quotes = find_quotes([Block("paragraph", case.article)])
            text = quotes[0].text if len(quotes) == 1 else case.quote
            found = matcher.match(text)
            right = False
            if found.email_id and case.truth:
                file, start, _end, ordinal = stored[found.email_id]
                for index in case.truth:
                    entry = truth["emails"][index]
                    if (entry["file"], entry["start_page"], entry["ordinal"]) == (file, start, ordinal):
                        right = True
                    elif ((entry["file"], entry["start_page"], entry["ordinal"]) not in starts
                          and entry["file"] == file and entry["start_page"] <= (found.page or 0) <= entry["end_page"]):
                        right = True  # ingest did not split this email out; the covering one is right
            outcomes.append(Outcome(case, found.email_id, found.score, found.method, right))
        elapsed = time.perf_counter() - started
    return report(outcomes, elapsed)


def report(outcomes: list[Outcome], elapsed: float) -> dict[str, Any]:
    linked = [o for o in outcomes if o.email_id]
    right = [o for o in linked if o.right]
    present = [o for o in outcomes if o.case.truth]
    kinds: dict[str, dict[str, int]] = {}
    for o in outcomes:
        row = kinds.setdefault(o.case.kind, {"cases": 0, "linked": 0, "right": 0})
        row["cases"] += 1
        row["linked"] += bool(o.email_id)
        row["right"] += o.right
    return {
        "cases": len(outcomes), "present": len(present), "linked": len(linked), "right": len(right),
        "precision": len(right) / len(linked) if linked else 1.0,
        "recall": len(right) / len(present) if present else 0.0,
        "by_kind": kinds, "seconds": round(elapsed, 2),
        "wrong": [(o.case.kind, o.case.quote, o.email_id, o.score) for o in linked if not o.right],
        "missed": [(o.case.kind, o.case.quote, o.score) for o in present if not o.email_id],
    }


def _ingest_sample(home: Path) -> None:
    from ingest.batch import read_release_json
    from ingest.pipeline import Ingest

    release = read_release_json(SAMPLE / "release.json")
    with Archive.open(home) as archive, archive.writing():
        archive.save_release(release)
        Ingest(archive, release.slug).run([SAMPLE])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="an archive holding the dea-microsoft sample")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        home = args.home
        if home is None:
            home = Path(scratch) / "archive"
            print("ingesting samples/dea-microsoft into a scratch archive (OCR: about a minute)...",
                  file=sys.stderr)
            _ingest_sample(home)
        result = evaluate(home, seed=args.seed)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print(f"{result['cases']} quotes ({result['present']} in the records), matched in {result['seconds']}s")
    for kind, row in result["by_kind"].items():
        print(f"  {kind:7} {row['cases']:3} quotes, {row['linked']:3} linked, {row['right']:3} right")
    print(f"precision {result['precision']:.3f} (target {TARGET_PRECISION}), "
          f"recall {result['recall']:.3f} (target {TARGET_RECALL})")
    for kind, quote, email_id, score in result["wrong"]:
        print(f"  WRONG {kind}: {quote[:80]!r} -> {email_id} ({score:.2f})")
    for kind, quote, score in result["missed"]:
        print(f"  missed {kind}: {quote[:80]!r} (best {score:.2f})")


if __name__ == "__main__":
    main()
