"""Internet mail (.eml, one message of an .mbox) read with Python's ``email`` package, bounded.

    MailLimits                  the bounds on one message (README, Native mail: the settings)
    read_message(data, …)       a message's bytes -> a NativeMessage: headers from the message
                                itself, the body as text (HTML reduced, no script survives),
                                its attached and inline files
    read_headers(text, …)       a header block alone -> a NativeMessage's header fields
    mbox_messages(path, …)      an .mbox -> (position, bytes or the reason it was refused) per message

The only module that imports ``email`` parsing and ``mailbox`` (import-linter: .importlinter).
Everything in a message is untrusted: its headers may be malformed or lie about their
charset, its MIME tree may nest without end, its parts may be huge. Each bound broken is a
MailRefused naming the setting that raises it; a wrong or unknown charset is read as well as it
can be and said in a warning.
"""

from __future__ import annotations

import email.policy
import email.utils
import itertools
import mailbox
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.headerregistry import Address, Group
from email.message import EmailMessage, Message
from email.parser import BytesParser, Parser
from pathlib import Path

from archive.dates import ZONE_OFFSETS, printed_zone
from archive.model import Party

from .articles import mail_html_text

MB = 1024 * 1024


class MailRefused(Exception):
    """A message broke a bound or cannot be read; the text says why and what to do."""


@dataclass(frozen=True)
class MailLimits:
    """Bounds on one message; each from its ``FOIA_MAIL_*`` environment variable."""

    max_message_bytes: int = 64 * MB  # one .eml or .msg, or one message of an .mbox
    max_attachment_bytes: int = 64 * MB  # one attached file, decoded
    max_parts: int = 1000  # MIME parts of one message
    max_depth: int = 8  # message/rfc822 and multipart parts nested inside each other
    max_containers: int = 100  # multipart and message/* parts of one message, counted before parsing
    max_body_chars: int = 2_000_000  # the body's text
    max_messages: int = 100_000  # messages of one .mbox

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> MailLimits:
        """The defaults, each replaced by its variable when set (sizes in MB)."""
        names = {"max_message_bytes": ("FOIA_MAIL_MAX_MESSAGE_MB", MB),
                 "max_attachment_bytes": ("FOIA_MAIL_MAX_ATTACHMENT_MB", MB),
                 "max_parts": ("FOIA_MAIL_MAX_PARTS", 1), "max_depth": ("FOIA_MAIL_MAX_DEPTH", 1),
                 "max_containers": ("FOIA_MAIL_MAX_CONTAINERS", 1),
                 "max_body_chars": ("FOIA_MAIL_MAX_BODY_CHARS", 1),
                 "max_messages": ("FOIA_MAIL_MAX_MESSAGES", 1)}
        values: dict[str, int] = {}
        for name, (variable, unit) in names.items():
            raw = environ.get(variable, "").strip()
            if raw:
                if not raw.isdigit() or int(raw) < 1:
                    raise ValueError(f"{variable}={raw[:40]!r} is not a whole number above 0; fix or unset it")
                values[name] = int(raw) * unit
        return cls(**values)


@dataclass(frozen=True)
class MailFile:
    """A file attached to a message, or shown inside it (``inline``: an image its HTML shows)."""

    filename: str
    content_type: str
    data: bytes
    inline: bool = False
    content_id: str = ""


@dataclass(frozen=True)
class NativeMessage:
    """One message as its own headers and parts say, read by ``read_message`` or ingest/outlook.py."""

    sender: Party | None
    to: tuple[Party, ...]
    cc: tuple[Party, ...]
    bcc: tuple[Party, ...]
    sent: str | None  # ISO 8601 with the zone the Date header gave
    sent_raw: str
    date_certainty: str  # "exact", "damaged" (a Date no one can read) or "missing"
    subject: str
    message_id: str
    in_reply_to: str
    references: tuple[str, ...]
    body: str
    files: tuple[MailFile, ...]
    warnings: tuple[str, ...] = field(default=())
    kind: str = "email"  # or "meeting": a calendar item or meeting request of an Outlook data file
    folder: str = ""  # the folder of an Outlook data file the message sits in ("Inbox/Projects")


_MESSAGE_ID = re.compile(r"<[^<>\s]{1,250}>")
# a part that holds parts: the parser's time grows with their nesting (200 deep: 1.5 s), so they
# are counted in the raw bytes before it runs (a folded header's value may start on the next line)
_CONTAINER = re.compile(rb"^content-type:\s*(?:multipart|message)/", re.IGNORECASE | re.MULTILINE)
_MAX_HEADER = 2000  # characters of one header value kept
_MAX_NAME = 200


def shown(text: str, limit: int = _MAX_HEADER) -> str:
    """A value from a message as it may be stored and shown: printable, whitespace collapsed,
    bounded (a header may hold anything, control characters and surrogates among them; bytes a
    mailer sent unencoded, which the email package keeps as escapes, read as UTF-8, or else as
    Windows-1252)."""
    text = text.encode("utf-8", "replace").decode("utf-8") if not _ESCAPED_BYTE.search(text) else _unescaped(text)
    text = "".join(c if c.isprintable() else " " for c in unicodedata.normalize("NFC", text))
    return " ".join(text.split())[:limit]


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _unescaped(text: str) -> str:
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # (another lone surrogate: no bytes to read back)
        return text.encode("utf-8", "replace").decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def safe_filename(name: str, ordinal: int, content_type: str) -> str:
    """An attachment's name as it may be shown and offered for download: no folders, no
    control characters, bounded; a made-up one when the message gives none."""
    base = re.split(r"[/\\]", shown(name, 1000))[-1].strip(" .")
    if not base:
        extension = {"application/pdf": ".pdf", "message/rfc822": ".eml", "text/plain": ".txt",
                     "text/html": ".html", "image/png": ".png", "image/jpeg": ".jpg",
                     "image/gif": ".gif"}.get(content_type, "")
        base = f"attachment-{ordinal}{extension}"
    return base[-_MAX_NAME:]


def message_ids(value: str) -> tuple[str, ...]:
    """The "<id@host>" items of a Message-ID, In-Reply-To or References value, in order."""
    return tuple(dict.fromkeys(_MESSAGE_ID.findall(value[:20000])))


def party(name: str, address: str) -> Party:
    """A sender or recipient; a display name that only repeats the address is dropped."""
    name, address = shown(name, _MAX_NAME), shown(address, _MAX_NAME).lower()
    return Party(name="" if name.lower() == address else name, address=address)


def date_fields(raw: str, moment: datetime | None) -> tuple[str | None, str, str]:
    """(ISO date, raw, certainty) of a Date header, its zone kept. A moment no calendar holds in
    UTC (year 9999 at UTC-12) or in a year other than the one printed (the email package reads
    "0001" as 2001, its rule for two-digit years) is no date: the header is kept as printed,
    damaged."""
    raw = shown(raw, 200)
    if moment is not None and moment.tzinfo is None and _UTC_LOCAL_UNKNOWN.search(raw):
        moment = moment.replace(tzinfo=UTC)  # RFC 5322's "-0000": the time is UTC, the sender's own zone unsaid
    elif moment is not None and moment.tzinfo is None and (zone := printed_zone(raw)) \
            and (offset := ZONE_OFFSETS.get(zone.lower())):  # ("CEST": a zone the email package does not know)
        moment = datetime.fromisoformat(moment.isoformat() + offset)
    if moment is not None and _as_printed(raw, moment):
        return moment.isoformat(), raw, "exact"
    return None, raw, "damaged" if raw else "missing"


_UTC_LOCAL_UNKNOWN = re.compile(r"\d:\d\d(?::\d\d)?\s+-0000\b")
# the year of an RFC 5322 date, after its month's name ("Fri, 31 Dec 9999 23:59:59 -1200")
_PRINTED_YEAR = re.compile(r"\b[A-Za-z]{3}[a-z]*\.?\s+(\d{3,4})(?=\s|,|$)")


def _as_printed(raw: str, moment: datetime) -> bool:
    try:
        moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return False
    printed = _PRINTED_YEAR.search(raw)
    return printed is None or int(printed.group(1)) == moment.year


def addresses(value: str) -> tuple[Party, ...]:
    """The parties of an address header's raw value ("Ann <a@x.gov>, Roe, Jane <j@x.gov>;
    b@y.com"), its encoded words decoded, its folds undone."""
    return listed(value)[0]


def listed(value: str) -> tuple[tuple[Party, ...], bool]:
    """``addresses``, and whether the list is longer than is read (``_MAX_LIST`` characters, cut
    after the last whole party in them; ``MAX_PARTIES`` parties)."""
    flat = value.replace("\r", "").replace("\n", "")
    cut = len(flat) > _MAX_LIST
    value = _commas_for_semicolons(_whole_parties(flat[:_MAX_LIST]) if cut else flat)
    found: list[Party] = []
    for chunk in _chunks(value):
        try:
            header = email.policy.default.header_factory("To", chunk)
        except Exception:  # noqa: BLE001 - a value the registry cannot parse: kept as a name
            header = None
        found.extend(_commented_names(_header_parties(header, chunk), chunk))
        if len(found) > MAX_PARTIES:
            break
    return tuple(found[:MAX_PARTIES]), cut or len(found) > MAX_PARTIES


# A distribution list's thousands of recipients are read whole (5,000 parties of "Roe, Jane
# <jroe@agency.gov>" in about 1.3 s); past that the list is cut and the message says so.
_MAX_LIST = 500_000  # characters of an address header read (5,000 parties of 100)
MAX_PARTIES = 5_000  # (a list's; an Outlook item's recipients, at most three lists of them)


def recipients_cut(where: str, kept: int) -> str:
    """The warning a message whose recipients were more than are read carries."""
    return f"{where}: more recipients than are read; the first {kept:,} kept"


def _whole_parties(value: str) -> str:
    """A list cut mid-party, without that party: up to the last comma outside quotes and brackets
    that ends a party (not the one inside a "Roe, Jane" name)."""
    pieces = _top_level_pieces(value)[:-1]
    while pieces and "@" not in pieces[-1]:  # a bare name's surname before its given name's comma
        pieces.pop()
    return ",".join(pieces)


def _commented_names(parties: tuple[Party, ...], chunk: str) -> tuple[Party, ...]:
    """Parties named the old way, in a comment after the address ("jroe@x.gov (Jane Roe)"), which
    the header registry drops: the name ``email.utils.getaddresses`` reads there."""
    if "(" not in chunk:
        return parties
    named = {address.lower(): name for name, address in email.utils.getaddresses([chunk]) if name and address}
    return tuple(replace(p, name=shown(named[p.address], _MAX_NAME)) if not p.name and p.address in named else p
                 for p in parties)


_CHUNK = 1000  # characters of an address list the email package parses at once (its parse is quadratic)
# a piece longer is cut at every comma, quoted or in a group (a list after "Office: …" with no
# closing ";"): a 20 KB piece took seconds; what a cut may spoil is a name, never a party lost
# (one with no comma is one party at most, its name or address far past any kept)
_LONG_PIECE = 4 * _CHUNK


def _chunks(value: str) -> list[str]:
    """An address list cut at its commas into runs of at most ``_CHUNK`` characters (a longer
    piece alone, cut): the package's parse of a crafted 20 KB header took 20 s. A run never
    ends on a bare word, which may be the next party's surname ("Roe, Jane <j@x.gov>")."""
    pieces = [part for piece in _top_level_pieces(value) for part in _cut_long(piece)]
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + len(piece) > _CHUNK and not _ends_bare(current):
            chunks.append(current)
            current = ""
        current = f"{current},{piece}" if current else piece
    return [*chunks, current] if current else chunks


def _cut_long(piece: str) -> list[str]:
    if len(piece) <= _LONG_PIECE:
        return [piece]
    return piece.split(",") if "," in piece else [piece[:_CHUNK]]


def _ends_bare(run: str) -> bool:
    last = run.rsplit(",", 1)[-1]
    return "@" not in last and "<" not in last and len(run) < 2 * _CHUNK


def _top_level_pieces(value: str) -> list[str]:
    """The pieces between the commas outside quotes, comments, angle brackets and groups."""
    pieces: list[str] = []
    start = 0
    in_group = False
    for at, (c, top) in enumerate(_scanned(value)):
        if not top:
            continue
        if c == ":":
            in_group = True
        elif c == ";":
            in_group = False
        elif c == "," and not in_group:
            pieces.append(value[start:at])
            start = at + 1
    pieces.append(value[start:])
    return [piece for piece in pieces if piece.strip()]


def _commas_for_semicolons(value: str) -> str:
    """An address list with each ";" that closes no group made a comma: Outlook separates
    parties so ("a@x.gov; Bo <b@x.gov>"), and the email package drops all after the first."""
    out: list[str] = []
    in_group = False
    for c, top in _scanned(value):
        if top and c == ":":
            in_group = True
        elif top and c == ";":
            # after a group too: the parser reads nothing after a group no comma follows
            c, in_group = ("," if not in_group else ";,"), False
        out.append(c)
    return "".join(out)


def _scanned(value: str) -> Iterator[tuple[str, bool]]:
    """Each character of an address list, and whether it stands outside quotes, comments and
    angle brackets (where "," ":" ";" separate parties and groups)."""
    quoted = escaped = in_angle = False
    comment = 0
    for c in value:
        top = False
        if escaped:
            escaped = False
        elif c == "\\" and (quoted or comment):
            escaped = True
        elif quoted:
            quoted = c != '"'
        elif comment:
            comment += {"(": 1, ")": -1}.get(c, 0)
        elif c in '"(':
            quoted, comment = c == '"', int(c == "(")
        elif in_angle:
            in_angle = c != ">"
        elif c == "<":
            in_angle = True
        else:
            top = True
        yield c, top


def parse_date(value: str) -> tuple[str | None, str, str]:
    """(ISO date, raw, certainty) of a Date header's value."""
    try:
        moment: datetime | None = email.utils.parsedate_to_datetime(value[:200]) if value.strip() else None
    except (TypeError, ValueError, IndexError, OverflowError):
        moment = None
    return date_fields(value, moment)


def _header(message: Message, name: str) -> str:
    """A header's decoded value, or "" (a header so broken it cannot be decoded, or holding bytes
    sent unencoded that the package could not read: its raw text, for ``shown`` to read)."""
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 - the email package's parser raises many kinds on hostile headers
        # (and again when asked for the raw values: "Message-ID: <>" raises IndexError in both)
        value = next((raw for key, raw in message.raw_items() if key.lower() == name.lower()), None)
    if value is not None and "\ufffd" in str(value):  # bytes sent unencoded the package could not read: as raw
        value = next((raw for key, raw in message.raw_items() if key.lower() == name.lower()), value)
    return str(value) if value is not None else ""


def _parties(message: Message, name: str) -> tuple[Party, ...]:
    return _listed(message, name)[0]


def _listed(message: Message, name: str) -> tuple[tuple[Party, ...], bool]:
    raw = next((value for key, value in message.raw_items() if key.lower() == name.lower()), "")
    return listed(raw)


def _header_parties(header: object, value: str) -> tuple[Party, ...]:
    """The parties of a parsed address header, each group's pieces rejoined into names
    (``_joined_names``); a group that lists no one ("undisclosed-recipients:;") is named as a
    party, as a printed copy shows it; the header's text is one name when it holds no address."""
    found: list[Party] = []
    try:
        groups: tuple[Group, ...] = getattr(header, "groups", ()) or ()
        # the parser makes each address outside a group a group of its own, without a name
        for named, run in itertools.groupby(groups, key=lambda g: g.display_name is not None):
            for group in run if named else [Group(None, [a for g in run for a in g.addresses])]:
                if group.display_name and not group.addresses:
                    found.append(Party(name=shown(group.display_name, _MAX_NAME)))
                found.extend(_joined_names(group.addresses))
    except Exception:  # noqa: BLE001 - the registry's parse of a hostile header may fail when read
        found = []
    text = str(header) if header is not None else value
    if not found and text.strip():
        return (Party(name=shown(text, _MAX_NAME)),)
    return tuple(found)


def _joined_names(pieces: Sequence[Address]) -> tuple[Party, ...]:
    """The parties of one address list or group as the email package splits it at its commas,
    an unquoted "Last, First <address>" kept one party.

    A display name with a comma must be quoted ("\"Roe, Jane\" <j@x.gov>"), but Exchange and
    Outlook exports and hand-made messages often leave it bare; the parser then reads the
    surname as an address of its own ("roe") and the given name as the next party's name. A
    piece that is no address (no "@", no name of its own) directly before a piece with a name
    and an address is that party's surname:

        Roe, Jane <j@x.gov>, Doe, John <d@x.gov>  ->  ("Roe, Jane", j@x.gov), ("Doe, John", d@x.gov)
        a@x.gov, Roe, Jane <j@x.gov>              ->  ("", a@x.gov), ("Roe, Jane", j@x.gov)
    """
    parties: list[Party] = []
    pending: Address | None = None  # a bare word that may be the next party's surname
    for piece in pieces:
        if pending is not None and piece.display_name and piece.domain:
            parties.append(party(f"{pending.username}, {piece.display_name}", piece.addr_spec))
            pending = None
            continue
        if pending is not None:
            parties.append(party("", pending.addr_spec))
            pending = None
        if not piece.display_name and not piece.domain and piece.username.strip():
            pending = piece
        elif piece.display_name or piece.addr_spec:
            parties.append(party(piece.display_name, piece.addr_spec))
    if pending is not None:
        parties.append(party("", pending.addr_spec))
    return tuple(parties)


def _date(message: Message) -> tuple[str | None, str, str]:
    """(ISO date, the header as printed, certainty): printed as the message carries it, never the
    email package's reprint (which puts a wrong weekday right and adds a zone never printed)."""
    printed = next((value for key, value in message.raw_items() if key.lower() == "date"), None)
    raw = " ".join(str(printed).split()) if isinstance(printed, str) else _header(message, "Date")
    try:
        header = message.get("Date")
        moment = getattr(header, "datetime", None)
    except Exception:  # noqa: BLE001 - an unparseable date is kept as printed
        moment = None
    return date_fields(raw, moment if isinstance(moment, datetime) else None)


def decoded_text(payload: bytes, charset: str | None, warnings: list[str], where: str) -> str:
    """Bytes in the charset the message declares; an unknown charset, or bytes that are not in
    it, read as UTF-8 and then Windows-1252 (said in ``warnings``)."""
    declared = (charset or "us-ascii").strip().lower()
    try:
        return payload.decode(declared)
    except LookupError:
        warnings.append(f"{where}: unknown charset {shown(declared, 40)!r}, read as UTF-8 or Windows-1252")
    except UnicodeDecodeError:
        warnings.append(f"{where}: not valid {shown(declared, 40)}, read as UTF-8 or Windows-1252")
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("cp1252", errors="replace")


def html_to_text(html: str, warnings: list[str]) -> str:
    """An HTML body as the text its recipient read: its paragraphs, quotes and links (no script,
    style or head); text styled out of view is left out and said in ``warnings``."""
    text, hidden = mail_html_text(html)
    if hidden:
        warnings.append(f"the HTML body holds {hidden:,} characters of text styled out of view (display:none, "
                        "hidden): left out of its text; the original keeps them")
    return text


class _Reader:
    """One message's MIME tree walked within the limits."""

    def __init__(self, limits: MailLimits) -> None:
        self.limits = limits
        self.parts = 0
        self.warnings: list[str] = []
        self.files: list[MailFile] = []
        self.texts: list[tuple[str, str]] = []  # (subtype, text) of body parts, in order

    def walk(self, part: Message, depth: int) -> None:
        self.parts += 1
        if self.parts > self.limits.max_parts:
            raise MailRefused(f"more than {self.limits.max_parts:,} MIME parts (FOIA_MAIL_MAX_PARTS); "
                              "a message this large is likely hostile: check it, or raise the limit")
        if depth > self.limits.max_depth:
            raise MailRefused(f"parts nested more than {self.limits.max_depth} deep (FOIA_MAIL_MAX_DEPTH), "
                              "e.g. messages forwarded inside messages; raise the limit if it is genuine")
        kind = part.get_content_type()
        if part.is_multipart() and kind != "message/rfc822":
            first = len(self.texts)
            for sub in part.get_payload():
                if isinstance(sub, Message):
                    self.walk(sub, depth + 1)
            if kind == "multipart/alternative":
                self.texts[first:] = _one_rendering(self.texts[first:])
            return
        if kind == "message/rfc822":
            self._attach_message(part, depth)
            return
        disposition = part.get_content_disposition()
        filename = self._filename(part)
        if part.get_content_maintype() == "text" and disposition != "attachment" and not filename \
                and part.get_content_subtype() in ("plain", "html"):
            self.texts.append((part.get_content_subtype(), self._text(part)))
            return
        self._attach(part, filename, kind, disposition)

    def _filename(self, part: Message) -> str:
        try:
            return part.get_filename() or ""
        except Exception:  # noqa: BLE001 - a broken RFC 2231 parameter
            return ""

    def _payload(self, part: Message, what: str) -> bytes:
        encoded = part.get_payload()
        if isinstance(encoded, str) and len(encoded) * 3 // 4 > self.limits.max_attachment_bytes:
            raise MailRefused(f"{what} is over the {self.limits.max_attachment_bytes // MB} MB limit "
                              "(FOIA_MAIL_MAX_ATTACHMENT_MB); raise the limit if it is genuine")
        data = part.get_payload(decode=True)
        return data if isinstance(data, bytes) else b""

    def _text(self, part: Message) -> str:
        data = self._payload(part, "a text part")
        where = f"a text/{part.get_content_subtype()} part"
        return decoded_text(data, part.get_content_charset(), self.warnings, where)

    def _attach(self, part: Message, filename: str, kind: str, disposition: str | None) -> None:
        ordinal = len(self.files) + 1
        name = safe_filename(filename, ordinal, kind)
        data = self._payload(part, f"attachment {ordinal} ({name})")
        content_id = shown(_header(part, "Content-ID"), 250)
        inline = disposition == "inline" or (bool(content_id) and kind.startswith("image/"))
        self.files.append(MailFile(name, shown(kind, 100), data, inline, content_id))

    def _attach_message(self, part: Message, depth: int) -> None:
        """A message forwarded as an attachment: kept as an .eml file, its depth counted."""
        inner = part.get_payload()
        inner_message = inner[0] if isinstance(inner, list) and inner else None
        if isinstance(inner_message, Message):
            counter = _Reader(self.limits)
            counter.parts = self.parts
            counter.walk(inner_message, depth + 1)  # the bounds hold inside it too
            self.parts = counter.parts
            data = inner_message.as_bytes(policy=email.policy.default.clone(max_line_length=0))
            subject = shown(_header(inner_message, "Subject"), 120)
        else:
            data, subject = b"", ""
        if len(data) > self.limits.max_attachment_bytes:
            raise MailRefused(f"an attached message is over the {self.limits.max_attachment_bytes // MB} MB "
                              "limit (FOIA_MAIL_MAX_ATTACHMENT_MB)")
        ordinal = len(self.files) + 1
        name = safe_filename(self._filename(part) or (f"{subject}.eml" if subject else ""), ordinal,
                             "message/rfc822")
        self.files.append(MailFile(name, "message/rfc822", data, False, ""))

    def body(self) -> str:
        """The message's text parts joined in order, each alternative's one rendering (its
        plain text where it has one, else its HTML as text)."""
        texts = [text if subtype == "plain" else html_to_text(text, self.warnings) for subtype, text in self.texts]
        return "\n\n".join(t.strip("\n") for t in texts if t.strip())


def _one_rendering(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Of a multipart/alternative's text parts (the same message rendered as plain text and as
    HTML), the plain ones where there are any, else the HTML: one rendering, not both. The
    parts of a multipart/mixed are each a part of the message (a list's footer after an HTML
    body), all kept."""
    plain = [(subtype, text) for subtype, text in texts if subtype == "plain"]
    return plain or texts


def body_within(text: str, limits: MailLimits) -> str:
    """A body's text with line ends made plain, refused past the limit."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(text) > limits.max_body_chars:
        raise MailRefused(f"its text is {len(text):,} characters, over the {limits.max_body_chars:,} limit "
                          "(FOIA_MAIL_MAX_BODY_CHARS); raise the limit if it is genuine")
    return text


def read_message(data: bytes, limits: MailLimits) -> NativeMessage:
    """A message's headers, body and files (MailRefused when it breaks a bound)."""
    if len(data) > limits.max_message_bytes:  # (read to one byte past the limit, its size is unknown)
        size = "" if len(data) == limits.max_message_bytes + 1 else f" {len(data) / MB:,.1f} MB,"
        raise MailRefused(f"the message is{size} over the {limits.max_message_bytes // MB} MB "
                          "limit (FOIA_MAIL_MAX_MESSAGE_MB); raise the limit if it is genuine")
    containers = sum(1 for _ in zip(_CONTAINER.finditer(data), range(limits.max_containers + 2), strict=False))
    if containers > limits.max_containers + 1:  # the message itself may be one
        raise MailRefused(f"more than {limits.max_containers} multipart or attached-message parts "
                          "(FOIA_MAIL_MAX_CONTAINERS), e.g. parts nested without end; raise the limit if "
                          "it is genuine")
    try:
        message = BytesParser(policy=email.policy.default).parsebytes(data)
    except RecursionError:
        raise MailRefused(f"parts nested too deep to read (FOIA_MAIL_MAX_DEPTH is {limits.max_depth})") from None
    assert isinstance(message, EmailMessage)
    reader = _Reader(limits)
    try:
        reader.walk(message, 0)
    except RecursionError:
        raise MailRefused(f"parts nested too deep to read (FOIA_MAIL_MAX_DEPTH is {limits.max_depth})") from None
    if message.defects:
        reader.warnings.append("malformed MIME (" + ", ".join(sorted({type(d).__name__ for d in message.defects}))[:200]
                               + "); read as well as it could be")
    return _headed(message, body_within(reader.body(), limits), tuple(reader.files), tuple(reader.warnings))


def _headed(message: Message, body: str, files: tuple[MailFile, ...], warnings: tuple[str, ...]) -> NativeMessage:
    """A message's header fields, with the body, files and warnings read apart from them."""
    sender = _parties(message, "From") or _parties(message, "Sender")
    sent, sent_raw, certainty = _date(message)
    lists = {name: _listed(message, name) for name in ("To", "Cc", "Bcc")}
    warnings += tuple(recipients_cut(name, len(parties)) for name, (parties, cut) in lists.items() if cut)
    return NativeMessage(
        sender=sender[0] if sender else None, to=lists["To"][0], cc=lists["Cc"][0],
        bcc=lists["Bcc"][0], sent=sent, sent_raw=sent_raw, date_certainty=certainty,
        subject=shown(_header(message, "Subject")),
        message_id=next(iter(message_ids(_header(message, "Message-ID"))), ""),
        in_reply_to=next(iter(message_ids(_header(message, "In-Reply-To"))), ""),
        references=message_ids(_header(message, "References"))[:200],
        body=body, files=files, warnings=warnings)


def read_headers(text: str, limits: MailLimits) -> NativeMessage:
    """The header fields of a header block alone (the Internet headers an Outlook item arrived
    with), as ``read_message`` reads them; no body, no files."""
    text = text[:limits.max_message_bytes].replace("\r\n", "\n").split("\n\n", 1)[0]
    message = Parser(policy=email.policy.default).parsestr(text + "\n\n", headersonly=True)
    return _headed(message, "", (), ())


def is_mbox(head: bytes) -> bool:
    """Does a file begin as an mbox does: a "From " separator line, then a message's headers?"""
    first, _, rest = head.partition(b"\n")
    return first.startswith(b"From ") and looks_like_headers(rest)


_FIELD = re.compile(rb"^[\x21-\x39\x3b-\x7e]{1,76}:")
_MAIL_FIELDS = frozenset({b"from", b"to", b"cc", b"date", b"subject", b"message-id", b"mime-version",
                          b"received", b"sender", b"return-path", b"in-reply-to", b"references"})


def looks_like_headers(head: bytes) -> bool:
    """Does a file begin with an Internet message's header block: field lines (their
    continuations indented) up to the first blank line, with at least two of the fields mail has?"""
    seen: set[bytes] = set()
    for line in head.replace(b"\r\n", b"\n").split(b"\n")[:400]:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            if not seen:
                return False
            continue
        match = _FIELD.match(line)
        if match is None:
            return False
        seen.add(match.group(0)[:-1].lower())
    return len(seen & _MAIL_FIELDS) >= 2


def mbox_messages(path: Path, limits: MailLimits) -> Iterator[tuple[int, bytes | MailRefused]]:
    """Each message of an .mbox, numbered from 1, as bytes (without its "From " line), or the
    reason it was refused; never more bytes of one message than the limit allows."""
    box = mailbox.mbox(path, create=False)
    try:
        for position, key in enumerate(box.iterkeys(), start=1):
            if position > limits.max_messages:
                yield position, MailRefused(
                    f"the mbox holds more than {limits.max_messages:,} messages (FOIA_MAIL_MAX_MESSAGES); "
                    "the rest were not read: split it, or raise the limit")
                return
            with box.get_file(key) as handle:
                data = handle.read(limits.max_message_bytes + 1)
            if len(data) > limits.max_message_bytes:
                yield position, MailRefused(
                    f"the message is over the {limits.max_message_bytes // MB} MB limit "
                    "(FOIA_MAIL_MAX_MESSAGE_MB); raise the limit if it is genuine")
            else:
                yield position, data
    finally:
        box.close()
