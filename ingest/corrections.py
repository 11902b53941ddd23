"""People's corrections, the parts that need ingest: reading what a person typed with the
header parsers the machine uses, and splitting a stored document again with their decisions.

A structure correction (split, merge, not an email, an email begins here) re-splits the
document from its stored page texts (no OCR again), and the correction is stored with the
new emails in one transaction (``Archive.add_document``): either both are in the archive or
neither is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from archive import Archive, ArchiveError, Document
from archive.corrections import CERTAINTIES, FIELD_NAMES, FIELDS, Correction, party_value
from archive.dates import MONTH_NAMES
from archive.exemptions import canonical_exemption
from archive.invisible import remove_invisible
from archive.model import DocumentRecord

from .headers import normalize_subject, parse_date, parse_parties
from .marks import exemption_spans
from .pipeline import reread
from .release_names import ReleaseNames

# a date typed as the form shows one, year first ("2018-11-13 15:45", "2018-11-13 15:45:00-05:00",
# "2018-11-13 15:45 -05:00"):
# the person's reading of the date, not the page's words
_YEAR_FIRST = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:\s?(?:Z|[+-]\d{2}:?\d{2}))?")
_OFFSET = re.compile(r"[+-]\d{2}:?\d{2}$")  # an offset typed after a time, as ISO writes it
MAX_VALUE = 2000  # characters of one typed field: a long recipient list fits, a pasted page does not
_CODES = re.compile(r"[;,\n]+")


def value_text(name: str, value: Any) -> str:
    """A stored field value as a person reads and types it (the correction form's text)."""
    if name == "sender":
        return _party_text(value) if value else ""
    if name in ("to", "cc"):
        return "; ".join(_party_text(p) for p in value or ())
    if name == "date":  # as a person typed it printed, else year first
        date = value or {}
        return str(date.get("printed") or str(date.get("sent") or "").replace("T", " "))
    if name == "subject":
        return str((value or {}).get("subject", ""))
    return ", ".join(value or ())


def _party_text(party: Mapping[str, Any]) -> str:
    name, address = party.get("name", ""), party.get("address", "")
    text = f"{name} <{address}>" if name and address else name or address
    return " ".join(filter(None, (text, *party.get("redactions", ()))))


_LABELS = {**FIELD_NAMES, "certainty": "How sure"}


def _typed(text: Any) -> str:
    """A form's text as read: nothing invisible kept (as text from a PDF), spaces folded."""
    return " ".join(remove_invisible(str(text)[:MAX_VALUE]).split())


def _now_reads(name: str, shown: Mapping[str, Any]) -> str:
    if name == "certainty":
        return str((shown.get("date") or {}).get("certainty", ""))
    return _typed(value_text(name, shown.get(name)))


def _opened(form: Mapping[str, str], name: str, shown: Mapping[str, Any]) -> str:
    """What the form showed of a field when it was drawn (its ``was-<field>`` input), else what
    the field reads now (a form sent without them: a script's)."""
    key = f"was-{name}"
    return _typed(form[key]) if key in form else _now_reads(name, shown)


def changed_since_shown(form: Mapping[str, str], *, shown: Mapping[str, Any]) -> None:
    """Refuse a form drawn before someone else changed a field it showed: marking an email
    checked from it confirms values the person never saw. ArchiveError names the field."""
    changed = [f"{_LABELS[name]} now reads {_now_reads(name, shown)[:80]!r}" for name in (*FIELDS, "certainty")
               if f"was-{name}" in form and _opened(form, name, shown) != _now_reads(name, shown)]
    if changed:
        raise ArchiveError(f"fields were changed since you opened this page ({'; '.join(changed)}); nothing was "
                           "saved: reload the page and look at them again")


def read_fields(form: Mapping[str, str], *, shown: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a person changed, as stored values (archive/corrections.py), from what they
    typed: "Name <address>" parties separated by semicolons, a date as printed or as ISO with its
    certainty, a subject, exemption codes separated by commas. A field whose text is left as the
    form showed it (``was-<field>``) is left out, whatever it reads now: a form drawn before
    someone else's correction does not undo it. A field changed here that someone else changed
    since the form was drawn is refused (their correction would be lost unseen). A date keeps the
    words typed as printed (``printed``: what citations quote of it), none when typed year first
    (2018-11-13 15:45, as the form shows the machine's date). ArchiveError names a field that
    cannot be read and says what to type."""
    values: dict[str, Any] = {}
    for name in FIELDS:
        if name not in form:
            continue
        # what a person types or pastes is read as text from a PDF is: nothing invisible kept
        text = _typed(form[name])
        unchanged = text == _opened(form, name, shown)
        if name == "date" and unchanged:
            certainty = str(form.get("certainty", ""))
            if certainty and certainty != _opened(form, "certainty", shown):
                _refuse_over_another(form, ("date", "certainty"), shown)
                values["date"] = _read("date", text, form, shown) if text else {"sent": None, "certainty": "missing",
                                                                         "printed": ""}
            continue
        if unchanged:
            continue
        _refuse_over_another(form, (name, "certainty") if name == "date" else (name,), shown)
        value = _read(name, text, form, shown)
        if value != shown.get(name):
            values[name] = value
    return values


def _refuse_over_another(form: Mapping[str, str], names: tuple[str, ...], shown: Mapping[str, Any]) -> None:
    for name in names:
        if _opened(form, name, shown) != _now_reads(name, shown):
            raise ArchiveError(f"{_LABELS[name]} was changed by someone else since you opened this page (it now reads "
                               f"{_now_reads(name, shown)[:80]!r}); nothing was saved: reload the page to see it, and "
                               "correct it again if need be")


_NOT_WORDS = frozenset({"mailto", "smtp", "redacted", "withheld"})  # (a scheme; a tool's word for a box)


def _words_of(text: str) -> set[str]:
    """The words of typed parties (exemption codes left out: "b6" is kept as "(b)(6)")."""
    for start, end, _ in reversed(exemption_spans(text)):
        text = f"{text[:start]} {text[end:]}"
    return set(re.findall(r"[^\W_]+", text.casefold())) - _NOT_WORDS


def _all_kept(name: str, text: str, value: Any) -> None:
    """Refuse typed parties whose reading left words out ("Kevin <b>Marsh</b> <k@x.gov>" was kept
    as "Kevin", no address, with nothing said): what is kept is what the person typed."""
    if "/o=" in text.casefold():  # an Exchange address as printed (/O=…/CN=JROE): read as its last CN
        return
    lost = sorted(_words_of(text) - _words_of(value_text(name, value)))
    if lost:
        raise ArchiveError(f"{FIELD_NAMES[name]}: {text[:80]!r} reads as {value_text(name, value)[:80]!r}, without "
                           f"{', '.join(lost[:5])!r}; type people as Name <address>, separated by semicolons")


def _zone_of(date: Any) -> str:
    """The offset of a shown date's time ("-04:00"), "" for none (or no time)."""
    sent = str(date.get("sent") or "") if isinstance(date, Mapping) else ""
    found = _OFFSET.search(sent) if "T" in sent else None
    return found.group(0) if found else ""


def _read(name: str, text: str, form: Mapping[str, str], shown: Mapping[str, Any]) -> Any:
    if name == "sender":
        parties = parse_parties(text)
        if len(parties) > 1:
            raise ArchiveError(f"From: {text[:80]!r} names {len(parties)} people; an email has one sender")
        sender = party_value(parties[0]) if parties else None
        _all_kept(name, text, sender)
        return sender
    if name in ("to", "cc"):
        parties = parse_parties(text)
        for party in parties:
            if _reads_as_several(party.name):
                raise ArchiveError(f"{name.capitalize()}: {party.name[:80]!r} reads as one person; separate "
                                   "people with semicolons (Doe, John; Roe, Jane)")
        listed = [party_value(p) for p in parties]
        _all_kept(name, text, listed)
        return listed
    if name == "date":
        return _read_date(text, str(form.get("certainty", "exact")), zone=_zone_of(shown.get("date")))
    if name == "subject":
        return {"subject": text, "normalized": normalize_subject(text)}
    codes = []
    for piece in _CODES.split(text):
        if piece.strip():
            code = canonical_exemption(piece.strip())
            if code is None:
                raise ArchiveError(f"exemption code {piece.strip()[:40]!r} is not one that can be read; "
                                   "type codes as (b)(6), b7C or 7(1)(c), separated by commas")
            codes.append(code)
    return sorted(set(codes))


_NAME_SUFFIX = re.compile(r"(?:Jr|Sr|II|III|IV|Esq|PhD|Ph\.D|MD|M\.D)\.?", re.IGNORECASE)


def _read_date(text: str, certainty: str, zone: str = "") -> dict[str, Any]:
    """A date typed for Sent: and how sure of it the person is, as stored (ArchiveError saying
    what to type where it cannot be kept). A time typed without a zone is in ``zone``, the one the
    date shown had (the page's: a person corrects the day or time as printed, not its zone)."""
    if certainty not in CERTAINTIES:
        raise ArchiveError(f"date certainty {certainty[:20]!r}: choose one of {', '.join(CERTAINTIES)}")
    if not text:
        return {"sent": None, "certainty": "missing", "printed": ""}
    if certainty == "missing":  # (a date kept "missing" was stored as read for sure, cited so)
        raise ArchiveError(f"How sure: “missing” says the email prints no date, but Sent: reads "
                           f"{text[:80]!r}; clear the date to say it prints none, or choose how sure it is")
    parsed = parse_date(text)
    if parsed.iso is None:
        raise ArchiveError(f"Sent: {text[:80]!r} is not a date that can be read; type it as "
                           "2018-11-13 15:45 or as printed (Tuesday, November 13, 2018 3:45 PM)")
    if parsed.certainty == "ambiguous" and certainty == "exact":
        # said to be sure, typed so it reads either way round: never kept on a guess of the order
        year, month, day = (int(part) for part in parsed.iso[:10].split("-"))
        raise ArchiveError(f"Sent: {text[:80]!r} reads as {MONTH_NAMES[month - 1]} {day} or "
                           f"{MONTH_NAMES[day - 1]} {month}, {year}; type it year first "
                           f"({year}-{month:02d}-{day:02d} or {year}-{day:02d}-{month:02d}), or choose "
                           "“ambiguous” under How sure to keep it in doubt")
    if parsed.certainty == "damaged" and certainty == "exact" or _OFFSET.search(text) and not _OFFSET.search(parsed.iso):
        # a time or offset that cannot be (11:75, 25:61, +99:00) was dropped: never kept as sure
        raise ArchiveError(f"Sent: {text[:80]!r} has a time or zone that cannot be read as one; type it as "
                           "2018-11-13 15:45 (or -05:00 after it), leave the time out, or choose “damaged” "
                           "under How sure to keep it as a date in doubt")
    sent = parsed.iso
    if zone and "T" in sent and not _OFFSET.search(sent) and not sent.endswith("Z"):
        sent += zone
    return {"sent": sent, "certainty": certainty, "printed": "" if _YEAR_FIRST.fullmatch(text) else text}


def _reads_as_several(name: str) -> bool:
    """A typed party of three comma pieces or more, none a suffix ("Doe, John, Roe, Jane"): people
    separated by commas where the form asks for semicolons ("Smith, John, Jr." is one)."""
    pieces = [piece.strip() for piece in name.split(",")]
    return len(pieces) >= 3 and not any(_NAME_SUFFIX.fullmatch(piece) for piece in pieces[2:])


def machine_reading(archive: Archive, document: Document, release: ReleaseNames | None = None) -> DocumentRecord:
    """What the machine reads in a stored document today, without people's corrections (its
    stored page texts split and parsed again: the splitter and parsers as they are now, with what
    its ``release`` prints, learned from the archive when not given)."""
    return reread(archive, document, release=release or ReleaseNames.of(archive, document.release))


def resplit(archive: Archive, document: Document, correction: Correction | None = None) -> Document:
    """Split a stored document again from its stored page texts, with people's structure
    corrections (and ``correction``, stored with the new emails in one transaction); the
    search index is updated. Hold the archive's writer lock (``Archive.writing``)."""
    record = reread(archive, document, structure=archive.structure(document.sha256, correction),
                    release=ReleaseNames.of(archive, document.release))
    return archive.add_document(document.release, record, archive.original(document),
                                duplicate_of=document.duplicate_of, correction=correction)
