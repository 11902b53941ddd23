"""Copies of one message that disagree about what is withheld.

A message is printed again and again in a production: on its own, quoted in the
replies to it, in a second file. When one copy withholds words ("Good morning
(b)(6),") that another copy releases ("Good morning Dana,"), or claims another
exemption for the same words, the agency has released what it says it must
withhold: the strongest evidence a litigator can bring against a withholding.

Copies are emails with the same minute sent and the same subject (as printed,
OCR noise aside) and the same sender; where a box hides a copy's sender, their
bodies must agree instead (``same_message``'s steps: the words a box hides count
for neither side). Their texts are compared word by word;
only the places where a code stands on one side are reported, so OCR noise
elsewhere is not. Pure functions over the archive's emails.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from archive import Archive, Email

from .marks import exemption_spans
from .redactions import documents_to_read
from .same_message import MessageRecord, record_of, same_message

MAX_BODY_WORDS = 5_000  # words of each copy compared
MAX_PLACE = 40  # words on either side of one difference: a longer one is a misalignment, not a redaction
_WORD = re.compile(r"\w+")
_BETWEEN_CODES = re.compile(r"[\s,]*")  # what separates the codes printed on one box


@dataclass(frozen=True)
class Disagreement:
    """Two copies of one message, and one place where they disagree about a withholding."""

    withheld_in: Email  # the copy that withholds (or claims ``codes``)
    other: Email  # the copy that releases the words (or claims ``other_codes``)
    kind: str  # "released in one copy" or "exemption differs"
    codes: tuple[str, ...]
    other_codes: tuple[str, ...]
    released: str  # the words the other copy shows where this one withholds ("" when both withhold)
    before: str  # the words just before the place, in both copies
    read_by_ocr: bool = False  # a copy's page was read by OCR, which can read a box's label as words


def release_disagreements(archive: Archive, slug: str, max_pages: int | None = None) -> list[Disagreement]:
    """Where copies of one message in a release disagree about a withholding (with ``max_pages``,
    among the emails of its documents up to that many pages, as the redaction log reads them)."""
    found = [d for group in copies(_emails_of(archive, slug, max_pages, quoted=True)) for d in disagreements(group)]
    return _marked_ocr(archive, found)


def _marked_ocr(archive: Archive, found: list[Disagreement]) -> list[Disagreement]:
    """Each disagreement marked when a copy's page was read by OCR (which can read a box's label as words)."""
    scanned = archive.emails_with_ocr_pages(sorted({e.id for d in found for e in (d.withheld_in, d.other)}))
    return [replace(d, read_by_ocr=d.withheld_in.id in scanned or d.other.id in scanned) for d in found]


@dataclass(frozen=True)
class ReleaseChanges:
    """What a re-processed production changed against an earlier one of the same records."""

    newly_released: tuple[Disagreement, ...]  # withheld in the earlier, printed in the later
    newly_withheld: tuple[Disagreement, ...]  # printed in the earlier, withheld in the later
    exemption_changed: tuple[Disagreement, ...]  # the earlier copy's claim first
    only_earlier: tuple[Email, ...]  # messages the later production no longer has
    only_later: tuple[Email, ...]  # messages it adds
    both: int  # messages in both
    not_reproduced: tuple[str, ...] = ()  # the earlier files the later has no message of


def _emails_of(archive: Archive, slug: str, max_pages: int | None, *, quoted: bool) -> list[Email]:
    """A release's emails (with the copies quoted inside them, or not), in the documents
    :func:`documents_to_read` gives."""
    return [e for document in documents_to_read(archive, slug, max_pages)[0]
            for e in archive.emails_in_document(document.id) if quoted or not e.quoted]


def compare_releases(archive: Archive, earlier: str, later: str, max_pages: int | None = None) -> ReleaseChanges:
    """Match the two productions' emails as one message each (minute, subject and sender, or the
    body where a box hides the sender) and say, message by message, what the later one newly
    released, newly withheld or claims otherwise, and which messages only one of them has.

    A re-release of part of a production re-processes some of its files: an earlier file none of
    whose messages the later production prints again is named in ``not_reproduced``, and its
    messages are not counted as dropped (unless no file has a message in both: then all are)."""
    emails = {e.id: e for e in _emails_of(archive, later, max_pages, quoted=False)}
    after = _messages(emails.values())
    files = [(document.filename, [e for e in archive.emails_in_document(document.id) if not e.quoted])
             for document in documents_to_read(archive, earlier, max_pages)[0]]
    shared = [any(_counterpart(record_of(e), after, set()) for e in printed) for _, printed in files]
    if not any(shared):
        shared = [True] * len(files)
    kept = [e for (_, printed), read in zip(files, shared, strict=True) if read for e in printed]
    emails |= {e.id: e for e in kept}
    before = [record for records in _messages(kept).values() for record in records]
    not_reproduced = tuple(name for (name, _), read in zip(files, shared, strict=True) if not read)
    pairs: list[tuple[Email, Email]] = []
    taken: set[str] = set()
    for record in before:
        counterpart = _counterpart(record, after, taken)
        if counterpart is not None:
            pairs.append((emails[record.id], emails[counterpart.id]))
            taken.add(counterpart.id)
    released: list[Disagreement] = []
    withheld: list[Disagreement] = []
    changed: list[Disagreement] = []
    for first, second in sorted(pairs, key=lambda pair: _order(pair[0])):
        for found in _compare(first, second):
            if found.kind == "exemption differs":
                changed.append(found)
            elif found.withheld_in.release == earlier:
                released.append(found)
            else:
                withheld.append(found)
    released, withheld, changed = (_marked_ocr(archive, found) for found in (released, withheld, changed))
    paired = {e.id for pair in pairs for e in pair}
    unpaired = [emails[r.id] for r in before] + [emails[r.id] for records in after.values() for r in records]
    return ReleaseChanges(
        newly_released=tuple(released), newly_withheld=tuple(withheld), exemption_changed=tuple(changed),
        only_earlier=tuple(sorted((e for e in unpaired if e.id not in paired and e.release == earlier), key=_order)),
        only_later=tuple(sorted((e for e in unpaired if e.id not in paired and e.release != earlier), key=_order)),
        both=len(pairs), not_reproduced=not_reproduced,
    )


def copies(emails: Iterable[Email]) -> list[list[Email]]:
    """Groups of two or more emails that are the same message (see :func:`message_groups`)."""
    by_id = {e.id: e for e in emails}
    return [[by_id[r.id] for r in group] for group in message_groups(map(record_of, by_id.values())) if len(group) > 1]


def message_groups(records: Iterable[MessageRecord]) -> list[list[MessageRecord]]:
    """Every dated record in its message's group (a message printed once, a group of one): records
    of one minute and subject are one message when their senders are the same or, where a box hides
    a sender (it decides nothing), their bodies agree (``same_message``'s steps)."""
    blocks: dict[tuple[str, str], list[MessageRecord]] = defaultdict(list)
    for record in records:
        key = _block(record)
        if key is not None:
            blocks[key].append(record)
    return [group for block in blocks.values() for group in _by_sender_or_body(block)]


def _by_sender_or_body(block: list[MessageRecord]) -> list[list[MessageRecord]]:
    """The records of one minute and subject as messages: those whose senders are read, by sender;
    one whose sender a box hides joins the first message with every copy of which its body agrees."""
    by_sender: dict[str, list[MessageRecord]] = defaultdict(list)
    hidden: list[MessageRecord] = []
    for record in block:
        sender = _sender(record)
        if sender:
            by_sender[sender].append(record)
        else:
            hidden.append(record)
    groups = list(by_sender.values())
    for record in hidden:
        home = next((group for group in groups if all(_one_message(record, other) for other in group)), None)
        if home is None:
            groups.append([record])
        else:
            home.append(record)
    return groups


def _messages(emails: Iterable[Email]) -> dict[tuple[str, str], list[MessageRecord]]:
    """One record for each message among ``emails`` (a production's duplicate printings are one),
    by minute and subject."""
    messages: dict[tuple[str, str], list[MessageRecord]] = defaultdict(list)
    for group in message_groups(map(record_of, emails)):
        messages[_block(group[-1]) or ("", "")].append(group[-1])
    return messages


def _counterpart(record: MessageRecord, messages: dict[tuple[str, str], list[MessageRecord]],
                 taken: set[str]) -> MessageRecord | None:
    """The first of ``messages`` (not yet ``taken``) that is the same message as ``record``."""
    return next((other for other in messages.get(_block(record) or ("", ""), ())
                 if other.id not in taken and _one_message(record, other)), None)


def _one_message(first: MessageRecord, second: MessageRecord) -> bool:
    a, b = _sender(first), _sender(second)
    if a and b:
        return a == b
    return same_message(first, second).same


def _block(record: MessageRecord) -> tuple[str, str] | None:
    """The minute sent and the subject's words: the copies of a message share them."""
    if not record.sent or len(record.sent) < 16:
        return None
    return record.sent[:16], "".join(_WORD.findall(record.subject.lower()))[:60]


def _sender(record: MessageRecord | Email) -> str:
    """The sender as compared ("" when a box hides it, or none is printed)."""
    if record.sender is None:
        return ""
    return record.sender.address.lower() or "".join(_WORD.findall(record.sender.name.lower()))


def _order(email: Email) -> tuple[str, str, str]:
    return _sender(email), email.sent or "", email.normalized_subject


def disagreements(group: list[Email]) -> Iterator[Disagreement]:
    """Where the copies of one message disagree about a withholding (each pair once)."""
    for index, first in enumerate(group):
        for second in group[index + 1:]:
            yield from _compare(first, second)


def comparable_tokens(body: str) -> list[str]:
    """The body as words and codes, in order: the codes printed together on one box ("(b)(6),
    (b)(7)(C)") one token ("(b)(6),(b)(7)(C)"), so that a copy claiming fewer of them for the
    same words is a different claim, not a code deleted beside the same one; a code printed
    again is the next box's."""
    tokens: list[str] = []
    position = 0
    for start, end, code in exemption_spans(body):
        if start < position:
            continue
        between = body[position:start]
        if tokens and _is_code(tokens[-1]) and _BETWEEN_CODES.fullmatch(between):
            # one box's codes are one token; a code printed again is the next box's (OCR drops the ";")
            same_box = code not in tokens[-1].split(",")
            tokens[-1:] = [tokens[-1] + "," + code] if same_box else [tokens[-1], code]
        else:
            tokens.extend(w.lower() for w in _WORD.findall(between))
            tokens.append(code)
        position = end
    tokens.extend(w.lower() for w in _WORD.findall(body[position:]))
    return tokens[:MAX_BODY_WORDS]


def _codes(tokens: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(code for t in tokens if _is_code(t) for code in t.split(",")))


def _header_words(words: list[str]) -> bool:
    return "from" in words and ("sent" in words or "date" in words)


def _is_code(token: str) -> bool:
    return "(" in token


def _compare(first: Email, second: Email) -> Iterator[Disagreement]:
    a, b = comparable_tokens(first.body), comparable_tokens(second.body)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (i2 - i1) > MAX_PLACE or (j2 - j1) > MAX_PLACE:
            continue
        left, right = a[i1:i2], b[j1:j2]
        left_codes, right_codes = _codes(left), _codes(right)
        left_words = [t for t in left if not _is_code(t) and t.isalpha() and len(t) > 1]
        right_words = [t for t in right if not _is_code(t) and t.isalpha() and len(t) > 1]
        before = " ".join(a[max(0, i1 - 6):i1])
        if _header_words(left_words) or _header_words(right_words):
            continue  # a quoted header block beside a box label: the copies' lines fell apart there
        if left_codes and not right_codes and right_words:
            yield Disagreement(first, second, "released in one copy", left_codes, (), " ".join(right), before)
        elif right_codes and not left_codes and left_words:
            yield Disagreement(second, first, "released in one copy", right_codes, (), " ".join(left), before)
        elif left_codes and right_codes and set(left_codes) != set(right_codes):
            yield Disagreement(first, second, "exemption differs", left_codes, right_codes, "", before)
