"""A synthetic, reproducible email corpus for the search benchmarks (generated, never committed).

Emails have Zipf-distributed vocabulary (a few very common words, a long tail of
rare ones and OCR-like noise), recurring two-word phrases, senders and recipients
from a pool of people, dates over five years, exemption codes, Bates-stamped
pages, and quoted copies inside replies. Documents of ``EMAILS_PER_DOCUMENT``
emails are stored through the real ``Store.add_document`` path.

    python -m benchmarks.corpus HOME 10000      # build an archive of 10k emails at HOME
"""

from __future__ import annotations

import hashlib
import itertools
import random
import string
import sys
from collections.abc import Iterator
from pathlib import Path

from archive import Archive, Party, Release
from archive.model import DocumentRecord, EmailRecord, PageRecord

EMAILS_PER_DOCUMENT = 50
RELEASES = ("dea-msft", "fbi-facial", "cpd-drones")
COMMON = ("the to of and a in that is for on with as this be at by we from have are it not our "
          "will or you your please can has was an about would if but they all meeting any these "
          "which there been more also their into its may other time should thanks information").split()
TOPIC = ("recognition facial software microsoft agency contract surveillance camera database "
         "request records privacy analysis report review program pilot vendor license data "
         "images system officer investigation warrant policy draft legal counsel budget "
         "training deployment evaluation accuracy match matches matching searches searched "
         "identify identified identification drone drones aircraft flight footage").split()
PHRASES = ("facial recognition", "privacy impact assessment", "memorandum of understanding",
           "law enforcement", "body worn camera", "non disclosure agreement", "field office",
           "press inquiry", "statement of work", "pilot program", "public records request",
           "cloud services", "azure government", "rekognition demo", "task force")
FIRST = ("james mary robert patricia john jennifer michael linda david elizabeth william barbara "
         "richard susan joseph jessica thomas sarah charles karen daniel nancy matthew lisa").split()
LAST = ("smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez "
        "gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white").split()
DOMAINS = ("dea.gov", "usdoj.gov", "microsoft.com", "fbi.gov", "cityofchicago.org", "amazon.com")
EXEMPTIONS = ("(b)(5)", "(b)(6)", "(b)(7)(C)", "(b)(7)(E)", "(b)(4)")


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        length = rng.choice((4, 5, 6, 7, 7, 8, 8, 9, 10, 11, 12))
        words.add("".join(rng.choice("bcdfghklmnprstvwz") + rng.choice("aeiou") for _ in range(length // 2)))
    return sorted(words)


class CorpusGenerator:
    """Deterministic for a given seed: the same corpus on every machine."""

    def __init__(self, seed: int = 7, vocabulary: int = 30000) -> None:
        self.rng = random.Random(seed)
        tail = _vocabulary(self.rng, vocabulary)
        self.words = COMMON + TOPIC + tail
        # Zipf-like weights: rank r gets 1 / (r + 2)
        self.weights = list(itertools.accumulate(1.0 / (r + 2) for r in range(len(self.words))))
        self.people = [Party(f"{f.title()} {last.title()}", f"{f[0]}{last}@{self.rng.choice(DOMAINS)}")
                       for f in FIRST for last in LAST]
        self.rng.shuffle(self.people)
        self.people = self.people[:400]

    def text(self, words: int) -> str:
        rng = self.rng
        out = rng.choices(self.words, cum_weights=self.weights, k=words)
        for _ in range(max(1, words // 60)):
            out.insert(rng.randrange(len(out) + 1), rng.choice(PHRASES))
        if rng.random() < 0.1:  # OCR noise
            i = rng.randrange(len(out))
            out[i] = out[i][:2] + rng.choice(string.ascii_lowercase) + out[i][3:]
        lines, line = [], []
        for i, w in enumerate(out, 1):
            line.append(w)
            if len(line) >= 12:
                lines.append(" ".join(line).capitalize() + ("." if i % 3 == 0 else ""))
                line = []
                if rng.random() < 0.15:
                    lines.append("")
        lines.append(" ".join(line))
        return "\n".join(lines)

    def email(self, page: int, ordinal: int, bates: str, *, quoted: bool = False,
              parent: int | None = None) -> EmailRecord:
        rng = self.rng
        length = int(rng.lognormvariate(5.0, 0.6))  # median ~150 words, a long tail
        year = rng.choice((2015, 2016, 2017, 2018, 2018, 2019, 2019, 2020))
        sent = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(7, 19):02d}:{rng.randint(0, 59):02d}:00"
        undated = rng.random() < 0.02
        subject = " ".join(rng.choices(TOPIC, k=rng.randint(2, 5))).capitalize()
        exemptions = tuple(sorted(set(rng.sample(EXEMPTIONS, k=rng.choice((0, 0, 1, 1, 2))))))
        return EmailRecord(
            start_page=page, start_line=ordinal * 20, end_page=page + (1 if length > 300 else 0),
            end_line=40, ordinal=ordinal, kind="email", quoted=quoted, parent=parent,
            sender=rng.choice(self.people), to=tuple(rng.sample(self.people, k=rng.randint(1, 3))),
            cc=tuple(rng.sample(self.people, k=rng.choice((0, 0, 1, 2)))), bcc=(),
            sent=None if undated else sent, sent_raw="" if undated else sent,
            date_certainty="missing" if undated else "exact", subject=subject,
            normalized_subject=subject.lower(), body=self.text(length), exemptions=exemptions,
            attachments=(), bates_start=bates, bates_end=bates,
        )

    def document(self, number: int, release: str) -> DocumentRecord:
        prefix = release.upper()
        emails: list[EmailRecord] = []
        page = 1
        while len(emails) < EMAILS_PER_DOCUMENT:
            bates = f"{prefix}-{number * 1000 + page:07d}"
            emails.append(self.email(page, 0, bates))
            if self.rng.random() < 0.15 and len(emails) < EMAILS_PER_DOCUMENT:
                emails.append(self.email(page, 1, bates, quoted=True, parent=len(emails) - 1))
            page = max(e.end_page for e in emails[-2:]) + 1  # a quoted copy may end before its reply
        pages = tuple(
            PageRecord(number=n, text=f"page {n} of document {number}\n{prefix}-{number * 1000 + n:07d}",
                       source="text-layer", ocr_confidence=None, bates=f"{prefix}-{number * 1000 + n:07d}",
                       exemptions=(), kind="email", fingerprint=f"{number}-{n}")
            for n in range(1, page)
        )
        sha = hashlib.sha256(f"synthetic-{release}-{number}".encode()).hexdigest()
        return DocumentRecord(sha256=sha, filename=f"{release}-{number:05d}.pdf", size=1000, pages=pages,
                              emails=tuple(emails), fingerprint=sha[:16])

    def documents(self, emails: int) -> Iterator[tuple[str, DocumentRecord]]:
        for number in range(max(1, emails // EMAILS_PER_DOCUMENT)):
            release = RELEASES[number % len(RELEASES)]
            yield release, self.document(number, release)


def build_store(home: Path, emails: int, seed: int = 7) -> int:
    """Store a corpus of about ``emails`` emails (no index); returns the number of documents."""
    generator = CorpusGenerator(seed)
    count = 0
    with Archive.open(home) as archive:
        for slug in RELEASES:
            archive.save_release(Release(slug=slug, title=f"Synthetic release {slug}"))
        for release, record in generator.documents(emails):
            archive.store.add_document(release, record)  # synthetic: no original PDF to keep
            count += 1
    return count


if __name__ == "__main__":
    build_store(Path(sys.argv[1]), int(sys.argv[2]))
