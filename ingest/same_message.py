"""Whether two records are the same message, and which records are copies of one message.

A message turns up again and again: printed on its own, quoted inside the replies to it, in
a second file, in a later re-release, in another agency's production. Each printing is read
on its own, with its own OCR errors and its own redaction boxes. :func:`same_message` decides
for two of them, as a recipe of named steps:

1. **Message-ID.** Two records that both carry one are different messages when the ids differ
   (native mail; printed email has none). Equal ids are evidence, not proof: anyone who writes
   a message may write any id, so the time (within a minute or two) and the sender must agree
   and one body lie within the other (a copy with words withheld, or a banner added); a forged
   copy with other words, another sender or another time is another message.
2. **Sent time.** Both dated: the same minute on the clock printed (one copy may print
   seconds, or a zone, the other not; two zones are compared in UTC). Different: different
   messages; so are two copies printing other days, where one prints its day alone.
3. **Sender.** Both readable: the same address, or the same name (any order, "Last, First",
   OCR damage tolerated). Different: different messages. A redacted sender decides nothing.
4. **Subject.** Normalised (no RE:/FW:, no redaction labels), the same up to OCR damage.
5. **Recipients.** Both To: lists read: someone alike on both (OCR damage tolerated). No one
   alike: different messages (a form letter sent the same minute to each of many people).
6. **Body.** The message's own words (the quoted chain below it cut off; exemption labels,
   signatures' redaction boxes and punctuation left out) are alike up to OCR damage and
   redaction: words one copy withholds are missing from it, not different; and what each says
   above the ending both share (a signature and notice) is alike, or one lies within the other.

Steps 2 to 6 all have to agree; what a redaction hides counts for neither side, but a copy
that carries no date needs its body to agree more closely, and a body of a few words ("Thanks")
needs both the sender and the minute read on both copies.
:func:`group_copies` groups records by blocking keys (:func:`blocking_keys`: the minute sent,
the Message-ID, the subject of an undated record), so no grouping compares all pairs.

Pure functions over :class:`MessageRecord` (built from an archive ``Email`` by
:func:`record_of`, reading a ``message_id`` where the email has one).
"""

from __future__ import annotations

import functools
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from rapidfuzz import fuzz

from archive import Archive, Email, Party

from .marks import exemption_spans

MAX_OWN_WORDS = 400  # words of a body compared: a message's own text, not a whole thread
MIN_BODY = 0.80  # body similarity (0..1) two copies need
MIN_BODY_UNSURE = 0.90  # ... when a copy carries no date
MIN_SUBJECT = 0.85
MIN_NAME = 0.85
OPENING = 160  # letters of a body's opening compared on their own (where the message's own words are)
SHORT_BODY = 6  # words: below this a body says too little ("Thanks."); the header decides
MIN_RECIPIENT = 0.6  # name similarity of a recipient alike in two copies (no one alike decides: OCR may damage one)
SHARED_ENDING = 40  # letters two bodies end alike in, at least, to be a signature they share
MAX_BLOCK = 400  # records one blocking key may gather: a key shared by more says nothing

_WORD = re.compile(r"[^\W_]+")
# Where the quoted chain below a message begins: a header block of an earlier message, a
# separator line, or "On <date>, <person> wrote:".
_QUOTE_START = re.compile(
    r"^\s*(?:-{2,}\s*original message\s*-{2,}|-{4,}|_{6,}|>?\s*from\s*:\s*\S|[o0]n [^\n]{4,120}(?:\n[^\n]{0,120})?wrote:|"
    r"begin forwarded message|-{2,}\s*forwarded message)",
    re.IGNORECASE | re.MULTILINE)
_HEADER_LABEL = re.compile(r"^\s*>?\s*(?:from|sent|date|to|cc|subject|importance)\s*:", re.IGNORECASE)
# Tesseract's usual confusions, folded to one spelling before bodies are compared
_OCR_FOLD = str.maketrans({"0": "o", "1": "l", "5": "s", "í": "i", "|": "l"})
_OCR_PAIRS = (("rn", "m"), ("cl", "d"), ("vv", "w"))
_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|wg)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)


@dataclass(frozen=True)
class MessageRecord:
    """What the matcher reads of one printing (or native copy) of a message."""

    id: str
    sender: Party | None
    sent: str | None  # ISO 8601, with or without seconds and zone
    subject: str  # as printed (prefixes and labels are stripped here)
    body: str
    message_id: str = ""
    quoted: bool = False
    to: tuple[Party, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """The decision on two records and the step that made it."""

    same: bool
    step: str  # "message-id", "sent", "sender", "subject", "recipients", "body", "header"
    body_score: float = 0.0  # how alike the bodies read, where the step compared them


def record_of(email: Email) -> MessageRecord:
    """The matcher's view of an archive email (its Message-ID where the record has one)."""
    return MessageRecord(id=email.id, sender=email.sender, sent=email.sent, subject=email.normalized_subject or email.subject,
                         body=email.body, message_id=email.message_id or "", quoted=email.quoted, to=email.to)


# -- the steps --------------------------------------------------------------------------------


def message_id_key(value: str) -> str:
    """A Message-ID as compared: without angle brackets and spaces, its domain in lower case
    (its left part is the sender's, and case tells its ids apart: RFC 5322)."""
    local, at, domain = "".join(value.split()).strip("<>").rpartition("@")
    return f"{local}{at}{domain.lower()}" if at else domain


def sent_minute(sent: str | None) -> tuple[str, datetime | None] | None:
    """(the clock minute printed, "YYYY-MM-DDTHH:MM"; the moment in UTC when a zone is printed),
    or None for an undated record."""
    if not sent or len(sent) < 16 or not sent[:4].isdigit():
        return None
    try:
        moment = datetime.fromisoformat(sent)
        utc = moment.replace(second=0, microsecond=0).astimezone(UTC) if moment.tzinfo else None
    except (ValueError, OverflowError):
        return sent[:16], None
    return sent[:16], utc


def times_agree(a: str | None, b: str | None) -> bool | None:
    """Same minute sent (None: a copy is undated, so the time decides nothing); where one prints
    its day alone (its clock withheld, or a reply line's "On Monday, March 4, 2019"), other days
    are other messages (a sender's daily reports), and nothing else is decided."""
    first, second = sent_minute(a), sent_minute(b)
    if first is None or second is None:
        days = [_day(value) for value in (a, b)]
        return False if days[0] and days[1] and days[0] != days[1] else None
    if first[1] is not None and second[1] is not None:
        return first[1] == second[1]
    return first[0] == second[0]


def _day(sent: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(sent[:10]) if sent and len(sent) >= 10 else None
    except ValueError:
        return None


def recipients_agree(a: Sequence[Party], b: Sequence[Party]) -> bool | None:
    """Whether two copies' To: lists name someone alike (None: one is empty or withheld, which
    decides nothing). Lists naming no one alike are other messages: a form letter sent the same
    minute to each of many people, a "Thanks!" to each."""
    first, second = ([p for p in parties if p.name or p.address] for parties in (a, b))
    if not first or not second:
        return None
    return any(senders_agree(one, other, MIN_RECIPIENT) is not False for one in first for other in second)


def _name_words(name: str) -> str:
    return " ".join(sorted(w.lower() for w in _WORD.findall(name) if len(w) > 1))


def senders_agree(a: Party | None, b: Party | None, floor: float = MIN_NAME) -> bool | None:
    """Same sender (None: one is hidden by a redaction or missing, which decides nothing);
    ``floor``: how alike two names are to be one person's (addresses always ``MIN_NAME``)."""
    if a is None or b is None:
        return None
    if a.address and b.address:
        return fuzz.ratio(a.address.lower(), b.address.lower()) / 100 >= MIN_NAME
    names = [_name_words(p.name or p.address.split("@")[0].replace(".", " ")) for p in (a, b)]
    if not names[0] or not names[1]:
        return None
    if _surname_alone(a, b) or _surname_alone(b, a):
        return True
    return fuzz.token_sort_ratio(names[0], names[1]) / 100 >= floor


_SURNAME_LETTERS = 3  # letters a surname printed alone has, at least, to name its person


def _surname_alone(alone: Party, whole: Party) -> bool:
    """Whether one printing names the sender by the other's surname alone (layout family, Outlook
    prints of a mailbox's own messages: "From: Lee" where the copies quoting it print "Lee, Ann
    B." or "Ann Lee"), neither printing an address."""
    if alone.address or whole.address or not alone.name or not whole.name:
        return False
    word = alone.name.strip().casefold()
    surname = (whole.name.split(",", 1)[0] if "," in whole.name else (whole.name.split() or [""])[-1]).strip().casefold()
    return len(word) >= _SURNAME_LETTERS and word.isalpha() and word == surname and word != whole.name.strip().casefold()


def subject_words(subject: str) -> str:
    """A subject as compared: no reply or forward prefixes, no exemption labels, words only."""
    return " ".join(_words(_SUBJECT_PREFIX.sub("", subject)))


def subjects_agree(a: str, b: str) -> bool:
    first, second = subject_words(a), subject_words(b)
    if not first or not second:
        return first == second
    return fuzz.ratio(first, second) / 100 >= MIN_SUBJECT


def own_text(body: str) -> str:
    """The message's own words: the body down to where a quoted earlier message begins (a
    separator, "On … wrote:", or a header block: two header labels within three lines, so a
    label OCR damaged or a box hid does not hide the block)."""
    found = _QUOTE_START.search(body, 1)
    end = found.start() if found else len(body)
    lines = body[:end].split("\n")
    offset = 0
    for index, line in enumerate(lines):
        if index and _HEADER_LABEL.match(line) and any(_HEADER_LABEL.match(n) for n in lines[index + 1:index + 4]):
            return body[:offset]
        offset += len(line) + 1
    return body[:end]


def _words(text: str) -> list[str]:
    """Words without exemption labels ("(b)(6)" is a box, not words of the message)."""
    kept: list[str] = []
    position = 0
    for start, end, _code in exemption_spans(text):
        if start >= position:
            kept.extend(_WORD.findall(text[position:start]))
            position = end
    kept.extend(_WORD.findall(text[position:]))
    return [w.lower() for w in kept]


@functools.lru_cache(maxsize=4096)
def _folded_body(body: str) -> tuple[str, int]:
    """A body's own words folded (``ocr_folded``), and how many words: once a body, however many
    records of its block it is compared with."""
    words = body_words(body)
    return ocr_folded(words), len(words)


def body_words(body: str) -> list[str]:
    return _words(own_text(body))[:MAX_OWN_WORDS]


def ocr_folded(words: Sequence[str]) -> str:
    """Words as compared: joined without spaces (OCR runs words together and splits them) and
    with Tesseract's usual confusions spelled one way ("rn" and "m", "0" and "o")."""
    text = "".join(words).translate(_OCR_FOLD)
    for wrong, right in _OCR_PAIRS:
        text = text.replace(wrong, right)
    return text


def folded_similarity(first: str, second: str) -> float:
    """How alike two folded bodies are, 0..1: the indel distance over their letters (OCR damage
    changes letters, a redaction drops words, and each costs in proportion), over the whole and
    over their openings, whichever is less alike: a signature and a disclaimer shared by every
    message of a sender must not make two short messages one."""
    if not first or not second:
        return 1.0 if first == second else 0.0
    whole = fuzz.ratio(first, second)
    # each opening found in the other's (a line one printing adds or withholds shifts it)
    opening = max(fuzz.partial_ratio(first[:OPENING], second[:2 * OPENING]),
                  fuzz.partial_ratio(second[:OPENING], first[:2 * OPENING]))
    return float(min(whole, opening)) / 100


# -- the decision -------------------------------------------------------------------------------


def same_message(a: MessageRecord, b: MessageRecord) -> Verdict:
    """Whether ``a`` and ``b`` are the same message (see the module's steps)."""
    if a.message_id and b.message_id:
        if message_id_key(a.message_id) != message_id_key(b.message_id):
            return Verdict(False, "message-id")
        return _same_id(a, b)
    times = times_agree(a.sent, b.sent)
    if times is False:
        return Verdict(False, "sent")
    senders = senders_agree(a.sender, b.sender)
    if senders is False:
        return Verdict(False, "sender")
    if not subjects_agree(a.subject, b.subject):
        return Verdict(False, "subject")
    if recipients_agree(a.to, b.to) is False:
        return Verdict(False, "recipients")
    (folded_a, count_a), (folded_b, count_b) = _folded_body(a.body), _folded_body(b.body)
    score = folded_similarity(folded_a, folded_b)
    shorter, longer = sorted(_before_shared_ending(folded_a, folded_b), key=len)
    if shorter and fuzz.partial_ratio(shorter, longer) / 100 < MIN_BODY:
        # what each says above the signature and notice both end with, where neither lies within
        # the other (a copy withholding words says less of the same; "No." is no "Yes.")
        score = min(score, fuzz.ratio(shorter, longer) / 100)
    if max(count_a, count_b) < SHORT_BODY:  # too few words to tell: the header decides
        return Verdict(times is True and senders is True and score >= MIN_BODY, "header", score)
    return Verdict(score >= (MIN_BODY_UNSURE if times is None else MIN_BODY), "body", score)


def _before_shared_ending(first: str, second: str) -> tuple[str, str]:
    """Two folded bodies without the ending they share, where it is long (a sender's signature
    and notice under two short messages); as they are where it is not."""
    shared = len(os.path.commonprefix([first[::-1], second[::-1]]))
    return (first[:len(first) - shared], second[:len(second) - shared]) if shared >= SHARED_ENDING else (first, second)


def _same_id(a: MessageRecord, b: MessageRecord) -> Verdict:
    """Two records with one Message-ID: one message unless what they print says otherwise. A
    copy another mailbox or a later release keeps may differ as copies do (a subject tagged
    "[EXTERNAL]", a banner or a list's footer added, words or the whole body withheld, its time
    a minute on), so the subject decides nothing and one body need only lie within the other;
    a forgery that reuses the id for other words, another sender or another time is no copy."""
    first, second = sent_minute(a.sent), sent_minute(b.sent)
    if first and second and first[1] and second[1] and abs((first[1] - second[1]).total_seconds()) > SAME_ID_SECONDS:
        return Verdict(False, "sent")
    if first and second and not (first[1] and second[1]) and first[0][:13] != second[0][:13]:
        return Verdict(False, "sent")  # (no zone on one: the same hour at least)
    if senders_agree(a.sender, b.sender) is False:
        return Verdict(False, "sender")
    (folded_a, _), (folded_b, _) = _folded_body(a.body), _folded_body(b.body)
    shorter, longer = sorted((folded_a, folded_b), key=len)
    within = not shorter or fuzz.partial_ratio(shorter, longer) / 100 >= MIN_BODY_UNSURE
    score = folded_similarity(folded_a, folded_b)
    return Verdict(within or score >= MIN_BODY, "message-id", score)


SAME_ID_SECONDS = 120  # two copies of one message read their time a minute apart at most


def blocking_keys(record: MessageRecord) -> tuple[str, ...]:
    """Keys under which a record's possible copies are found: any copy shares one of them."""
    keys = []
    if record.message_id:
        keys.append("id:" + message_id_key(record.message_id))
    minute = sent_minute(record.sent)
    if minute is not None:
        keys.append("t:" + minute[0])
    else:
        subject = subject_words(record.subject)
        keys.append("s:" + subject if subject else "s:")
    return tuple(keys)


def group_copies(records: Iterable[MessageRecord]) -> list[list[MessageRecord]]:
    """Groups of two or more records that are one message: records sharing a blocking key are
    compared, matches joined (a copy like one member of a group joins the group)."""
    views = {record.id: record for record in records}
    joined = UnionFind()
    compare_blocks(views, joined, lambda _record_id: True)
    groups: defaultdict[str, list[MessageRecord]] = defaultdict(list)
    for record_id, record in views.items():
        groups[joined.find(record_id)].append(record)
    return [g for g in groups.values() if len(g) > 1]


def compare_blocks(views: dict[str, MessageRecord], joined: UnionFind, fresh: Callable[[str], bool]) -> dict[str, str]:
    """Compare the records sharing a blocking key (the first ``MAX_BLOCK`` of a key), each pair
    with a ``fresh`` record in it once, and join those that are one message; the step that
    joined each record."""
    blocks: defaultdict[str, list[str]] = defaultdict(list)
    for record_id, record in views.items():
        for key in blocking_keys(record):
            blocks[key].append(record_id)
    steps: dict[str, str] = {}
    for block in blocks.values():
        block = block[:MAX_BLOCK]
        for i, first in enumerate(block):
            for second in block[i + 1:]:
                if not (fresh(first) or fresh(second)) or joined.find(first) == joined.find(second):
                    continue  # two earlier records were compared when the later of them landed
                verdict = same_message(views[first], views[second])
                if verdict.same:
                    joined.union(first, second)
                    steps.setdefault(first, verdict.step)
                    steps.setdefault(second, verdict.step)
    return steps


class UnionFind:
    """Disjoint sets of ids (path halving)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


# -- the store-level step: a batch lands, its copies are found --------------------------------


def canonical(group: Iterable[Email], landed: dict[str, int]) -> Email:
    """The copy a group stands for in search: one printed as itself before a quoted one, then the
    one whose document landed first (``landed``: document id -> when), then by id."""
    return min(group, key=lambda e: (e.quoted, landed.get(e.document_id, 0), e.id))


def link_copies(archive: Archive, document_ids: Sequence[str]) -> int:
    """Find the copies of the emails of these newly stored documents among every email in the
    archive and record the groups they make (or join, or bridge); the number of new emails
    found to be a copy. Candidates come by blocking keys, at most ``MAX_BLOCK`` a key, and only
    pairs with a new email are compared: the cost grows with the batch, not the archive."""
    new = [e for doc in document_ids for e in archive.emails_in_document(doc)]
    if not new:
        return 0
    fresh = {e.id for e in new}
    records, known = _neighbourhood(archive, new)
    joined = UnionFind()
    first_of: dict[str, str] = {}
    for earlier, group in known.items():  # the groups recorded among earlier emails stand
        if earlier not in fresh:
            joined.union(earlier, first_of.setdefault(group, earlier))
    steps = compare_blocks({i: record_of(e) for i, e in records.items()}, joined, fresh.__contains__)
    rows = _group_rows(archive, records, joined, steps)
    archive.save_copy_groups(rows, forget=sorted(fresh))
    return len(fresh & {row[0] for row in rows})


def _neighbourhood(archive: Archive, new: list[Email]) -> tuple[dict[str, Email], dict[str, str]]:
    """The new emails, the emails sharing a blocking key with one, and every member of their
    recorded groups; and those groups."""
    records = {e.id: e for e in new}
    keys = [key for e in new for key in blocking_keys(record_of(e))]
    minutes = sorted({k[2:] for k in keys if k.startswith("t:")})
    subjects = sorted({e.normalized_subject for e in new if sent_minute(e.sent) is None and e.normalized_subject})
    for found in archive.copy_candidates(minutes, subjects, MAX_BLOCK):
        records.setdefault(found.id, found)
    known = archive.copy_groups(list(records))
    records |= archive.emails([i for i in known if i not in records])
    return records, known


def _group_rows(archive: Archive, records: dict[str, Email], joined: UnionFind,
                steps: dict[str, str]) -> list[tuple[str, str, str]]:
    """(email, the email its group stands for, step) for every member of a group of two or more."""
    groups: defaultdict[str, list[Email]] = defaultdict(list)
    for email_id, email in records.items():
        groups[joined.find(email_id)].append(email)
    grouped = [group for group in groups.values() if len(group) > 1]
    landed = archive.landing_order(sorted({e.document_id for g in grouped for e in g}))
    rows = []
    for group in grouped:
        standing = canonical(group, landed).id
        rows += [(e.id, standing, steps.get(e.id, "earlier")) for e in group]
    return rows
