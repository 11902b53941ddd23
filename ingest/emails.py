"""A document's page texts -> the emails printed on them (split, then parse each header).

The splitter finds header blocks and the header parsers read values; this module
joins them, so neither needs the other.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from difflib import SequenceMatcher
from typing import Literal

from archive.corrections import Structure
from archive.model import EmailRecord, Party

from .headers import (
    Correspondents,
    SentDate,
    author_printed,
    clock_halves,
    cut_tops_readings,
    damaged_address,
    date_not_after,
    date_not_before,
    mailer_key,
    mailer_orders,
    mailer_shape,
    meridiem_readings,
    misread_hour_readings,
    misread_year_readings,
    month_readings,
    name_as_its_address_spells,
    normalize_subject,
    parse_attachments,
    parse_date,
    parse_parties,
    printed_addresses,
    prints_24_hour_clock_with_half,
    read_subject,
    settle_subjects,
    subject_words,
    weekday_disagrees,
    weekday_readings,
)
from .marks import find_exemptions, withheld_on, without_bare_seven
from .release_names import MENDED, MIN_GARBLED, Printing, ReleaseNames
from .split import (
    PARTY_CODES,
    EmailSpan,
    codes_above,
    codes_below,
    codes_only,
    owner_outside,
    split_into_emails,
    title_line,
)

__all__ = ["ParsedEmail", "parse_email", "emails_from_pages"]


@dataclass(frozen=True)
class ParsedEmail:
    """What a header block and its body say: who, when, about what."""

    kind: Literal["email", "meeting"]
    sender: Party
    to: tuple[Party, ...]
    cc: tuple[Party, ...]
    bcc: tuple[Party, ...]
    sent: SentDate
    subject: str
    normalized_subject: str
    attachments: tuple[str, ...]
    exemptions: tuple[str, ...]
    quoted: bool


def parse_email(span: EmailSpan, known: Correspondents | None = None, title: str = "",
                margin: tuple[str, ...] = (), *, scanned: bool = True) -> ParsedEmail:
    """Parse the header fields of a split span into parties, date, subject and attachments.

    ``known``: the document's correspondents, to repair names and addresses OCR misread;
    ``title``: a redacted line printed above the header (``split.title_line``), whose codes
    are the email's too; ``margin``: the codes printed alone on the line above it
    (``split.codes_above``), or the party codes on the line under it (``split.codes_below``),
    which are a ``From:`` line's when nothing is printed after its label;
    ``scanned``: the header was read from a scan (a text layer's subject is kept as printed).
    """
    header = span.header
    fields: dict[str, str] = {}
    for name, value in header.fields:
        if name not in fields or not fields[name].strip():
            fields[name] = value
    senders = parse_parties(author_printed(fields.get("from", "")), known) or parse_parties(fields.get("organizer", ""), known)
    sender = senders[0] if senders else Party()
    sent_raw = fields.get("sent", "")
    if not senders and "from" in fields and not any(c.isalnum() for c in fields["from"]):
        sent_raw, level = _codes_after_clock(sent_raw)
        if codes := tuple(dict.fromkeys(margin + level)):
            sender = Party(redactions=codes)  # a box over the whole sender, its code in the margin
    sent = parse_date(sent_raw)
    if sent.certainty == "missing" and header.meeting and fields.get("start", "").strip():
        sent = parse_date(fields["start"])
    to = parse_parties(fields.get("to", ""), known)
    if not to and header.meeting:
        to = parse_parties(fields.get("required", ""), known)
    cc = parse_parties(fields.get("cc", ""), known)
    if not cc and header.meeting:
        cc = parse_parties(fields.get("optional", ""), known)
    subject = read_subject(fields.get("subject", ""), scanned=scanned)
    if scanned:  # names OCR misread where their own addresses spell them
        sender = name_as_its_address_spells(sender)
        to, cc = (tuple(map(name_as_its_address_spells, parties)) for parties in (to, cc))
    header_text = "\n".join(value for _, value in header.fields)
    return ParsedEmail(
        kind="meeting" if header.meeting else "email",
        sender=sender,
        to=to,
        cc=cc,
        bcc=parse_parties(fields.get("bcc", ""), known),
        sent=sent,
        subject=subject,
        normalized_subject=normalize_subject(subject),
        attachments=parse_attachments(fields.get("attachments", "")),
        exemptions=find_exemptions("\n".join((title, *sender.redactions, header_text, span.body))),  # (a margin code's box too)
        quoted=header.quoted,
    )



_BODY_WORD = re.compile(r"[a-z]{3,}")
_COPY_WORDS = 6  # words a body starts with that tell one message's printings apart
_SAME_PARTIES = 0.5  # similarity of a damaged recipient line to the one its copies print


# Page family, outlined boxes whose code is printed in the margin: the box over a withheld
# sender reaches down beside the Sent: line, and its code, printed level with that line, is read
# after the date ("Friday, May 4, 2012 7:17 PM B6").
_AFTER_CLOCK = re.compile(r"(.*\d[:.]\d\d(?:\s?[AaPp]\.?\s?[Mm]\.?)?)\s+(\S.{0,60})")


def _codes_after_clock(value: str) -> tuple[str, tuple[str, ...]]:
    """A Sent: value without the party codes printed after its clock, and those codes (the
    sender's, when the From: line is blank); the value as it is when none is."""
    found = _AFTER_CLOCK.fullmatch(value.strip())
    if found is None or not codes_only(found.group(2)):
        return value, ()
    codes = find_exemptions(found.group(2))
    return (found.group(1), codes) if set(codes) <= PARTY_CODES else (value, ())  # ("B5" is no sender's)


def _copy_key(span: EmailSpan, parsed: ParsedEmail) -> tuple[object, ...] | None:
    """What every printing of one message shares: sender, subject, the words its body starts
    with (OCR specks, digits and redaction boxes between them left out). None when the body
    is too short to tell messages apart."""
    words = _BODY_WORD.findall(span.body[:2000].casefold())[:_COPY_WORDS]
    if len(words) < _COPY_WORDS:
        return None
    return _sender_key(parsed.sender), parsed.normalized_subject, tuple(words)


def _sender_key(sender: Party | None) -> Party | None:
    """A sender as printings of one message are told by: none where no name or address is read
    (a box over the From: line, with or without its code, or the line lost to OCR: one printing's
    box is read, another's line is lost)."""
    return sender if sender is not None and (sender.name or sender.address) else None


def _parties_text(parties: Sequence[Party]) -> str:
    return "; ".join(party.display for party in parties).casefold()


def _printed_by_most(readings: Sequence[tuple[Party, ...]]) -> tuple[Party, ...]:
    """The parties at least two printings read alike, and more than read any other way; or ()."""
    counts = Counter(_parties_text(parties) for parties in readings)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return ()
    return next(parties for parties in readings if _parties_text(parties) == ranked[0][0])


def _read_from_copies(spans: Sequence[EmailSpan], parsed: list[ParsedEmail], repairable: Sequence[bool],
                      doubts: list[list[str]]) -> None:
    """A header a redaction box or OCR spoiled, read from other printings of the same message.

    Page family, any client: a production prints a message again inside every reply that
    quotes it, and a box drawn over one printing's From: line cuts the tops off the line
    under it ("Sent: Mrrenrsaay7, AG aSC OU"). A date no reading gives is the one date its
    other printings read cleanly (all agreeing); the To:/Cc: line most copies print alike
    (two at least) is taken where this printing reads it otherwise yet close to it."""
    copies: dict[tuple[object, ...], list[int]] = {}
    for index, (span, one) in enumerate(zip(spans, parsed, strict=True)):
        key = _copy_key(span, one)
        if key is not None:
            copies.setdefault(key, []).append(index)
    for group in copies.values():
        for index in (i for i in group if repairable[i]):
            others = [parsed[i] for i in group if i != index]
            one = parsed[index]
            dated = [i for i in group if i != index and parsed[i].sent.certainty == "exact"]
            dates = {parsed[i].sent.iso for i in dated}
            if len(dates) == 1 and _dated_by_copy(one.sent, next(iter(dates)) or "", [spans[i].body for i in dated],
                                                  spans[index].body):
                one = replace(one, sent=SentDate(dates.pop(), one.sent.raw, "damaged"))
                doubts[index].append("dated-from:copy")
            to = _parties_from_copies(one.to, [other.to for other in others])
            cc = _parties_from_copies(one.cc, [other.cc for other in others])
            doubts[index].extend(f"repaired:{name}" for name, got in (("to", to), ("cc", cc)) if got is not None)
            parsed[index] = replace(one, to=one.to if to is None else to, cc=one.cc if cc is None else cc)
    grouped = {index for group in copies.values() if len(group) > 1 for index in group}
    _read_from_whole_copies(spans, parsed, repairable, grouped, doubts)


_WHOLE_COPY_WORDS = 12  # words a body has for its whole to say which message it is ("Thanks." says none)
_WHOLE_COPY_WITNESSES = 2  # printings reading as a body whole that vouch for a line it reads otherwise
_WITNESSES_READ = 8  # printings reading the recipients alike whose bodies are compared, at most


def _read_from_whole_copies(spans: Sequence[EmailSpan], parsed: list[ParsedEmail], repairable: Sequence[bool],
                            grouped: Collection[int], doubts: list[list[str]]) -> None:
    """A printing read from the printings of its sender and subject whose whole body reads as its
    own (``_same_text``; a body of a dozen words at least), where its opening words OCR read
    otherwise too ("coramander" for "commander", a sign-off read as a word), so no copy key
    joined them. A date that reads as none (or either half of the day) is the one every such
    printing reading it cleanly reads, two of them at least where a box took the Sent: line whole
    (``split._from_and_sent_lost``). The To: and Cc: lines of a printing no key joined are read
    as most printings of its sender and subject read them (``_printed_by_most``), where it reads
    them otherwise yet close to it and two of those printings read as its whole body: a box over
    the line above cut "Roe, Jane A." to "Roe" (a few of them compared at most)."""
    alike: dict[tuple[object, str], list[int]] = {}
    for index, one in enumerate(parsed):
        alike.setdefault((_sender_key(one.sender), one.normalized_subject), []).append(index)
    for index in (i for i, ocr in enumerate(repairable) if ocr
                  and len(_BODY_WORD.findall(spans[i].body[:3000].casefold())) >= _WHOLE_COPY_WORDS):
        one = parsed[index]
        others = [i for i in alike[(_sender_key(one.sender), one.normalized_subject)] if i != index]
        if one.sent.certainty in ("missing", "ambiguous"):
            dated = [i for i in others if parsed[i].sent.certainty == "exact" and _same_text(spans[i].body, spans[index].body)]
            dates = {parsed[i].sent.iso for i in dated}
            lost = not one.sent.raw.strip() and len(dated) >= _WHOLE_COPY_WITNESSES  # (its Sent: line lost whole)
            if len(dates) == 1 and (lost or _dated_by_copy(one.sent, next(iter(dates)) or "", [], spans[index].body)):
                one = replace(one, sent=SentDate(dates.pop(), one.sent.raw, "damaged"))
                doubts[index].append("dated-from:copy")
        read = {"to": one.to, "cc": one.cc}
        for name, mine in tuple(read.items()) if index not in grouped else ():
            lists = {i: parsed[i].to if name == "to" else parsed[i].cc for i in others}
            theirs = _parties_from_copies(mine, list(lists.values()))
            witnesses = [i for i, listed in lists.items() if theirs and _parties_text(listed) == _parties_text(theirs)]
            if theirs and sum(_same_text(spans[i].body, spans[index].body)
                              for i in witnesses[:_WITNESSES_READ]) >= _WHOLE_COPY_WITNESSES:
                read[name] = theirs
                doubts[index].append(f"repaired:{name}")
        parsed[index] = replace(one, to=read["to"], cc=read["cc"])


def _dated_by_copy(mine: SentDate, theirs: str, bodies: Sequence[str], body: str) -> bool:
    """Whether a printing's date is to be the one its copies read cleanly: it reads none (a clock
    or weekday it still reads theirs), or only the day (its clock damaged past reading), that day
    theirs; and its body reads as theirs throughout (a sender's daily reports open alike and go
    on otherwise); or its clock's AM/PM was unread ("1:23 EM") and theirs is one of its two readings."""
    if mine.certainty == "ambiguous":
        return theirs[:16] in {(reading.iso or "")[:16] for reading in meridiem_readings(mine.raw, lost=True)}
    if mine.certainty == "missing":  # (a clock it reads must be theirs: "11:07 AM", the rest lost; a weekday too)
        clock = _CLOCK_READ.search(mine.raw)
        return bool(mine.raw.strip()) and (clock is None or theirs[11:16] == _twenty_four(clock)) \
            and not weekday_disagrees(SentDate(theirs, mine.raw, "damaged")) \
            and all(_same_text(body, other, opening=True) for other in bodies)
    return (mine.certainty == "damaged" and mine.iso is not None and len(mine.iso) == len("2013-08-08")
            and len(theirs) > len(mine.iso) and theirs.startswith(mine.iso)
            and all(_same_text(body, other) for other in bodies))


_CLOCK_READ = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::\d{2})?\s?([AaPp])?\.?[Mm]?")


def _twenty_four(clock: re.Match[str]) -> str:
    """A clock as read ("1:07 PM", "13:07") as "13:07"."""
    hour, minute, half = int(clock.group(1)), clock.group(2), (clock.group(3) or "").casefold()
    hour = hour % 12 + (12 if half == "p" else 0) if half else hour
    return f"{hour:02d}:{minute}"


_SAME_BODY = 0.8  # similarity of two printings' bodies, their words alone (OCR specks and boxes differ)


def _same_text(one: str, other: str, *, opening: bool = False) -> bool:
    """Whether two bodies read alike, their words alone; ``opening``: the first as the other's
    opening, as many words (a printing's body goes on over the copies it quotes: the same
    message's own words are its first)."""
    mine, theirs = (_BODY_WORD.findall(text[:3000].casefold()) for text in (one, other))
    return SequenceMatcher(None, mine, theirs[:len(mine)] if opening else theirs, autojunk=False).ratio() >= _SAME_BODY


def _parties_from_copies(mine: tuple[Party, ...], readings: Sequence[tuple[Party, ...]]) -> tuple[Party, ...] | None:
    """The recipients most other printings read alike, where this printing reads them otherwise
    yet close to it (or the one other printing's, where it lists more of them); None to keep its own."""
    theirs = _printed_by_most(readings)
    if not theirs and len(readings) == 1 and len(readings[0]) > len(mine):
        # one other printing, listing more parties where this one's OCR lost a separator between two
        # (a box's edge cutting the line's foot: "Kent, De _Wilis, Encae" for two names)
        theirs = readings[0]
    text, their_text = _parties_text(mine), _parties_text(theirs)
    if theirs and text and text != their_text and SequenceMatcher(None, text, their_text).ratio() >= _SAME_PARTIES:
        return theirs
    return None


_MARGIN_CODE = re.compile(r"B[1-9](?:\([A-F]\))?,?")  # the margin's form: "B5", "B7(C)"; "(b)(6)" is a box's
_SAME_SUBJECT = 0.85


def _without_margin_codes(subjects: Sequence[str], repairable: Sequence[bool]) -> list[str]:
    """Each subject read by OCR without the codes a producer's OCR layer read into its line from
    the margin beside a box ("… - Topic - Harbor B5"), where the document prints the subject
    without them too (closely: its OCR may misread other letters); the codes are the email's
    exemptions already. Page family: a scanned print whose redaction codes stand in the margin,
    level with the box; where the subject wraps, level with its first line, so the code stands
    inside the subject as read ("… - Topic B5 - Harbor"). The subject is printed without them
    where a printing has none, or where printings have them in different places (a word of the
    subject keeps its place). A subject with such a word that is printed so alone keeps it
    ("Vitamin B6")."""
    def bare(subject: str) -> str:
        words = subject.split()
        kept = [word for word in words[:1]] + [word for word in words[1:] if not _MARGIN_CODE.fullmatch(word)]
        return " ".join(kept)

    def places(subject: str) -> tuple[int, ...]:  # where its codes stand, counted from its end
        words = subject.split()
        return tuple(len(words) - i for i, word in enumerate(words) if i and _MARGIN_CODE.fullmatch(word))

    stripped = [bare(subject) if ocr else subject for subject, ocr in zip(subjects, repairable, strict=True)]
    coded = [index for index, (subject, bared) in enumerate(zip(subjects, stripped, strict=True))
             if bared != " ".join(subject.split())]
    if not coded:
        return list(subjects)
    def key(subject: str) -> str:
        return _PREFIX_READ.sub("", normalize_subject(subject))

    placed: dict[str, set[tuple[int, ...]]] = {}
    for subject in subjects:
        placed.setdefault(key(bare(subject)), set()).add(places(subject))
    plain = {key(subject) for subject in subjects if not places(subject)} | {
        bared for bared, found in placed.items() if len(found) > 1}
    out = list(subjects)
    for index in coded:
        mine = key(stripped[index])
        if any(len(mine.split()) == len(other.split())  # "Vitamin B1" is no "Vitamin B12" without its code
               and SequenceMatcher(None, mine, other, autojunk=False).ratio() >= _SAME_SUBJECT for other in plain):
            out[index] = stripped[index]
    return out


# a reply's or forward's prefix as OCR may read it ("RA!:"), set aside when printings are compared
_PREFIX_READ = re.compile(r"^\S{1,4}:\s+")


def _printed_here(parsed: Sequence[ParsedEmail], repairable: Sequence[bool]) -> Callable[[Party], Party]:
    """Mending by the parties the document's own headers print, each header a witness as a
    release's documents are (release_names.py): a long thread prints each party in header after
    header, and OCR misreads one printing ("Okafor, Danie! J.", "Doe, Eclna") the others print
    right. A full stop alone is left as read (after an initial, ``Correspondents`` restores it)."""
    names = ReleaseNames.learn(Printing(str(index), party, not ocr)
                               for index, (email, ocr) in enumerate(zip(parsed, repairable, strict=True))
                               for party in (email.sender, *email.to, *email.cc) if party != Party())

    def mend(party: Party) -> Party:
        mended = names.mend(party)
        if mended.name != party.name and _NOT_IN_NAMES.search(mended.name):
            return party  # never into a misreading the document prints more often ("Dar!a D")
        return party if (mended.address, _without_stops(mended.name)) == (party.address, _without_stops(party.name)) \
            else mended
    return mend


_NOT_IN_NAMES = re.compile(r"[^\w\s,.'’()&/-]|[\d_]")  # OCR's glyphs for letters: "Dar!a", "Jane }", "Doe, Jane 0"


def _without_stops(name: str) -> str:
    return " ".join(name.replace(".", " ").split())


def _mend_parties(parsed: list[ParsedEmail], repairable: Sequence[bool], doubts: list[list[str]],
                  mend: Callable[[Party], Party], doubt: str) -> None:
    """The sender, To and Cc parties read by OCR, mended where the release (or the document's
    other headers) prints them otherwise (release_names.py), each mended field recorded as a
    ``doubt``."""
    for index, (email, ocr) in enumerate(zip(parsed, repairable, strict=True)):
        if not ocr:
            continue
        mended = replace(email, sender=mend(email.sender) if email.sender != Party() else email.sender,
                         to=tuple(map(mend, email.to)), cc=tuple(map(mend, email.cc)))
        for name in ("sender", "to", "cc"):
            if getattr(mended, name) != getattr(email, name):
                doubts[index].append(doubt + name)
        parsed[index] = mended


DAMAGED_ADDRESS = "address-damaged:sender"  # the doubt of a sender shown without the address OCR garbled


def _garbled_sender_addresses(spans: Sequence[EmailSpan], parsed: list[ParsedEmail], repairable: Sequence[bool],
                              doubts: list[list[str]], release: ReleaseNames | None) -> None:
    """A sender read by OCR whose address printed beside the name was garbled past reading
    ("Roe, Jane <RoeJ harbor.gov>", its "@" read as a space): the address the release prints with
    the name, where the two are that close (``ReleaseNames.garbled_address``), else the sender
    shown without it and the doubt recorded (a release read again later may know it)."""
    for index, (span, email, ocr) in enumerate(zip(spans, parsed, repairable, strict=True)):
        sender, raw = email.sender, span.header.get("from")
        if not ocr or not sender.name or sender.address or sender.redactions or not damaged_address(raw):
            continue
        printed = printed_addresses(raw)[0]
        address = release.garbled_address(sender.name, printed) if release is not None else ""
        if address:
            parsed[index] = replace(email, sender=replace(sender, address=address))
            doubts[index].append(MENDED + "sender")
        elif sum(ch.isalnum() for ch in printed) >= MIN_GARBLED:
            doubts[index].append(DAMAGED_ADDRESS)


def _halves_lost(parsed: list[ParsedEmail], repairable: Sequence[bool]) -> None:
    """A scanned header's clock with an hour of 1 to 12 and no AM/PM ("Tuesday, August 13.2013
    10:57.") is of either half of the day where the document's other dates of its shape print
    AM/PM and none a 24-hour clock (``mailer_shape``): OCR lost its AM/PM (faint and faxed scans, any 12-hour
    mailer). It is ambiguous, for its copies or the thread's order to settle as a clock whose AM/PM
    OCR misread ("1:51 &M"; ``_read_from_copies``, ``_settle_ambiguous_dates``); a 24-hour
    mailer's morning ("10:57" beside "15:40") stays as read."""
    kinds = [(clock_halves(one.sent.raw), mailer_shape(one.sent.raw)) for one in parsed]
    halves: dict[str, set[str]] = {}
    for kind, shape in kinds:
        if kind:
            halves.setdefault(shape, set()).add(kind)
    for index, (one, (kind, shape)) in enumerate(zip(parsed, kinds, strict=True)):
        if (kind == "bare" and repairable[index] and one.sent.certainty in ("exact", "damaged")
                and "12h" in halves[shape] and "24h" not in halves[shape]):
            parsed[index] = replace(one, sent=replace(one.sent, certainty="ambiguous"))


def _settle_ambiguous_dates(spans: Sequence[EmailSpan], parsed: list[ParsedEmail], doubts: list[list[str]]) -> None:
    """A numeric date valid both ways ("07/08/2013") read in the order the document shows.

    Evidence, in turn: other dates the same mailer (the same shape of date) prints in the
    document in a plain order ("13/08/2013"), all alike; then the thread's order, as every
    client prints a chain newest first: a copy is no newer than the header above it in its
    print, nor older than the one below; before both, another printing of the message whose date
    reads one way alone (``_day_a_copy_prints``). Nothing decides: the date stays ambiguous. A date whose
    glyph tops a box cut, read as two days falling on its printed weekday alike, is chosen by
    the thread's order too."""
    orders = mailer_orders(one.sent.raw for one in parsed)
    as_printed = list(parsed)  # (a copy's date as its page prints it, none this settles)
    for index, one in enumerate(parsed):
        if one.sent.certainty == "missing" and (cut := cut_tops_readings(one.sent.raw)):
            # a date a box's edge cut that reads as two days on its weekday alike (2003 and 2008)
            fitting = [r for r in cut if _fits_thread(r.iso or "", _thread_bounds(spans, parsed, index))]
            if len(fitting) == 1:
                parsed[index] = replace(one, sent=fitting[0])
                doubts[index].append("dated-from:thread-order")
            continue
        if one.sent.certainty != "ambiguous":
            continue
        halves = meridiem_readings(one.sent.raw, lost=True)  # a clock's AM/PM OCR could not read ("1:51 &M")
        shown = set() if halves else orders.get(mailer_key(one.sent.raw) or ("", False), set())
        readings = halves or [parse_date(one.sent.raw, order) for order in ("mdy", "dmy")]
        if (printed := _day_a_copy_prints(as_printed, index, readings)) is not None:
            chosen, why = printed, "dated-from:copy"
        elif len(shown) == 1:
            (order,) = shown
            chosen, why = readings[order == "dmy"], "dated-from:document-dates"
        else:
            fitting = [r for r in readings if _fits_thread(r.iso or "", _thread_bounds(spans, parsed, index))]
            chosen, why = (fitting[0], "dated-from:thread-order") if len(fitting) == 1 else (one.sent, "")
        if why:
            parsed[index] = replace(one, sent=chosen)
            doubts[index].append(why)


def _day_a_copy_prints(parsed: Sequence[ParsedEmail], index: int, readings: Sequence[SentDate]) -> SentDate | None:
    """The one reading of an ambiguous date that another printing of the message prints plainly: a
    header of the same sender (by name or address) and subject dated to the same minute ("03/10/2023
    02:02 PM" beside a quoted copy's "March 10, 2023 at 2:02:00 PM EST"); None where none, or both."""
    one = parsed[index]
    who = _who(one.sender)
    if not who:
        return None
    plain = {other.sent.iso[:16] for i, other in enumerate(parsed)
             if i != index and other.sent.certainty == "exact" and other.sent.iso and len(other.sent.iso) >= 16
             and _who(other.sender) == who and other.normalized_subject == one.normalized_subject}
    fits = [reading for reading in readings if reading.iso and reading.iso[:16] in plain]
    return fits[0] if len(fits) == 1 else None


def _who(party: Party | None) -> str:
    return (party.name or party.address).casefold() if party is not None else ""


def _mend_weekday(spans: Sequence[EmailSpan], parsed: list[ParsedEmail], index: int, doubts: list[str],
                  latest_year: int) -> None:
    """A date a digit was misread into (OCR failure, any scanned print: "2012" as "2072") that no
    longer falls on its printed weekday: the one reading that does, changing the fewest digits
    into ones OCR takes them for and fitting the thread's order (headers.weekday_readings). Where
    none or several fit, the date as read, marked damaged."""
    current = parsed[index]
    half_unread = current.sent.certainty == "ambiguous" and bool(meridiem_readings(current.sent.raw, lost=True))
    if (current.sent.certainty not in ("exact", "damaged") and not half_unread) or not weekday_disagrees(current.sent):
        return  # (a clock whose AM/PM OCR could not read still has its day mended: "2042 12:15 4M")
    if not _dated_on_weekday(spans, parsed, index, doubts, weekday_readings(current.sent.raw, latest_year)):
        parsed[index] = replace(current, sent=replace(current.sent, certainty="damaged"))


def _mend_year(spans: Sequence[EmailSpan], parsed: list[ParsedEmail], index: int, doubts: list[str],
               latest_year: int) -> None:
    """A date that reads as none for a year OCR misread past the calendar ("2913", "20173"): the
    one reading falling on its printed weekday that fits the thread's order
    (headers.misread_year_readings)."""
    if parsed[index].sent.certainty == "missing":
        _dated_on_weekday(spans, parsed, index, doubts, misread_year_readings(parsed[index].sent.raw, latest_year))


def _mend_hour(spans: Sequence[EmailSpan], parsed: list[ParsedEmail], index: int, doubts: list[str]) -> None:
    """A clock printing the hour 0 with AM/PM ("00:56 AM"): as printed, AM, where its mailer prints
    a 24-hour clock with PM in the document, read whole ("13:02 PM"); else OCR may have read an hour's digit as
    its lookalike 0 (08:56), and the one reading that fits the thread's order is the date
    (headers.misread_hour_readings); else the day alone, damaged."""
    raw = parsed[index].sent.raw
    readings = misread_hour_readings(raw) if parsed[index].sent.certainty == "damaged" else []
    if not readings:
        return
    shape = mailer_shape(raw)
    as_printed = readings[0] if (readings[0].iso or "")[11:13] == "00" else None  # (AM only)
    if as_printed is not None and any(prints_24_hour_clock_with_half(other.sent.raw) and other.sent.certainty == "exact"
                                      for other in parsed if mailer_shape(other.sent.raw) == shape):
        parsed[index] = replace(parsed[index], sent=replace(as_printed, certainty="exact"))
        return
    bounds = _thread_bounds(spans, parsed, index, trusted_only=True)
    fitting = [r for r in readings if _fits_thread(r.iso or "", bounds)]
    if len(fitting) == 1:
        parsed[index] = replace(parsed[index], sent=fitting[0])
        doubts.append("dated-from:thread-order")


def _date_from_quoted(spans: Sequence[EmailSpan], parsed: list[ParsedEmail], index: int, doubts: list[str]) -> None:
    """A top message's date whose year OCR lost, read from its weekday and the newest message it
    quotes (headers.date_not_before): a reply is sent after what it quotes, and soon."""
    sent = parsed[index].sent
    below = _thread_bounds(spans, parsed, index, trusted_only=True)[1] if sent.certainty == "missing" else ""
    dated = date_not_before(sent.raw, below) if below else sent
    if dated is not sent and dated.iso:
        parsed[index] = replace(parsed[index], sent=dated)
        doubts.append("dated-from:quoted")


def _never_sent_yet(parsed: list[ParsedEmail], index: int, latest_year: int) -> None:
    """A date read for a year still to come ("Monday, October 3, 2072": a 1 read as 7 where the
    weekday happens to fall right too) that no reading mended is no exact date: damaged."""
    sent = parsed[index].sent
    if sent.certainty == "exact" and sent.iso and int(sent.iso[:4]) > latest_year:
        parsed[index] = replace(parsed[index], sent=replace(sent, certainty="damaged"))


def _dated_on_weekday(spans: Sequence[EmailSpan], parsed: list[ParsedEmail], index: int, doubts: list[str],
                      readings: Sequence[SentDate]) -> bool:
    """Whether exactly one of ``readings`` (each on the date's printed weekday) fits the thread's
    order of the dates that fall on theirs; then it is the email's date, with a doubt saying so."""
    bounds = _thread_bounds(spans, parsed, index, trusted_only=True)
    fitting = [r for r in readings if _fits_thread(r.iso or "", bounds)]
    if len(fitting) > 1:
        fitting = _near_the_document(fitting, parsed, index)
    if len(fitting) != 1:
        return False
    parsed[index] = replace(parsed[index], sent=fitting[0])
    doubts.append("dated-from:weekday")
    return True


_NEAR_DAYS = 31  # a reading this near a date the document prints on its weekday ...
_FAR_DAYS = 300  # ... against others at least this far from every one (a year's digit misread: about a year)


def _near_the_document(readings: list[SentDate], parsed: Sequence[ParsedEmail], index: int) -> list[SentDate]:
    """Of several readings a thread's order leaves, the one within a month of a date the
    document's other headers print on their weekday, where every other is most of a year from
    each ("2012-08-09" or "2013-08-08" for a Thursday among a thread of August 2013); else all."""
    anchors = [date.fromisoformat(email.sent.iso[:10]) for i, email in enumerate(parsed)
               if i != index and email.sent.iso and email.sent.certainty == "exact" and not weekday_disagrees(email.sent)]
    if not anchors:
        return readings

    def distance(reading: SentDate) -> int:
        day = date.fromisoformat((reading.iso or "")[:10])
        return min(abs((day - anchor).days) for anchor in anchors)
    near = [r for r in readings if distance(r) <= _NEAR_DAYS]
    return near if len(near) == 1 and all(distance(r) >= _FAR_DAYS for r in readings if r is not near[0]) else readings


def _thread_bounds(spans: Sequence[EmailSpan], parsed: Sequence[ParsedEmail], index: int,
                   trusted_only: bool = False) -> tuple[str, str]:
    """(newest, oldest) minute a header may be sent at: the dated header above it in its
    print and the one below ("" where there is none); ``trusted_only``: only dates that fall
    on their printed weekday."""
    parent = spans[index].parent
    top = index if parent is None else parent
    chain = [top, *(i for i in range(len(spans)) if spans[i].parent == top)]  # (a copy read above it: after it)
    at = chain.index(index)
    dated = [(parsed[i].sent.iso or "")[:16] if parsed[i].sent.certainty in ("exact", "damaged")
             and not (trusted_only and weekday_disagrees(parsed[i].sent)) else "" for i in chain]
    above = next((d for d in reversed(dated[:at]) if d), "")
    below = next((d for d in dated[at + 1:] if d), "")
    return above, below


def _fits_thread(iso: str, bounds: tuple[str, str]) -> bool:
    above, below = bounds
    return bool(iso) and (not above or iso[:16] <= above) and (not below or iso[:16] >= below)


def _codes_outside_emails(texts: Sequence[str], spans: Sequence[EmailSpan],
                          kinds: Sequence[str]) -> dict[int, tuple[str, ...]]:
    """By span, the codes printed alone on a line of its pages outside every email: margin codes
    a text layer lists above the first header (the State Department's scans: "B7(A)", "B1"
    beside boxes in the text below) go to the top-level email they stand above (``owner_outside``), as the
    redaction log places them (ingest/redactions.py): the log listed (b)(1) on an email whose
    own exemptions, on its page and in search, were none. Cover letters' lines explain codes:
    left out."""
    tops = [i for i, span in enumerate(spans) if not span.header.quoted]
    places = [(spans[i].header.page, spans[i].header.line, spans[i].end_page) for i in tops]
    found: dict[int, tuple[str, ...]] = {}
    for number, text in enumerate(texts, start=1):
        if (number <= len(kinds) and kinds[number - 1] == "cover-letter") or not find_exemptions(text):
            continue
        on_page = [span for span in spans if span.header.page <= number <= span.end_page]
        lines = text.split("\n")
        for line_no in range(len(lines)):
            if any((s.header.page, s.header.line) <= (number, line_no) < (s.end_page, s.end_line) for s in on_page):
                continue
            codes = withheld_on(lines, line_no) if codes_only(lines[line_no]) else ()
            owner = owner_outside(places, number, line_no) if codes else None
            if owner is not None:
                found[tops[owner]] = tuple(dict.fromkeys(found.get(tops[owner], ()) + codes))
    return found


def emails_from_pages(texts: Sequence[str], bates: Sequence[str | None],
                      ocr_pages: Collection[int] | None = None,
                      structure: Structure | None = None,
                      latest_year: int | None = None,
                      release: ReleaseNames | None = None) -> tuple[list[EmailRecord], list[str]]:
    """Every email (quoted copies included) and every page's kind.

    Headers are parsed twice: the first reading learns who and what the document
    prints cleanly and often, the second repairs what OCR misread against it.
    ``ocr_pages`` (page numbers read by OCR; default: every page) limits repairs to
    headers on those pages, and makes the others' readings trusted. ``structure``: where
    people said emails begin and end (archive/corrections.py). ``latest_year``: the latest year a
    misread date may be mended into (default: this year; nothing is sent in the future).
    ``release``: the names and addresses the rest of the release prints, to mend the parties OCR
    misread that the document alone prints too seldom to tell.
    """
    latest_year = latest_year or date.today().year
    result = split_into_emails(texts, structure=structure)
    spans = result.spans
    repairable = [ocr_pages is None or span.header.page in ocr_pages for span in spans]
    first, parsed_emails = _read_twice(texts, spans, repairable)
    subjects = settle_subjects(_without_margin_codes([parsed.subject for parsed in parsed_emails], repairable),
                               repairable, lambda: Counter(word for text in texts for word in subject_words(text)))
    # what the machine knows it was unsure of, recorded with each email (archive/corrections.py)
    doubts: list[list[str]] = [[f"repaired:{name}" for name in ("sender", "to", "cc")
                                if getattr(again, name) != getattr(once, name)]
                               for once, again in zip(first, parsed_emails, strict=True)]
    _halves_lost(parsed_emails, repairable)
    _read_from_copies(spans, parsed_emails, repairable, doubts)
    _mend_parties(parsed_emails, repairable, doubts, _printed_here(parsed_emails, repairable), "repaired:")
    if release is not None:
        _mend_parties(parsed_emails, repairable, doubts, release.mend, MENDED)
    _garbled_sender_addresses(spans, parsed_emails, repairable, doubts, release)
    _mend_dates(spans, parsed_emails, repairable, doubts, latest_year)
    for index, span in enumerate(spans):
        if span.header.weak:
            doubts[index].append("boundary:unmarked-header")
            if span.parent is not None and "boundary:unmarked-header" not in doubts[span.parent]:
                doubts[span.parent].append("boundary:unmarked-header")
    for index, codes in _codes_outside_emails(texts, spans, result.page_kinds).items():
        parsed = parsed_emails[index]
        parsed_emails[index] = replace(parsed, exemptions=without_bare_seven(parsed.exemptions + codes))
    settled = [_with_subject(parsed, subject, doubted, release if ocr else None)
               for parsed, subject, doubted, ocr in zip(parsed_emails, subjects, doubts, repairable, strict=True)]
    return [_record(span, parsed, doubted, bates) for span, parsed, doubted in zip(spans, settled, doubts, strict=True)], \
        list(result.page_kinds)


def _read_twice(texts: Sequence[str], spans: Sequence[EmailSpan],
                repairable: Sequence[bool]) -> tuple[list[ParsedEmail], list[ParsedEmail]]:
    """Each header read once, then again where OCR read it against the correspondents the
    document's headers name (the trusted pages' and the often-printed ones): both readings."""
    titles = [title_line(texts, span.header) for span in spans]
    margins = [codes_above(texts, span.header) or codes_below(texts, span.header) for span in spans]
    first = [parse_email(span, title=title, margin=margin, scanned=ocr)
             for span, title, margin, ocr in zip(spans, titles, margins, repairable, strict=True)]

    def parties(trusted: bool) -> list[Party]:
        return [party for parsed, ocr in zip(first, repairable, strict=True) if ocr != trusted
                for party in (parsed.sender, *parsed.to, *parsed.cc, *parsed.bcc)]

    known = Correspondents.learn(parties(trusted=False), trusted=parties(trusted=True))
    return first, [parse_email(span, known, title, margin) if ocr else parsed
                   for span, parsed, ocr, title, margin in zip(spans, first, repairable, titles, margins, strict=True)]


def _mend_dates(spans: Sequence[EmailSpan], parsed: list[ParsedEmail], repairable: Sequence[bool],
                doubts: list[list[str]], latest_year: int) -> None:
    """Each date OCR misread or left unread, mended where the thread, its weekday or what it
    quotes tells the one reading (scanned pages only, but a missing date under a dated reply)."""
    for index in (i for i, ocr in enumerate(repairable) if ocr):
        _mend_year(spans, parsed, index, doubts[index], latest_year)
        _mend_hour(spans, parsed, index, doubts[index])
    _settle_ambiguous_dates(spans, parsed, doubts)
    for index, span in enumerate(spans):
        later = parsed[span.parent].sent.iso if span.parent is not None else None
        if parsed[index].sent.certainty == "missing" and later and (
                dated := date_not_after(parsed[index].sent.raw, later)).iso:
            parsed[index] = replace(parsed[index], sent=dated)
            doubts[index].append("dated-from:reply")
        if repairable[index]:
            _mend_weekday(spans, parsed, index, doubts[index], latest_year)
            _never_sent_yet(parsed, index, latest_year)
            _after_its_reply(spans, parsed, index, doubts[index])
    for index in (i for i, span in enumerate(spans) if span.parent is None and repairable[i]):
        _date_from_quoted(spans, parsed, index, doubts[index])


_AFTER_REPLY_HOURS = 26  # a quoted copy's clock later than its reply's, past any two zones' difference


def _after_its_reply(spans: Sequence[EmailSpan], parsed: list[ParsedEmail], index: int, doubts: list[str]) -> None:
    """A quoted copy read as sent days after the reply quoting it (a scan's month name OCR read one
    letter off, "Jun 2" for "Jan 2", in a line printing no weekday to mend it by): the one lookalike
    month's reading before the reply, else the date as read, marked damaged (it was stated exact)."""
    span, sent = spans[index], parsed[index].sent
    reply = parsed[span.parent].sent if span.parent is not None else None
    if reply is None or sent.certainty != "exact" or not sent.iso or not reply.iso or len(sent.iso) < 16 \
            or len(reply.iso) < 16:
        return
    if (datetime.fromisoformat(sent.iso[:16]) - datetime.fromisoformat(reply.iso[:16])).total_seconds() \
            <= _AFTER_REPLY_HOURS * 3600:
        return
    before = [r for r in month_readings(sent) if (r.iso or "")[:16] <= reply.iso[:16]]
    parsed[index] = replace(parsed[index], sent=before[0] if len(before) == 1 else replace(sent, certainty="damaged"))
    if len(before) == 1:
        doubts.append("dated-from:thread-order")


def _with_subject(parsed: ParsedEmail, subject: str, doubts: list[str], release: ReleaseNames | None) -> ParsedEmail:
    """The email with the subject its document settled (settle_subjects), as the rest of the
    ``release`` prints it where given; each change recorded in ``doubts``."""
    if subject != parsed.subject:
        parsed = replace(parsed, subject=subject, normalized_subject=normalize_subject(subject))
        doubts.append("repaired:subject")
    if release is not None and (printed := release.subject(subject)) != subject:
        parsed = replace(parsed, subject=printed, normalized_subject=normalize_subject(printed))
        doubts.append(MENDED + "subject")
    return parsed


def _record(span: EmailSpan, parsed: ParsedEmail, doubts: list[str], bates: Sequence[str | None]) -> EmailRecord:
    """What the archive stores of one email: where it is, what its header says, its body."""
    start, end = span.header.page, span.end_page
    return EmailRecord(
        start_page=start, start_line=span.header.line, end_page=end, end_line=span.end_line,
        ordinal=span.header.ordinal, kind=parsed.kind, quoted=parsed.quoted, parent=span.parent,
        sender=parsed.sender if parsed.sender != Party() else None,
        to=parsed.to, cc=parsed.cc, bcc=parsed.bcc,
        sent=parsed.sent.iso, sent_raw=parsed.sent.raw, date_certainty=parsed.sent.certainty,
        subject=parsed.subject, normalized_subject=parsed.normalized_subject, body=span.body,
        exemptions=parsed.exemptions, attachments=parsed.attachments,
        bates_start=bates[start - 1] if start - 1 < len(bates) else None,
        bates_end=bates[end - 1] if end - 1 < len(bates) else None,
        doubts=tuple(doubts),
    )
