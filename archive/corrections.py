"""People's corrections: a layer over the machine's reading that is never lost.

A correction is an append-only record keyed to a position in the original file (the
document's SHA-256, a page and a line of that page's text: the first line of an email's
header block) and to the email id it was given for: a person's values follow that email while
it holds its id (``placed``), and stay at their line where no email does. It says who set what
and when, and what the machine had read there at that moment.

    fields     a person's values for some of an email's fields (sender, to, cc, date,
               subject, exemptions); a date is ``{"sent", "certainty", "printed"}``, ``printed``
               what the person says the page prints ("" when they typed the date year first;
               records stored before it was kept have none and read as "": see ``person_values``)
    checked    a person confirmed every field as shown (their values, the machine's then)
    split      a top-level email begins at this line (the machine had run two emails together)
    email      the same, on pages the machine had taken for no email at all
    merge      the header block at this line is not a new email: it belongs to the one before
    not-email  the span beginning at this line is not an email (a letter, a memo, a slip sheet)
    restore    a person's split or "email" at this line withdrawn: the machine's reading stands
               there again (a quoted copy made an email of its own is a quoted copy again, with
               its id; lines split off an email are that email's again)

Field values are applied over the machine's where emails are written (``Store.add_document``);
structure corrections where emails are split (``ingest.split``, given a :class:`Structure`). A
later record supersedes an earlier one at the same position (per field). When the machine's
present reading of a field differs from what it had read when the person set it, the person's
value stands and the field is a *disagreement*, listed for review.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

FIELDS = ("sender", "to", "cc", "date", "subject", "exemptions")
FIELD_NAMES = {"sender": "From", "to": "To", "cc": "Cc", "date": "Sent", "subject": "Subject",
               "exemptions": "Exemption codes", "header": "Header", "boundary": "Where it begins"}
DOUBT_FIELDS = (*FIELDS, "boundary")  # what the review queue filters on
CERTAINTIES = ("exact", "ambiguous", "damaged", "missing")
VALUE_ACTIONS = ("fields", "checked")
STRUCTURE_ACTIONS = ("split", "email", "merge", "not-email", "restore")
BEGUN_BY_PEOPLE = ("split", "email")  # the structure corrections that begin an email (``restore`` undoes them)
NOT_EMAIL_KINDS = ("memo", "cover-letter", "slip-sheet", "other")
KIND_NAMES = {"memo": "memo", "cover-letter": "letter", "slip-sheet": "slip sheet", "other": "not an email"}

Position = tuple[int, int]  # (page, line): 1-based page, 0-based line of the page's text


@dataclass(frozen=True)
class Correction:
    """One record of the corrections table."""

    id: int
    at: str
    actor: str
    document_id: str
    document_sha256: str
    page: int
    line: int
    action: str
    email_id: str  # the email's id when the person acted (for the reader; positions are the key)
    value: Mapping[str, Any] = field(default_factory=dict)  # fields: field -> value; not-email: {"kind"}
    machine: Mapping[str, Any] = field(default_factory=dict)  # field -> the machine's value then

    @property
    def position(self) -> Position:
        return self.page, self.line


@dataclass(frozen=True)
class CitedAs:
    """What an email's citation said from ``since`` on (UTC; "" for a reading older than the
    archive's record of them): its head and pinpoint (``cite.email_named``) and its subject, and
    why it changed then: "ingested", "read again" (the archive's splitter read the document
    again) or "corrected" (a person's correction)."""

    since: str
    cause: str
    cited: str
    subject: str


@dataclass(frozen=True)
class Retirement:
    """Why a retired email id leads to the email now covering its place: where its header block
    began, what it named (as recorded when a person's correction retired it; "" for one retired
    before that was recorded), and that correction (``action`` and ``at``; "" for none: the
    archive's splitter read the document again)."""

    email_id: str
    document_id: str
    filename: str
    page: int
    bates: str  # the stamp of the page its header block began on ("" unstamped)
    named: str = ""
    action: str = ""
    at: str = ""


@dataclass(frozen=True)
class PersonValue:
    """A field's value as a person set it (or confirmed it), with what the machine had read."""

    field: str
    value: Any
    machine_then: Any
    actor: str
    at: str
    checked_only: bool  # confirmed as shown, not typed


@dataclass(frozen=True)
class Structure:
    """What people decided about where a document's emails begin, by (page, line)."""

    starts: frozenset[Position] = frozenset()  # a top-level email begins here
    joins: frozenset[Position] = frozenset()  # the header here continues the email before
    not_email: tuple[tuple[Position, str], ...] = ()  # the span beginning here is this kind

    def kind_at(self, position: Position) -> str | None:
        return dict(self.not_email).get(position)


def same(a: Any, b: Any) -> bool:
    """Two field values compared as read (JSON, keys sorted): a date's ``printed`` words, a
    person's transcription of the page, are left out (the machine's reading of the date is its
    ISO value and certainty, so its printed words neither make a person's date a correction nor
    a disagreement, nor are scored by `foia eval`)."""
    return canonical(_as_read(a)) == canonical(_as_read(b))


def same_moment(read: str, given: str) -> bool:
    """Whether two ISO dates name one moment: as written, or both with zones and equal (a person
    who typed the page's "23:30 -0500" as "04:30 UTC" the next day read the page's date again)."""
    if read == given:
        return True
    try:
        first, second = datetime.fromisoformat(read), datetime.fromisoformat(given)
    except ValueError:
        return False
    return first.tzinfo is not None and second.tzinfo is not None and first == second


# What every copy of a message prints alike (exemptions are each release's own withholding).
COPIED_FIELDS = ("sender", "to", "cc", "date", "subject")


def corrected_on_copy(here: Mapping[str, Any], theirs: Mapping[str, Any], *, here_gave: Iterable[str],
                      theirs_gave: Iterable[str], disputed: bool = False) -> tuple[str, ...]:
    """The fields a person gave on another copy of a message (``theirs``, its values as shown;
    ``theirs_gave``: the fields people gave there) that this copy (``here``) reads otherwise, no
    person having set them here: a correction stays with the printing it was made on, and these
    are what to look at again on this one. Left out, as no misreading of this page: a field
    either copy withholds (a party or subject with a redaction: releases withhold differently),
    one this copy does not print (an empty subject under a short quoted header), and one the
    other copy prints less of (a sender without the address this copy prints, fewer recipients,
    a day without the time, a time without the zone this one prints, or the other way round).
    With ``disputed``: the fields people gave on both copies that read otherwise (two people's
    readings of one message disagree: neither stands over the other)."""
    mine = set(here_gave)
    found = []
    for name in COPIED_FIELDS:
        ours, other = here.get(name), theirs.get(name)
        if name not in theirs_gave or (name in mine) != disputed or _withholds(ours) or _withholds(other):
            continue
        if name == "date":
            if _dates_differ((ours or {}).get("sent") or "", (other or {}).get("sent") or ""):
                found.append(name)
        elif _printed(ours) and not _prints_less(other, ours) and _loosely(ours) != _loosely(other):
            found.append(name)
    return tuple(found)


# A value's mark of words withheld: a code ("(b)(6)", "b6", "7(1)(c)") or a tool's word for a box.
_WITHHELD = re.compile(r"\(\s?b\s?\)|\bb\s?[1-9]\b|\b\d\(\d\)\([a-z]{1,2}\)|redacted|withheld", re.IGNORECASE)


def _withholds(value: Any) -> bool:
    """A party (or a list of them) with a redaction, or any value printing a withholding's mark."""
    parties = value if isinstance(value, list) else [value] if isinstance(value, Mapping) else []
    if any(party.get("redactions") for party in parties if isinstance(party, Mapping)):
        return True
    return _WITHHELD.search(canonical(value)) is not None


def _printed(value: Any) -> bool:
    if isinstance(value, Mapping) and "normalized" in value:
        return bool(str(value.get("subject", "")).strip())
    return bool(value)


def _prints_less(theirs: Any, ours: Any) -> bool:
    """Whether the other copy's parties print less than this one's: fewer people, or fewer of
    their names or addresses (a quoted copy's "On …, Jane Roe wrote:" names no address)."""
    if not isinstance(ours, (list, Mapping)):
        return False
    mine = ours if isinstance(ours, list) else [ours]
    other = theirs if isinstance(theirs, list) else [theirs] if isinstance(theirs, Mapping) else []
    return any(sum(1 for p in other if isinstance(p, Mapping) and p.get(part)) <
               sum(1 for p in mine if isinstance(p, Mapping) and p.get(part)) for part in ("name", "address")) \
        or len(other) < len(mine)


def _dates_differ(ours: str, theirs: str) -> bool:
    """Whether two copies' dates name other moments, both printing as much (a time, a zone)."""
    if not ours or not theirs or ("T" in ours) != ("T" in theirs):
        return False
    try:
        mine, other = datetime.fromisoformat(ours), datetime.fromisoformat(theirs)
    except ValueError:
        return ours != theirs
    if (mine.tzinfo is None) != (other.tzinfo is None):
        return False  # one prints its zone, the other not: no telling the moment
    return mine != other


def _loosely(value: Any) -> str:
    """A value as compared across copies: case and spacing aside (a subject's normalized form too)."""
    if isinstance(value, Mapping) and "normalized" in value:
        value = value.get("subject", "")
    return " ".join(canonical(value).casefold().split())


def _as_read(value: Any) -> Any:
    if isinstance(value, Mapping) and "sent" in value and "printed" in value:
        return {name: part for name, part in value.items() if name != "printed"}
    return value


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def person_values(corrections: Iterable[Correction]) -> dict[str, PersonValue]:
    """Each field's latest value set or confirmed by a person (``corrections`` in the order written).
    A date a person typed before their printed words were kept reads with none ("printed": ""):
    what they typed is not known, and the machine's reading of the page is not theirs."""
    found: dict[str, PersonValue] = {}
    for correction in corrections:
        if correction.action not in VALUE_ACTIONS:
            continue
        for name, value in correction.value.items():
            if name == "date" and correction.action == "fields" and isinstance(value, Mapping) \
                    and "printed" not in value:
                value = {**value, "printed": ""}
            if name in FIELDS:
                found[name] = PersonValue(name, value, correction.machine.get(name), correction.actor,
                                          correction.at, correction.action == "checked")
    return found


def placed(corrections: Iterable[Correction], holding: Mapping[str, Position]) -> list[Correction]:
    """Each correction at the position it applies at in the document's present reading
    (``holding``: every email's id -> where its header block begins now). A person's values
    (``fields``, ``checked``) follow the email they were given for while it holds its id, wherever
    its header begins now (read again lines lower or higher: ids are kept by the header read,
    ``Store._ordinals_kept``; the email now at their line may be another message); where no email
    holds it they stay at their line. The rest stay where they were made (structure is decided by
    line; values at a line no email begins at, their email gone, are listed for review)."""
    return [replace(c, page=holding[c.email_id][0], line=holding[c.email_id][1])
            if c.action in VALUE_ACTIONS and c.email_id in holding else c for c in corrections]


def disagreements(people: Mapping[str, PersonValue], machine_now: Mapping[str, Any]) -> list[str]:
    """Fields whose machine reading changed since a person set them: the person's value stands."""
    return [name for name, set_ in people.items() if not same(set_.machine_then, machine_now.get(name))]


def structure(corrections: Iterable[Correction]) -> Structure:
    """The latest structure decision at each position (a later one supersedes: an "email" after
    a "not-email" at the same line undoes it, a "restore" leaves the machine's reading there);
    ``corrections`` in the order written, one not yet stored last."""
    latest: dict[Position, Correction] = {}
    for correction in corrections:
        if correction.action in STRUCTURE_ACTIONS:
            latest[correction.position] = correction
    return Structure(
        starts=frozenset(p for p, c in latest.items() if c.action in BEGUN_BY_PEOPLE),
        joins=frozenset(p for p, c in latest.items() if c.action == "merge"),
        not_email=tuple(sorted((p, str(c.value.get("kind", "other"))) for p, c in latest.items()
                               if c.action == "not-email")),
    )


@dataclass(frozen=True)
class Doubt:
    """Why the machine may have read a field wrong: an honest signal it recorded, not a score."""

    field: str  # a FIELDS name, or "header" (every header field) or "boundary"
    reason: str
    weight: int  # orders the review queue: 3 likely wrong, 2 worth a look, 1 read from a scan


# What ingest records it was unsure of (EmailRecord.doubts): (field, reason, weight).
DOUBT_CODES = {
    "repaired:sender": ("sender", "OCR misread it; read again as the document prints it elsewhere", 2),
    "repaired:to": ("to", "OCR misread it; read again as the document prints it elsewhere", 2),
    "repaired:cc": ("cc", "OCR misread it; read again as the document prints it elsewhere", 2),
    "repaired:subject": ("subject", "OCR misread it; read as the document prints it elsewhere", 2),
    "release:sender": ("sender", "OCR misread it; read as other documents of the release print it", 2),
    "release:to": ("to", "OCR misread a name or address; read as other documents of the release print it", 2),
    "release:cc": ("cc", "OCR misread a name or address; read as other documents of the release print it", 2),
    "release:subject": ("subject", "OCR misread it; read as other documents of the release print it", 2),
    "address-damaged:sender": ("sender", "OCR damaged the address printed with the name past reading; shown "
                               "without it", 2),
    "dated-from:reply": ("date", "its month or year was lost; read from the rest of it and the reply quoting it", 2),
    "dated-from:quoted": ("date", "its year was lost; read from its weekday and the messages it quotes", 2),
    "dated-from:copy": ("date", "its date could not be read; taken from other printings of the message", 2),
    "dated-from:document-dates": ("date", "day and month could be swapped; read in the order the same mailer "
                                  "prints them elsewhere in the document", 2),
    "dated-from:thread-order": ("date", "day and month could be swapped; read in the only order the thread "
                                "allows (a reply is not older than what it quotes)", 2),
    "dated-from:weekday": ("date", "a digit was misread (the date did not fall on its printed weekday); read as "
                           "the one date that changes fewest digits to fall on it", 2),
    "boundary:unmarked-header": ("boundary", "a header with no separator line above it was taken for a "
                                 "quoted copy; it may be an email of its own", 2),
}


def doubts(*, certainty: str, has_sender: bool, has_recipients: bool, scanned: bool,
           ocr_confidence: float | None, recorded: Iterable[str] = (),
           set_by_people: Iterable[str] = ()) -> list[Doubt]:
    """What the machine knows about how sure it is of an email (fields people set left out)."""
    found = [Doubt(*DOUBT_CODES[code]) for code in dict.fromkeys(recorded) if code in DOUBT_CODES]
    if certainty in ("damaged", "missing"):
        found.append(Doubt("date", "no date could be read" if certainty == "missing" else
                           "the printed date is damaged", 3))
    elif certainty == "ambiguous":
        found.append(Doubt("date", "the printed date is ambiguous (day and month could be swapped)", 2))
    if not has_sender:
        found.append(Doubt("sender", "no sender could be read", 3))
    if not has_recipients:
        found.append(Doubt("to", "no recipient could be read", 2))
    if ocr_confidence is not None and ocr_confidence < 80:
        found.append(Doubt("header", f"the page was read by OCR with mean confidence {ocr_confidence:.0f} of 100", 2))
    elif scanned:
        found.append(Doubt("header", "the page was read from a scan", 1))
    people = set(set_by_people)
    return [d for d in found if d.field not in people]


@dataclass(frozen=True)
class EmailReview:
    """What people did to one email: their values, the machine's reading, what disagrees."""

    people: Mapping[str, PersonValue]
    machine: Mapping[str, Any]  # field -> the machine's present reading, for the fields people set
    disagreements: tuple[str, ...]
    history: tuple[Correction, ...]  # every record at its position, oldest first
    doubts: tuple[Doubt, ...]
    # the structure corrections inside it or at the line after it (a merge that gave it lines, a
    # split that cut it short), each with the id of the email beginning there now ("" for none)
    bounds: tuple[tuple[Correction, str], ...] = ()

    @property
    def checked(self) -> Correction | None:
        """The latest "checked" record, if a person checked the email."""
        return next((c for c in reversed(self.history) if c.action == "checked"), None)

    @property
    def begun(self) -> Correction | None:
        """The split (or "email") that has this email begin where it does, if a person's decision
        does (a later "restore" at its line would undo it): what a restore withdraws."""
        latest = next((c for c in reversed(self.history) if c.action in STRUCTURE_ACTIONS), None)
        return latest if latest is not None and latest.action in BEGUN_BY_PEOPLE else None

    def corrected(self, name: str) -> bool:
        """Did a person set this field to a value other than the machine's present reading?"""
        person = self.people.get(name)
        return person is not None and not same(person.value, self.machine.get(name))


@dataclass(frozen=True)
class QueueItem:
    """An email in a release's review queue."""

    email_id: str
    document_id: str
    filename: str
    page: int
    subject: str
    sent: str | None
    scanned: bool
    reviewed: str
    doubts: tuple[Doubt, ...]
    disagreements: tuple[str, ...]

    @property
    def weight(self) -> int:
        return sum(d.weight for d in self.doubts) + 10 * len(self.disagreements)


@dataclass(frozen=True)
class CheckedDocument:
    """What people checked in one document: the ground truth `foia eval --release` scores against."""

    document_id: str
    pages: frozenset[int]  # the pages of the emails people checked or corrected, and of structure corrections
    starts: frozenset[Position]  # where top-level emails begin on those pages, as people left them
    values: Mapping[Position, Mapping[str, Any]]  # each checked email's fields as people set or confirmed them
    scanned: frozenset[int]  # pages read from a scan


def party_value(party: Any) -> dict[str, Any]:
    """A Party as a stored field value."""
    return {"name": party.name, "address": party.address, "redactions": list(party.redactions)}


def record_values(email: Any) -> dict[str, Any]:
    """An EmailRecord's correctable fields as stored values (the shapes of FIELDS)."""
    return {
        "sender": party_value(email.sender) if email.sender else None,
        "to": [party_value(p) for p in email.to], "cc": [party_value(p) for p in email.cc],
        "date": {"sent": email.sent, "certainty": email.date_certainty},
        "subject": {"subject": email.subject, "normalized": email.normalized_subject},
        "exemptions": list(email.exemptions),
    }
