"""Citations a lawyer can paste into a brief: pure functions over the model.

An email, in the form of Bluebook R. 17.1 (unpublished letters and emails), with
where it was produced and where it can be read::

    Email from Jane Roe to John Doe (Nov. 13, 2018, 3:45 PM UTC-5), in DEA–Microsoft
    FOIA Release, at DEA-MSFT-000123–125 (Drug Enforcement Administration, Request
    No. 19-00412-F, produced May 29, 2020), https://…/e/abcd234567

A copy of an earlier email printed inside a reply is cited through the email that
quotes it (R. 1.6(b), "quoted in"), pinned to the pages the copy is printed on::

    Email from John Doe to Jane Roe (Nov. 12, 2018), quoted in Email from Jane Roe
    to John Doe (Nov. 13, 2018, 3:45 PM), in …, at DEA-MSFT-000124 (…), https://…

One rule for each part:

- names in natural order, given name first, as R. 17.1's examples print them: a
  name printed "Roe, Jane" is cited "Jane Roe"; anything else as printed
  (a redacted name reads "[redacted (b)(6)]", see ``Party.display``);
- dates with the months of table T12 ("Sept."), the time when the header gives
  one, and its zone when the header printed one ("UTC-5"; R. 17.1's email example
  gives the zone); a date the splitter was not sure of is cited with the words it was read from,
  "read as" the machine's, "printed" in a person's words once a person gave the date
  (``Email.date_as_printed``: the machine's reading of a scan may be noise, or say another date),
  without a quotation when they typed it year first; one it inferred from the document's other
  dates or its thread ("07/08/2013" read as 7 August) is "[date inferred; …]";
- pinpoints (R. 3.2(a), B17.1.2) are Bates numbers when the pages are stamped, a
  range dropping the end's repeated prefix and leading zeros
  ("DEA-MSFT-000123–125"), else the file and "p. 4" / "pp. 3–5", always with an
  en dash;
- native mail (an .eml, .msg, .mbox, .pst or .ost the agency released as it was) has no
  pages: its pinpoint is the file's name, and in an .mbox the message's place in it
  ("inbox.mbox, message 3"), in an Outlook data file its folder too ("enron.pst, folder
  Inbox, message 3"), unless the production stamped Bates numbers;
- the producing agency, request number and production date, when the release
  records them, in the parenthetical where R. 17.1 says where an unpublished
  document can be found; then the permalink (R. 18.2.2).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from .dates import BLUEBOOK_MONTHS
from .model import EN_DASH, Document, Email, Page, Party, Release, message_place
from .model import page_range as page_range  # where a citation's page range is made

# Layout family: a production numbered with a suffix after the number ("HBR-00000024-S": the
# Bates numbering of Acrobat and of review platforms sets a prefix, a number and a suffix): a
# letter or two joined by a hyphen or an underscore, part of the stamp a citation prints.
STAMP_SUFFIX = r"[-_][A-Z]{1,2}"
_STAMP_PARTS = re.compile(rf"^(.*?)(\d+)((?:{STAMP_SUFFIX})?)$")
# "Roe, Jane", "ROE, JANE A.", "van der Berg, Anna (OGC)": surname, given names, then
# any bracketed affiliation; not "Doe, Jr." or "Microsoft, Inc." (see _NOT_GIVEN_NAMES)
_SURNAME_FIRST = re.compile(r"^([^,()\[\]\d@]+),\s*([^,()\[\]\d@]+?)((?:\s*[(\[][^()\[\]]*[)\]])*)$")
_NOT_GIVEN_NAMES = frozenset({"jr", "sr", "ii", "iii", "iv", "esq", "inc", "llc", "ltd", "co", "corp", "lp",
                              "llp", "pc", "plc", "md", "phd"})


def _zone(moment: datetime) -> str:
    """" UTC-5", " UTC+5:30", " UTC" for an aware time; "" when the header printed no zone."""
    offset = moment.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds()) // 60
    if not minutes:
        return " UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f" UTC{'-' if minutes < 0 else '+'}{hours}" + (f":{rest:02d}" if rest else "")


_YEAR_OR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")


def zone_printed(sent: str | None) -> bool | None:
    """Whether an ISO date sent prints its time's zone (an offset, or Z); None without a time."""
    if not sent or "T" not in sent:
        return None
    return sent.endswith("Z") or "+" in sent[10:] or "-" in sent[10:]


def format_date(iso: str | None) -> str:
    """"2018-11-13T15:45:00" → "Nov. 13, 2018, 3:45 PM"; "2018-11-13" → "Nov. 13, 2018";
    "2018-11-13T15:45:00-05:00" → "Nov. 13, 2018, 3:45 PM UTC-5"; "2020-05" → "May 2020" and
    "2020" → "2020": a release may be dated by its month or year only (``is_release_date``), and
    its citation's "produced …" printed "produced 2020-05"."""
    if not iso:
        return ""
    partial = _YEAR_OR_MONTH.fullmatch(iso.strip())
    if partial and (partial.group(2) is None or 1 <= int(partial.group(2)) <= 12):
        year, month = partial.groups()
        return f"{BLUEBOOK_MONTHS[int(month) - 1]} {year}" if month else year
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    text = f"{BLUEBOOK_MONTHS[moment.month - 1]} {moment.day}, {moment.year}"
    if "T" in iso or " " in iso.strip():
        hour = moment.hour % 12 or 12
        text += f", {hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}{_zone(moment)}"
    return text


def last_visited(day: date) -> str:
    """"(last visited Dec. 7, 2026)": what a citation of a web page ends with (Bluebook R. 18.2.2),
    the day it was read: a permalink stands for years, but what it shows may be corrected since."""
    return f"(last visited {format_date(day.isoformat())})"


# What ingest records when it read a date the page prints with day and month either way
# ("07/08/2013") in the one order the document's other dates or its thread's order allow
# (ingest/emails.py): its certainty is "exact", but the page alone does not say it, so a citation
# says it was inferred (a reading chosen of a damaged date stays "damaged": uncertain).
_INFERRED = ("dated-from:document-dates", "dated-from:thread-order")


def date_standing(email: Email) -> str:
    """How a citation stands behind an email's date: "exact" as printed, "inferred" where the page
    prints a date that reads either way and the machine chose one from the document's other dates
    or its thread, "corrected" where a person gave a date other than the machine's reading (as a
    brief brackets a sender a person gave) and "supplied" where theirs is no reading of the page at
    all (``Email.date_supplied``; ``Store`` drops the machine's doubts of a field a person set),
    else its certainty ("ambiguous", "damaged", "missing")."""
    if email.date_certainty == "exact" and email.sent:
        if "date" in email.people_gave:
            return "supplied" if email.date_supplied else "corrected"
        if any(code in email.doubts for code in _INFERRED):
            return "inferred"
    return email.date_certainty


def _words(email: Email) -> str:
    """"printed “03/04/18”" where a person gave the date as the page prints it, "read as
    “Friday, April 22 2011 553 PM”" where the words are the machine's reading (of a scan, OCR's:
    a brief must not quote them as the page's); "" where there are none (``date_as_printed``). A
    date a person corrected without the page's words is said with the machine's reading of them."""
    raw = " ".join(email.date_as_printed.split())
    if not raw and date_standing(email) == "corrected":
        raw = " ".join(email.sent_raw.split())
        return f"read as \u201c{raw}\u201d" if raw else ""
    if not raw:
        return ""
    return f"{'printed' if email.sent_printed is not None else 'read as'} \u201c{raw}\u201d"


def _uncertain(email: Email, doubt: str = "date uncertain") -> str:
    """"[date uncertain; read as “03/04/18”]": what a date the splitter (or a person) was not sure
    of is said with, and the words it was read from (``_words``)."""
    words = _words(email)
    return f"[{doubt}; {words}]" if words else f"[{doubt}]"


def cited_date(email: Email) -> str:
    """The date as a citation shows it, honest about uncertainty and inference."""
    if email.sent:
        return f"{format_date(email.sent)} {date_doubt(email)}".rstrip()
    words = _words(email)
    return f"date {words}" if words else "undated"


def listed_date(email: Email, *, day: bool = False) -> str:
    """The date in an exhibit table's column: ISO as stored (its ``day`` only), and a date the
    splitter was not sure of (or inferred) said so, as its citation says it (``date_doubt``); what
    was printed when nothing could be read; "" undated."""
    iso = (email.sent or "")[:10] if day else email.sent or ""
    return f"{iso} {date_doubt(email)}".strip()


def date_doubt(email: Email) -> str:
    """"[date uncertain; read as “03/04/18”]" for a date the splitter was not sure of (or could
    not read), "[date inferred; read as “07/08/2013”]" for one it read in the order the document
    shows (``date_standing``), as its citation says it; "date read as “mon, octl,”" for one whose
    printed date could not be read at all, as its citation says that; "" for an exact one or an
    undated email that printed none; "[date supplied]" for one a person gave that is no reading of
    the page (``Email.date_supplied``: the page withholds it, or prints another), as a citation
    brackets the words it supplies."""
    standing = date_standing(email)
    if standing == "supplied":
        return "[date supplied]"
    if standing == "exact" or not (email.sent or email.date_as_printed.strip()):
        return ""
    if not email.sent:
        return f"date {_words(email)}"
    return _uncertain(email, _DOUBTS.get(standing, "date uncertain"))


_DOUBTS = {"inferred": "date inferred", "corrected": "date as corrected", "supplied": "date supplied"}


def date_flag(standing: str) -> str:
    """The flag a list of emails marks a date with (``date_standing``): "" for one cited as printed."""
    return "" if standing == "exact" else _DOUBTS.get(standing, "date uncertain")


_FLAG_WHY = {
    "inferred": "The page prints a day and month that read either way; read in the order the document's other "
                "dates or its thread show",
    "corrected": "A person corrected the date the machine read",
    "supplied": "A person supplied a date the page does not print",
}


def date_flag_title(email: Email) -> str:
    """What a flagged date's title says: why it is flagged, then the date as printed."""
    printed = " ".join(email.date_as_printed.split())
    why = _FLAG_WHY.get(date_standing(email), "The printed date could not be read with certainty")
    return f"{why}: {printed}" if printed else why


def bates_range(start: str | None, end: str | None) -> str:
    """"DEA-MSFT-000123", "DEA-MSFT-000125" → "DEA-MSFT-000123–125"."""
    if not start:
        return end or ""
    if not end or end == start:
        return start
    first, last = bates_parts(start), bates_parts(end)
    if first and last and first[0] == last[0] and not first[2] and not last[2]:
        return f"{start}{EN_DASH}{int(last[1])}"
    return f"{start}{EN_DASH}{end}"  # (a suffixed stamp whole at each end: "HBR-000024-S–HBR-000026-S")


def cited_bates(email: Email) -> str:
    """The Bates range a citation of ``email`` pins ("" when it cites the file's pages instead:
    unstamped, or over several pages with a stamp read at one end only); what the site, the
    exports and exhibit lists print as an email's Bates."""
    start, end = email.bates_start, email.bates_end
    if (start and end) or ((start or end) and email.start_page == email.end_page):
        return bates_range(start, end)
    return ""


def split_bates(number: str) -> tuple[str, str] | None:
    """"DEA-MSFT-000123" → ("DEA-MSFT-", "000123") (and "HBR-000024-S" → ("HBR-", "000024"): a
    stamp's suffix, ``STAMP_SUFFIX``, is no part of its prefix or number); None when it does not
    end in digits or digits and a suffix."""
    parts = bates_parts(number)
    return parts[:2] if parts else None


def bates_parts(number: str) -> tuple[str, str, str] | None:
    """"HBR-000024-S" → ("HBR-", "000024", "-S"); "DEA-MSFT-000123" → ("DEA-MSFT-", "000123", "")."""
    match = _STAMP_PARTS.match(number)
    return (match.group(1), match.group(2), match.group(3)) if match else None


def typed_prefixes(head: str) -> list[str]:
    """A Bates prefix as typed, then with its spaces as hyphens, then without them, each also
    without the space before the number (stamps print "STATE-SCB0045656" as often as
    "DEA-MSFT-000125"): "DEA MSFT " → "DEA MSFT ", "DEA-MSFT-", "DEAMSFT", "DEA MSFT", "DEA-MSFT"."""
    spellings = []
    for typed in (head, head.rstrip()):
        spellings += [typed, re.sub(r"\s+", "-", typed), re.sub(r"\s+", "", typed)]
    return [s for s in dict.fromkeys(spellings) if s]


STAMP_SEPARATORS = ("-", " ", "_", ".")  # what stamps print between a prefix's parts


def separated_prefixes(head: str, begins: Callable[[str], bool]) -> list[str]:
    """A Bates prefix typed with its separators as other ones or none, as the stamps print it:
    the typed letters with any stamp separator between each two and at the end, kept while
    some stamp ``begins`` so ("DEAMSFT", "DEA MSFT" → "DEA-MSFT", "DEA-MSFT-" where
    "DEA-MSFT-000125" is stamped; "STATE-SCB" → "STATESCB" where "STATESCB0045847" is). Only the
    ways a stamp begins are followed, so ``begins`` is asked a few times a letter."""
    letters = [c for c in head if c not in STAMP_SEPARATORS and not c.isspace()]
    ways = [letters[0]] if letters and begins(letters[0]) else []
    for letter in letters[1:]:
        ways = [way for begun in ways for way in (begun + letter, *(begun + s + letter for s in STAMP_SEPARATORS))
                if begins(way)]
    return ways + [way + s for way in ways for s in STAMP_SEPARATORS if begins(way + s)]


def stamp_prefix_length(stamp: str, typed_length: int) -> int:
    """How much of ``stamp`` is its prefix, given a prefix typed ``typed_length`` long: with the
    spaces the stamp prints before its number ("ACLU-DEA 000123" typed "ACLU-DEA000123")."""
    rest = stamp[typed_length:]
    return typed_length + len(rest) - len(rest.lstrip(" "))


def respell_bates(digits: str, stamp: str, prefix_length: int) -> str | None:
    """``digits`` in the shape of ``stamp`` (whose prefix is its first ``prefix_length``
    characters): "125", "DEA-MSFT-000043", 9 → "DEA-MSFT-000125". None when the stamp's
    rest is not all digits or is too narrow for the number."""
    prefix_length = stamp_prefix_length(stamp, prefix_length)
    parts = bates_parts(stamp[prefix_length:])
    number = digits.lstrip("0") or "0"
    if parts is None or parts[0] or len(number) > len(parts[1]):
        return None
    return stamp[:prefix_length] + number.rjust(len(parts[1]), "0") + parts[2]


def pin_label(number: int, bates: str | None) -> str:
    """Where a page begins in an email's text: "DEA-MSFT-000043 (p. 4)", or "p. 4" unstamped."""
    return f"{bates} ({page_range(number, number)})" if bates else page_range(number, number)


def cited_name(party: Party | None) -> str:
    """"Roe, Jane" → "Jane Roe"; "Ellen Park", "jd@x.gov", a redaction: as printed. A
    name that spells an address other than the party's own (a spoofed display name, "Director Roe
    <roe@agency.gov>" sent from another mailbox) is cited with the party's address after it in
    brackets: a citation never attributes a message to an address it was not sent from."""
    if party is None:
        return "[unknown]"
    name = " ".join(party.display.split())
    other = party.names_another_address()
    match = _SURNAME_FIRST.match(name) if party.name else None
    if match is not None:
        surname, given, bracketed = (part.strip() for part in match.groups())
        if given and given.rstrip(".").lower() not in _NOT_GIVEN_NAMES:
            name = f"{given} {surname}" + (f" {bracketed}" if bracketed else "")
    return f"{name} [{party.address}]" if other else name


def recipients(parties: tuple[Party, ...]) -> str:
    """One name, two joined by "and", or the first "et al."."""
    names = [cited_name(p) for p in parties]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def email_title(email: Email) -> str:
    """"Email from A to B": the description that opens a citation; a sender or recipients a
    person gave (corrected, or filled in where the page withholds them) in brackets, as a brief
    marks the words it supplies ("Email from [Janet Roe] to John Doe")."""
    kind = "Meeting invitation" if email.kind == "meeting" else "Email"
    text = f"{kind} from {supplied(cited_name(email.sender), 'sender' in email.people_gave)}"
    to = recipients(email.to)
    return f"{text} to {supplied(to, 'to' in email.people_gave)}" if to else text


def supplied(words: str, given: bool) -> str:
    """``words`` in brackets when a person ``given`` them (a brief's mark of words it supplies);
    a placeholder among them keeps its words, not its own brackets ("[redacted (b)(6) et al.]", no
    bracket inside a bracket)."""
    return "[" + _PLACEHOLDER.sub(r"\1", words) + "]" if given else words


_PLACEHOLDER = re.compile(r"\[((?:redacted|unknown)[^\[\]]*)\]")


def production(release: Release) -> str:
    """"Drug Enforcement Administration, Request No. 19-00412-F, produced May 29, 2020": what
    the release records of who produced it, for which request, when ("" if nothing)."""
    parts = [" ".join(release.agency.split())]
    if release.request_number.strip():
        parts.append(f"Request No. {' '.join(release.request_number.split())}")
    if release.released.strip():
        parts.append(f"produced {format_date(release.released.strip())}")
    return ", ".join(part for part in parts if part)


def _pinpoint(bates: str, document: Document | None, first: int, last: int, folder: str = "") -> str:
    if bates:
        return bates
    if document is not None and document.native:
        place = message_place(document.media_type, folder, first)
        return f"{document.filename}, {place}" if place else document.filename
    where = page_range(first, last)
    return f"{document.filename}, {where}" if document else where


def _source(release: Release, pinpoint: str, permalink: str) -> str:
    """"Release, at PIN (agency, request, date), permalink"."""
    produced = production(release)
    return f"{release.title}, at {pinpoint}" + (f" ({produced})" if produced else "") + f", {permalink}"


def email_citation(email: Email, release: Release, permalink: str,
                   document: Document | None = None, quoting: Email | None = None) -> str:
    """The full citation of an email, ending with its permalink; a quoted copy (``email.quoted``)
    is cited "quoted in" ``quoting``, the email it is printed in."""
    # a quoted copy is pinned to its own pages: the quoting email's stamps name pages it is not on
    pinpoint = _pinpoint(cited_bates(email), document, email.start_page, email.end_page, email.folder)
    text = f"{email_title(email)} ({cited_date(email)}), "
    if email.quoted:
        text += (f"quoted in {email_title(quoting)} ({cited_date(quoting)}), " if quoting
                 else "quoted in another email, ")
    return f"{text}in {_source(release, pinpoint, permalink)}"


def email_named(email: Email, document: Document | None = None, quoting: Email | None = None) -> str:
    """"Email from Jane Roe to John Doe (Nov. 13, 2018, 3:50 PM), at TEST-000002": what an email
    id named, as the notice of a retired id recalls it (a citation's head and pinpoint); a quoted
    copy's with the email ``quoting`` it, as its citation names that one ("…, quoted in Email from
    …, at …"): a correction of the quoting email changes what the copy is cited as."""
    pinpoint = _pinpoint(cited_bates(email), document, email.start_page, email.end_page, email.folder)
    quoted = f"quoted in {email_title(quoting)} ({cited_date(quoting)}), " if email.quoted and quoting else ""
    return f"{email_title(email)} ({cited_date(email)}), {quoted}at {pinpoint}"


def page_citation(page: Page, release: Release, permalink: str,
                  document: Document | None = None) -> str:
    """A citation of one page: the release and the page's Bates number (or file and page)."""
    return _source(release, _pinpoint(page.bates or "", document, page.number, page.number), permalink)
