"""The names, addresses and subjects a whole release prints, to mend what OCR misread in one document.

OCR failure, any scanned production: a release prints its correspondents in document after
document, and a scanned page misreads a name or an address a letter at a time, the same
typeface often the same way ("Okafor, Dane" for "Okafor, Dana", "Doe, Johni" and "Doe,
John 1" for "Doe, John J", "jroe@exarnple.org" for "jroe@example.org"). A document read
alone (a one-page PDF, a thread) prints a name too seldom to tell which reading is right
(``headers.Correspondents``); the release prints it right in many documents.

The release is learned from the machine's readings only (never people's corrections, so the
machine's reading is the machine's), and not from the readings this module mended (they would
vouch for themselves). A reading is mended into another only when every one of these holds:

- the reading was made by OCR (a scanned page) and is printed on no page read from text;
- the two differ by what OCR does to glyphs: letters it reads for one another ("rn", "IVI"
  and "m", "l", "1", "i" and "j", "0" and "o"), one letter it confuses with another ("a" and
  "e", "t" and "l"; in an address a digit of a letter's shape, "3" for "j"), or, for a name, a
  trailing initial lost, or one letter it confuses in each of two words of a long name (the
  ``_words_misread`` rule), or an "l" read as a mark (``_marks_for_letters``: printed in letters
  at least as often suffices); an initial only where OCR misread it
  (a digit, or a thin stroke, "1", "l", "I", ")", for "I", "J" or "L": "Smith, John B" is never
  read "Smith, John D"); and each word of the name starts with the same letter in both ("Jan"
  is never read "Ian");
- the other reading is printed in at least ``RELEASE_SUPPORT`` documents (``LETTER_SUPPORT``
  when a letter inside a word differs), and in at least ``DOMINANCE`` times as many as this
  one, with no second candidate half as well printed; or it is the same glyphs printed on a
  page read from text;
- an address is mended only into one printed with the party's name in at least two
  documents, and then a thin stroke lost or added (a speck read as "l") is allowed too; an
  address the name spells ("RoeJA" for "Roe, Jane A") needs no dominance over one
  it does not, only to be printed as often (``_spells``: a typeface misreads it the same way in
  many documents); and a
  name is not mended into one whose addresses (those printed with it in two documents or more)
  the party's address is none of, nor a misreading of (two people at one agency may have names
  a letter apart; their addresses tell them apart).

A name with specks or a box's edge read after it as a short word of small letters or marks
("Okafor, Dana cee", not a particle such as "van"), or an initial read as a stroke and a bowl
("Okafor, Dana I)" for "D"), is the name so mended where that is printed in ``RELEASE_SUPPORT``
documents and twice as many.

A name's support counts every printing of its words, in any order ("Dana Okafor" and "Okafor,
Dana" are one person's printings); two spellings of the same glyphs ("John 1", "John J") are
told apart by how often each is printed. A subject is read as another only where the two are
the same glyphs once OCR's confusions, spaces and marks are set aside (``ReleaseNames.subject``).
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from archive import Archive
from archive.accents import fold_accents
from archive.edits import edits
from archive.model import Party, ReleaseReading

from .headers import NAME_PARTICLES, name_spells, split_subject

__all__ = ["Printing", "ReleaseNames", "RELEASE_SUPPORT", "LETTER_SUPPORT", "DOMINANCE", "MENDED", "MIN_GARBLED", "shape"]

RELEASE_SUPPORT = 3  # documents that must print a reading for it to mend another
# ... when it differs by a letter inside a word ("Kowalczik" and "Kowalczlk", "Dana" and "Dane"):
# either may be a name of its own, and a typeface misread the same way three times is no witness
LETTER_SUPPORT = 2 * RELEASE_SUPPORT
DOMINANCE = 2  # ... and how many times as many as print the reading it mends
MENDED = "release:"  # the doubt an email records for each field mended here ("release:to")
_MIN_SHAPE = 4  # shorter readings ("H", "Al") say too little to be mended
_MAX_SHAPE = 80  # longer ones are no name or address (OCR joined lines): not compared
_MAX_STEPS = 3  # misread letters mended in one name, one at a time
_MIN_TWO_LETTERS = 10  # a name's letters this many at least for two of its letters to be mended at once
_ADDRESS_WITNESSES = 2  # documents printing the party's name with the address it is mended into
_FAR_EDITS = 3  # glyphs an address misread in several may differ by from the one its name is printed with
_GARBLED_EDITS = 2  # glyphs a garbled address's letters and digits may differ by from the release's
MIN_GARBLED = 6  # letters and digits a garbled address prints at least, to be read as one
_MIN_SUBJECT = 8  # a subject's shape shorter than this ("Update", "Thanks") says too little
_MAX_COMPARED_SUBJECT = 400

# Glyphs OCR reads for one another, made one before readings are compared.
_PAIRS = (("rn", "m"), ("nn", "m"), ("vv", "w"), ("cl", "d"), ("ri", "n"), ("ivi", "m"), ("iv", "w"), ("in", "m"))
_ALIKE = str.maketrans({"i": "l", "1": "l", "j": "l", "|": "l", "!": "l", "0": "o", "5": "s"})
# Single letters OCR confuses in a worn or small print: one of them may stand for the other.
_CONFUSED = frozenset(frozenset(pair) for pair in (
    "ae", "ao", "ce", "co", "eo", "od", "tl", "tf", "nu", "hb", "bd", "hk", "yv", "gq", "sa", "au", "mn"))
# Digits OCR reads for letters of their shape in an address (its words run together, no
# initial to tell): "3" for "j" (folded "l"), "8" for "b", "6" for "b", "2" for "z".
_ADDRESS_DIGITS = frozenset(frozenset(pair) for pair in (("3", "l"), ("8", "b"), ("6", "b"), ("2", "z")))
# What OCR reads for an initial: a digit for the letters it resembles, a thin stroke for I, J or L.
_INITIAL_MISREADS = {"0": "DOQ", "2": "Z", "3": "J", "4": "A", "5": "S", "6": "G", "8": "B", "£": "E",
                     **{stroke: "IJL" for stroke in "1lI|i!)]}"}}
_NOT_SHAPE = re.compile(r"[\W_]+")


def shape(text: str) -> str:
    """``text`` as OCR's confusions leave it: casefolded, confused glyphs made one (until
    none is left: "Burris", "Burns" and "Bums" are one shape), and spaces and punctuation left
    out (OCR moves commas and splits words)."""
    return _NOT_SHAPE.sub("", _folded(text))


def _folded(text: str) -> str:
    """Casefolded, the glyphs OCR reads for one another made one: its pairs, then single
    glyphs, then the pairs those leave ("c1earwater" is "clearwater" once "1" is "l")."""
    return _paired(_paired(text.casefold()).translate(_ALIKE))


def _paired(key: str) -> str:
    for _ in range(len(key)):
        before = key
        for pair, one in _PAIRS:
            key = key.replace(pair, one)
        if key == before:
            break
    return key


def _bare_words(name: str) -> list[str]:
    return [word for word in (_NOT_SHAPE.sub("", piece) for piece in name.split()) if word]


@functools.lru_cache(maxsize=8192)  # the same names recur in thousands of documents
def _key(name: str) -> str:
    """A name's words in any order as printed ("Dana Okafor", "Okafor, Dana"), case aside."""
    return " ".join(sorted(word.casefold() for word in _bare_words(name)))


@functools.lru_cache(maxsize=8192)
def _form(name: str) -> str:
    """... and as OCR's confusions leave them."""
    return " ".join(sorted(word for word in map(shape, _bare_words(name)) if word))


def _neighbours(key: str) -> Iterator[str]:
    """``key`` and each string one character shorter: two keys one edit apart share one."""
    yield key
    for i in range(len(key)):
        yield key[:i] + key[i + 1:]


def _one_edit(reading: str, other: str) -> tuple[str, str] | None:
    """The one edit that turns ``reading`` into ``other`` (both shapes), as (what reading
    has, what other has): ("e", "a") a letter for a letter, ("", "j") one lost, ("x", "")
    one added; ("", "") when they are the same; None for anything more."""
    if reading == other:
        return "", ""
    if abs(len(reading) - len(other)) > 1:
        return None
    start = 0
    while start < min(len(reading), len(other)) and reading[start] == other[start]:
        start += 1
    end_r, end_o = len(reading), len(other)
    while end_r > start and end_o > start and reading[end_r - 1] == other[end_o - 1]:
        end_r, end_o = end_r - 1, end_o - 1
    has, wants = reading[start:end_r], other[start:end_o]
    return (has, wants) if len(has) <= 1 and len(wants) <= 1 else None


def _starts_agree(reading: str, other: str) -> bool:
    """Whether the words of more than one letter start with the same letters in both, as
    printed ("Jan" is not "Ian", though OCR confuses their first letters)."""
    return _starts(reading) == _starts(other)


def _starts(name: str) -> tuple[str, ...]:
    return tuple(word[0].casefold() for word in _bare_words(name) if len(word) > 1)


def _by_starts(names: Counter[str], forms: Counter[str]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The names printed in ``LETTER_SUPPORT`` documents or more, by their words' first letters."""
    found: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for name in sorted(names):
        if forms[_form(name)] >= LETTER_SUPPORT and len(shape(name)) <= _MAX_SHAPE:
            found[_starts(name)].append(name)
    return {key: tuple(known) for key, known in found.items()}


def _slash_read_as_a_stroke(reading: str, other: str) -> bool:
    """OCR failure, scanned Lotus Notes prints: a slash of a hierarchical name read as a stroke, or a
    stroke read beside it ("Jane Roe/HBRIOPS", "Jane Roe/HBR/IOPS" for "Jane Roe/HBR/OPS")."""
    for at, char in enumerate(other):
        if char == "/" and any(reading in (other[:at] + stroke + other[at + 1:], other[:at + 1] + stroke + other[at + 1:])
                               for stroke in "Il1|"):
            return True
    return False


def _capital_misread(reading: str, other: str) -> bool:
    """Whether ``reading`` is ``other`` with one word's capital read as a small letter or lost.

    OCR failure of faint and light prints: a name's first letter, a capital, read as a small
    letter of another shape or not at all ("Roe, fane", "Roe, dane", "Roe, ane" for "Roe,
    Jane"; "ary Kent"). A name printed with a word in small letters is misread; a capital read
    as another capital ("Ian" for "Jan") is a name of its own."""
    words, others = _bare_words(reading), _bare_words(other)
    folded, folded_others = {word.casefold() for word in words}, {word.casefold() for word in others}
    mine = [word for word in words if word.casefold() not in folded_others]
    theirs = [word for word in others if word.casefold() not in folded]
    if len(words) != len(others) or len(mine) != 1 or len(theirs) != 1:
        return False
    word, printed = mine[0], theirs[0]
    return (word[:1].islower() and printed[:1].isupper() and len(printed) > 2
            and word.casefold() in (printed[1:].casefold(), word[0] + printed[1:].casefold()))


def _initials_misread(reading: str, other: str) -> bool:
    """Whether every initial the two print differently is one OCR misread in ``reading``
    (``_INITIAL_MISREADS``); True where they differ in no initial, or not word for word."""
    words, others = _bare_words(reading), _bare_words(other)
    if len(words) != len(others):
        return True
    return all(_INITIAL_MISREADS.get(mine, "").find(theirs) >= 0 and mine != theirs
               for mine, theirs in zip(words, others, strict=True)
               if mine != theirs and len(mine) == 1 and len(theirs) == 1)


def _swaps_letters(reading: str, other: str) -> bool:
    """Whether ``other`` has a letter for a letter inside a word of ``reading`` (not an
    initial, a digit, a mark or a letter's case)."""
    a, b = reading.casefold(), other.casefold()
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal" or not (a[i1:i2].isalpha() and b[j1:j2].isalpha()):
            continue
        start, end = i1, i2
        while start > 0 and a[start - 1].isalpha():
            start -= 1
        while end < len(a) and a[end].isalpha():
            end += 1
        if end - start > 1:
            return True
    return False


def _initial_misread(reading: str, other: str) -> bool:
    """Whether ``reading`` is ``other`` with one initial OCR read as a digit or a stroke of its
    shape (``_INITIAL_MISREADS``: "Doe, John 3." or "Doe, John )." for "Doe, John J."), its full
    stop aside."""
    words, others = reading.split(), other.split()
    differ = [(mine.rstrip("."), theirs.rstrip(".")) for mine, theirs in zip(words, others, strict=False)
              if mine.rstrip(".") != theirs.rstrip(".")]
    return (len(words) == len(others) and len(differ) == 1 and len(differ[0][0]) == len(differ[0][1]) == 1
            and differ[0][1] in _INITIAL_MISREADS.get(differ[0][0], ""))


def _lost_initial(reading: str, other: str) -> bool:
    """Whether ``other`` is ``reading`` with a trailing initial OCR lost ("Doe, John J")."""
    words, others = reading.split(), other.split()
    return (len(others) == len(words) + 1 and len(others[-1].rstrip(".")) == 1
            and [shape(word) for word in _bare_words(" ".join(others[:-1]))]
            == [shape(word) for word in _bare_words(reading)])


@dataclass(frozen=True)
class Printing:
    """One party as one document prints it; ``trusted`` when read from a text layer."""

    document: str
    party: Party
    trusted: bool


@dataclass(frozen=True)
class ReleaseNames:
    """How many documents of a release print each name, address and subject, to mend misreadings."""

    names: Counter[str] = field(default_factory=Counter)  # name as printed -> documents
    forms: Counter[str] = field(default_factory=Counter)  # a name's shapes, any order -> documents
    addresses: Counter[str] = field(default_factory=Counter)
    # a name's words, any order, case aside -> the addresses printed with it -> documents
    together: dict[str, Counter[str]] = field(default_factory=dict)
    trusted: frozenset[str] = frozenset()  # names and addresses printed in a text layer
    _by_neighbour: dict[str, tuple[str, ...]] = field(default_factory=dict)
    subjects: Counter[str] = field(default_factory=Counter)  # a subject after its RE:/FW: -> documents
    subjects_in_text: frozenset[str] = frozenset()  # ... printed in a text layer
    _subjects_alike: dict[str, tuple[str, ...]] = field(default_factory=dict)  # shape -> well-printed subjects
    # an address -> the names (``_key``) printed with it in ``_ADDRESS_WITNESSES`` documents or more ->
    # documents, and a name's words (``_key``) -> its best-printed spelling
    _owners: dict[str, dict[str, int]] = field(default_factory=dict)
    _spelling: dict[str, str] = field(default_factory=dict)
    # the names printed in ``LETTER_SUPPORT`` documents or more, by their words' first letters
    _by_starts: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, archive: Archive, release: str) -> ReleaseNames:
        """What the release's stored documents print, as the machine read them."""
        return cls.from_readings(archive.release_readings(release))

    @classmethod
    def from_readings(cls, readings: Iterable[ReleaseReading]) -> ReleaseNames:
        """From ``Archive.release_readings``, leaving out the fields mended here (``MENDED``
        doubts): a mended reading is no witness for itself."""
        readings = list(readings)
        return cls.learn(
            (Printing(reading.document_id, party, not reading.scanned)
             for reading in readings for name, parties in reading.parties.items()
             if MENDED + name not in reading.doubts for party in parties),
            [(reading.document_id, reading.subject, not reading.scanned)
             for reading in readings if MENDED + "subject" not in reading.doubts])

    @classmethod
    def learn(cls, printings: Iterable[Printing],
              subjects: Iterable[tuple[str, str, bool]] = ()) -> ReleaseNames:
        """From parties as documents print them, and (document, subject, trusted) subjects."""
        seen: dict[str, set[tuple[str, str]]] = defaultdict(set)
        trusted: set[str] = set()
        subject_documents: dict[str, set[str]] = defaultdict(set)
        printed_in_text: set[str] = set()
        for document, subject, text in subjects:
            rest = " ".join(split_subject(subject)[1].split())
            subject_documents[rest].add(document)
            if text and rest:
                printed_in_text.add(rest)
        for printing in printings:
            name, address = " ".join(printing.party.name.split()), printing.party.address
            seen[printing.document].add((name, address))
            if printing.trusted:
                trusted.update(filter(None, (name, address)))
        names: Counter[str] = Counter()
        forms: Counter[str] = Counter()
        addresses: Counter[str] = Counter()
        together: dict[str, Counter[str]] = defaultdict(Counter)
        for pairs in seen.values():
            names.update({name for name, _ in pairs if name})
            forms.update({_form(name) for name, _ in pairs if name})
            addresses.update({address for _, address in pairs if address})
            for key, address in {(_key(name), address) for name, address in pairs if name and address}:
                together[key][address] += 1
        index: dict[str, set[str]] = defaultdict(set)
        for known in (*names, *addresses):
            key = shape(known)
            if len(key) <= _MAX_SHAPE and ((names[known] or addresses[known]) >= RELEASE_SUPPORT or known in trusted):
                for near in _neighbours(key):
                    index[near].add(known)
        printed_subjects = Counter({rest: len(documents) for rest, documents in subject_documents.items() if rest})
        alike: dict[str, list[str]] = defaultdict(list)
        for rest, count in printed_subjects.items():
            if count >= RELEASE_SUPPORT or rest in printed_in_text:
                alike[_subject_shape(rest)].append(rest)
        owners: dict[str, dict[str, int]] = defaultdict(dict)
        for key, printed in together.items():
            for address, count in printed.items():
                if count >= _ADDRESS_WITNESSES:
                    owners[address][key] = count
        spelling = {_key(name): name for name, _ in sorted(names.items(), key=lambda item: (item[1], item[0]))}
        return cls(names, forms, addresses, dict(together), frozenset(trusted),
                   {key: tuple(sorted(found)) for key, found in index.items()},
                   printed_subjects, frozenset(printed_in_text), {key: tuple(sorted(found)) for key, found in alike.items()},
                   dict(owners), spelling, _by_starts(names, forms))

    def _close(self, reading: str) -> Iterator[tuple[str, tuple[str, str]]]:
        key = shape(reading)
        if not _MIN_SHAPE <= len(key) <= _MAX_SHAPE:
            return
        found = {known for near in _neighbours(key) for known in self._by_neighbour.get(near, ())}
        for known in sorted(found - {reading}):
            edit = _one_edit(key, shape(known))
            if edit is not None:
                yield known, edit

    def _support(self, known: str, reading: str) -> tuple[int, int]:
        """Documents printing ``known`` and ``reading``: the same words spelled alike are told
        apart by how each is printed, other words by all their printings."""
        if _form(known) == _form(reading):
            return self.names[known], self.names[reading]
        return self.forms[_form(known)], self.forms[_form(reading)]

    def name(self, reading: str) -> str:
        """The name ``reading`` (read by OCR) misreads, if the release says so, a step at a time
        ("Okafar, Dane", "Okafor, Dane", "Okafor, Dana"); else ``reading``."""
        reading = " ".join(reading.split())
        for plain in (_without_trailing_junk(reading), _capitals_joined(reading)):
            if plain and self._printed_instead(plain, reading):
                reading = plain
        cut = _before_marks(reading)
        if cut is not None and self._printed_instead(cut[0], reading) and not _PARTY_AFTER.match(cut[1]):
            reading = cut[0]
        for _ in range(_MAX_STEPS):
            mended = self._name_step(reading)
            if mended == reading:
                break
            reading = mended
        return self._accents_restored(reading)

    def _accents_restored(self, reading: str) -> str:
        """OCR failure, any scanned print: the marks of a name's letters lost or misread ("Munoz",
        "Mufioz", "Simén" for "Muñoz", "Simón"; OCR drops marks far more often than it adds them,
        so a scan may print the plain letters more often than the name): the name the release
        prints with them in ``RELEASE_SUPPORT`` documents or more (or in a text layer), where every
        letter the reading differs in is a marked letter of it read as one or two plain glyphs, and
        no other such name is (one printed with a mark read as another counted as the commoner's);
        else ``reading``."""
        if reading in self.trusted:
            return reading
        marked = self._marked_names.get(_plain_key(reading), ())
        found = {self._commonest_marking(known, marked) for known in marked if _marks_lost(reading, known, True)}
        found = {known for known in found if _marks_lost(reading, known)}  # (a mark read as another stays: which is right?)
        return found.pop() if len(found) == 1 else reading

    def _commonest_marking(self, name: str, marked: tuple[str, ...]) -> str:
        """The marked name ``name`` is a misreading of, printed more often ("Simén" of "Simón"), or itself."""
        return max((known for known in marked if self.names[known] > self.names[name] and _marks_lost(name, known, True)),
                   key=lambda known: (self.names[known], known), default=name)

    @functools.cached_property
    def _marked_names(self) -> dict[str, tuple[str, ...]]:
        """The names printed with marked letters ("Muñoz, Inés") in ``RELEASE_SUPPORT`` documents or
        more or in a text layer, by their words' first letters and count, marks taken off."""
        found: dict[str, list[str]] = defaultdict(list)
        for name, count in self.names.items():
            if not name.isascii() and (count >= RELEASE_SUPPORT or name in self.trusted):
                found[_plain_key(name)].append(name)
        return {key: tuple(sorted(names)) for key, names in found.items()}

    def _printed_instead(self, plain: str, reading: str) -> bool:
        """Whether the release prints ``plain`` often, and far more often than ``reading``."""
        return plain not in self.trusted and self.names[plain] >= RELEASE_SUPPORT \
            and self.names[plain] >= DOMINANCE * max(self.names[reading], 1)

    def _name_step(self, reading: str) -> str:
        if reading in self.trusted or "@" in reading:
            return reading
        spellings: dict[str, tuple[int, int, str]] = {}  # form -> the best-printed candidate of it
        for known, (has, wants) in self._close(reading):
            capital = "@" not in known and _capital_misread(reading, known)
            if "@" in known or not (capital or _starts_agree(reading, known)) or not _initials_misread(reading, known):
                continue
            explained = (has == wants or frozenset((has, wants)) in _CONFUSED
                         or (not has and _lost_initial(reading, known)) or capital or _initial_misread(reading, known)
                         or _slash_read_as_a_stroke(reading, known))
            support, against = self._support(known, reading)
            floor = LETTER_SUPPORT if _swaps_letters(reading, known) else RELEASE_SUPPORT
            spelt = known in self.trusted and _form(known) == _form(reading)  # the same glyphs, printed in text
            lettered = _marks_for_letters(reading, known) and support >= max(RELEASE_SUPPORT, against)
            if explained and (spelt or lettered or (support >= floor and support >= DOMINANCE * max(against, 1))):
                form = _form(known)
                spellings[form] = max(spellings.get(form, (0, 0, "")), (support, self.names[known], known))
        if not spellings:
            return self._words_misread(reading)
        return _unmistaken([(support, known) for support, _, known in spellings.values()], reading)

    def _words_misread(self, reading: str) -> str:
        """The name ``reading`` misreads a letter in each of two words, each letter one OCR
        confuses with the other (``_CONFUSED``: "Okafar, Dane" for "Okafor, Dana", "Doe, Jahn 0"
        for "Doe, John D"), where the release prints it in ``LETTER_SUPPORT`` documents or more
        and twice as many, no other such name half as many; else ``reading``. No one step mends
        it: neither half-mended reading is printed."""
        if not self._by_starts:
            return reading
        words = _bare_words(reading)
        if len("".join(words)) < _MIN_TWO_LETTERS:
            return reading
        ranked = []
        for known in self._by_starts.get(_starts(reading), ()):
            others = _bare_words(known)
            if len(others) != len(words) or not _initials_misread(reading, known):
                continue
            edits = [_one_edit(shape(mine), shape(theirs)) for mine, theirs in zip(words, others, strict=True)]
            misread = [edit for edit in edits if edit != ("", "")]
            if None in edits or len(misread) != 2 or not all(frozenset(edit) in _CONFUSED for edit in misread if edit):
                continue
            support, against = self._support(known, reading)
            if support >= DOMINANCE * max(against, 1):
                ranked.append((support, known))
        return _unmistaken(ranked, reading)

    def address(self, name: str, reading: str) -> str:
        """The address ``reading`` (read by OCR, printed with ``name``) misreads, if the
        release prints that name with it in at least two documents (and twice as often as
        ``reading``, unless the name spells it and not ``reading`` and it is printed as often:
        ``_spells``); else ``reading``."""
        if not reading or reading in self.trusted:
            return reading
        if not name:
            return self._bare_address(reading)
        printed_with = self.together.get(_key(name), Counter())
        ranked = []
        for known, (has, wants) in self._close(reading):
            if ("@" in known and _address_misread(has, wants) and printed_with[known] >= _ADDRESS_WITNESSES
                    and ((name_spells(name, known) and not name_spells(name, reading) and self.addresses[known] >= self.addresses[reading])
                         or self.addresses[known] >= DOMINANCE * max(self.addresses[reading], 1))):
                ranked.append((printed_with[known], known))
        mended = _unmistaken(ranked, reading)
        return mended if mended != reading else self._misread_in_glyphs(name, reading)

    def _misread_in_glyphs(self, name: str, reading: str) -> str:
        """OCR failure, any scanned print: an address misread in more glyphs than one ("roejl@x.gov",
        "r0ejj@x.gove" for "roejj@x.gov"), printed with a name the release prints with one address in
        ``RELEASE_SUPPORT`` documents or more, twice as many as any other address printed with it: that
        address, where the reading is two glyphs to a fifth of its apart (``_FAR_EDITS`` at
        most; one apart is :meth:`address`'s, by what OCR confuses), its digits the address's own, no
        address of its domain printed without the name as close (but a misreading of that address
        printed in a few documents), and a reading printed as often as that is an address of its own
        unless the name spells the other and not it; else ``reading``."""
        theirs = self.together.get(_key(name), Counter())
        ranked = sorted(((count, known) for known, count in theirs.items() if "@" in known and known != reading), reverse=True)
        if not ranked or ranked[0][0] < RELEASE_SUPPORT or ranked[0][0] < DOMINANCE * max(
                [theirs[reading], *(count for count, _ in ranked[1:2])]):
            return reading
        found = ranked[0][1]
        if theirs[reading] >= RELEASE_SUPPORT and not (name_spells(name, found) and not name_spells(name, reading)):
            return reading  # (printed so often, it may be an address of its own, unless the name spells the other alone)
        mine, known = reading.casefold(), found.casefold()
        if not _same_mailbox_shape(mine, known):
            return reading
        limit = min(_FAR_EDITS, len(known) // 5)
        apart = edits(mine, known, limit)
        numbers = [ch for ch in known if ch.isdigit()]  # (an address's own digits read as others: another address)
        if not 2 <= apart <= limit or numbers and numbers != [ch for ch in mine if ch.isdigit()] \
                or any(edits(mine, other.casefold(), apart) <= apart
                       and (self.addresses[other] >= RELEASE_SUPPORT or edits(known, other.casefold(), limit) > limit)
                       for _, other in self._at_domain.get(found.rpartition("@")[2], ()) if other not in theirs):
            return reading  # (as close to another's address of the domain, not to a rare misreading of the found one)
        return found

    def _bare_address(self, reading: str) -> str:
        """The address ``reading`` (read by OCR, printed with no name: "To: rnossc@x.gov")
        misreads by what OCR does to an address's glyphs, where the release prints that address
        in ``LETTER_SUPPORT`` documents or more and twice as many as ``reading``, no other such
        address half as many; else ``reading``. No name vouches for it, so it takes the support
        a letter inside a word needs (two people's addresses may be a letter apart)."""
        ranked = [(self.addresses[known], known) for known, (has, wants) in self._close(reading)
                  if "@" in known and _address_misread(has, wants) and self.addresses[known] >= LETTER_SUPPORT
                  and self.addresses[known] >= DOMINANCE * max(self.addresses[reading], 1)]
        return _unmistaken(ranked, reading)

    def subject(self, reading: str) -> str:
        """``reading`` (a subject read by OCR) as the release prints it more often, where the two
        are the same glyphs, OCR's confusions, spaces and marks aside ("Budget 's final draft Got
        done", "permit appIicatiori"), and the other is printed in at least ``RELEASE_SUPPORT``
        documents and twice as many (or in a text layer); its RE:/FW: as read. Two subjects a
        word apart ("Ohio", "Iowa") are never one, and letter case is no misreading (a copy
        may print "Ohio" where others print "ohio")."""
        prefix, rest = split_subject(reading)
        rest = " ".join(rest.split())
        key = _subject_shape(rest)
        if rest in self.subjects_in_text or not _MIN_SUBJECT <= len(key) <= _MAX_COMPARED_SUBJECT:
            return reading
        against = self.subjects[rest]
        ranked = [(self.subjects[known] + (RELEASE_SUPPORT if known in self.subjects_in_text else 0), known)
                  for known in self._subjects_alike.get(key, ()) if not _case_apart(rest, known)]
        ranked = [(support, known) for support, known in ranked
                  if support >= RELEASE_SUPPORT and support >= DOMINANCE * max(against, 1)]
        mended = _unmistaken(ranked, rest)
        return reading if mended == rest else prefix + mended

    def mend(self, party: Party) -> Party:
        """``party`` with its name and address mended where the release says they were misread."""
        name = self.name(party.name) if party.name else party.name
        address = self.address(name, party.address) if party.address else party.address
        if name != party.name and party.address:
            theirs = [known for known, n in self.together.get(_key(name), Counter()).items() if n >= _ADDRESS_WITNESSES]
            if theirs and not any(_misreads(address, known) for known in theirs):
                name, address = party.name, self.address(party.name, party.address)  # another person's address
        if name == party.name and address and name not in self.trusted:
            name, address = self._owner(name, address)
        return party if (name, address) == (party.name, party.address) else replace(party, name=name, address=address)

    def garbled_address(self, name: str, printed: str) -> str:
        """The address the release prints with ``name`` that ``printed``, an address OCR garbled
        past reading beside it, is: its letters and digits at most ``_GARBLED_EDITS`` apart from
        it (its "@" read as a letter, a space or nothing, a dot or a letter lost: "RoeJ
        harbor.gov", "RoeJebharborgov"), printed with the name in ``_ADDRESS_WITNESSES``
        documents or more and twice as many as any other such address (an OCR misreading of it
        among them), and no address of its domain the release prints without the name as close,
        then read as the release prints it (:meth:`address`); else "". OCR
        failure, any scanned print: the address was dropped whole and the sender shown without it."""
        mine = _letters_and_digits(printed)
        if len(mine) < MIN_GARBLED or not name:
            return ""
        theirs = self.together.get(_key(name), Counter())
        apart = {known: edits(mine, _letters_and_digits(known), _GARBLED_EDITS) for known in theirs if "@" in known}
        ranked = [(theirs[known], known) for known, distance in apart.items()
                  if distance <= _GARBLED_EDITS and theirs[known] >= _ADDRESS_WITNESSES]
        found = _unmistaken(ranked, "")
        if not found or any(edits(mine, skeleton, apart[found]) <= apart[found]
                            for skeleton, known in self._at_domain.get(found.rpartition("@")[2], ())
                            if known not in theirs and abs(len(skeleton) - len(mine)) <= apart[found]):
            return ""  # (as close to an address of the domain printed with no name of this one: another's)
        return self.address(name, found)

    @functools.cached_property
    def _at_domain(self) -> dict[str, list[tuple[str, str]]]:
        """Each domain's addresses, with their letters and digits (built when first asked for)."""
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for known in self.addresses:
            if "@" in known:
                found[known.rpartition("@")[2]].append((_letters_and_digits(known), known))
        return dict(found)

    def _owner(self, name: str, address: str) -> tuple[str, str]:
        """(name, address) as the release prints them together, where one word of ``name`` OCR
        misread past the name reader ("Roe, Jnae! D" for the release's "Roe, Jane D": letters moved,
        a mark added) and the address is, or OCR misread, one the release prints with one name in
        ``RELEASE_SUPPORT`` documents or more (with the printings of it that mend into it) and twice
        as many as any other, every other word of which the reading prints; else as read."""
        found = []
        for known in (address, *(known for known, edit in self._close(address) if "@" in known and _address_misread(*edit))):
            merged: Counter[str] = Counter()  # (an owner's misread printings counted as theirs)
            for key, count in self._owners.get(known, {}).items():
                merged[_key(self.name(self._spelling.get(key, "")))] += count
            ranked = sorted(((count, key) for key, count in merged.items()), reverse=True)
            if not ranked or ranked[0][0] < max(RELEASE_SUPPORT, DOMINANCE * (ranked[1][0] if len(ranked) > 1 else 0)):
                continue
            owner = ranked[0][1]
            if owner != _key(name):
                spelt = self._spelling.get(owner, "")
                words, others = _bare_words(name), _bare_words(spelt)
                differ = [(mine, theirs) for mine, theirs in zip(words, others, strict=False)
                          if mine.casefold() != theirs.casefold()]
                if len(words) == len(others) >= 2 and len(differ) == 1 and _word_misread(*differ[0]):
                    found.append((spelt, known))
        return found[0] if len(found) == 1 else (name, address)


# OCR failure, any scanned print: specks or a box's edge read after a name as a short word in
# small letters or marks ("Roe, Jane A. cee", "Roe, Jane A. : h"); never a name's particle.
_JUNK_WORD = 3  # characters of such a word at most


def _without_trailing_junk(reading: str) -> str | None:
    """``reading`` without the short words of small letters or marks after its name, if any."""
    words = reading.split()
    cut = len(words)
    while cut > 2 and len(words[cut - 1]) <= _JUNK_WORD and not any(c.isupper() or c.isdigit() for c in words[cut - 1]) \
            and words[cut - 1].casefold() not in NAME_PARTICLES:
        cut -= 1
    return _name_ending(words[:cut]) if cut < len(words) else None


# OCR failure, scans: the box over an address printed after a name ("[mailto: B6]") read as
# marks and words ("Roe, Jane [malta = BE", "Kent, Mary) __ Be"); as specks ("D- iam te"), the
# trailing junk's (``_without_trailing_junk``).
_NO_NAME_MARK = re.compile(r"[=_|\[\]{}<>~^*#]")
_MARKS_AFTER_WORD = ")]|=_-:;,"
# What is printed after a separator read as a mark: a second party ("| Moss, Carl", "| Mary Kent").
_PARTY_AFTER = re.compile(r"[^\w\s]*\s?(?:[A-Z][\w'’-]+,\s?[A-Z]|[A-Z][a-z][\w'’-]*\s[A-Z][a-z])")


def _before_marks(reading: str) -> tuple[str, str] | None:
    """The name ``reading`` prints before a box read as marks (the first word holding a mark no
    name prints), the marks at that name's end left out, with what follows it; None where there
    is none. Only the words before the box: a suffix or given name there ("Jr.", "Mary Ellen") stays."""
    words = reading.split()
    marked = next((i for i, word in enumerate(words) if _NO_NAME_MARK.search(word)), None)
    name = _name_ending(words[:marked]) if marked is not None else None
    return (name, " ".join(words[marked:])) if name and marked is not None else None


def _name_ending(words: list[str]) -> str | None:
    """A name's words without the marks a box or specks left at their end ("D-", "Kent)", a
    word of marks alone); a closing bracket of its own stays ("(OIG)"). None if no word is left."""
    name = list(words)
    while name and not name[-1].rstrip(_MARKS_AFTER_WORD):
        name.pop()
    if not name:
        return None
    last = name[-1].rstrip(_MARKS_AFTER_WORD)
    closing = ")" if name[-1][len(last):].startswith(")") and "(" in " ".join(name) else ""
    return " ".join([*name[:-1], last + closing])


# OCR failure of scanned prints: an initial's capital read as a stroke and the glyph its bowl
# looks like ("Okafor, Dana I)" or "ID" for "D", "I3" for "B").
_SPLIT_CAPITAL = re.compile(r"(?<!\S)[Il|1]([)D3B])(?=\.?(?:\s|$))")


def _capitals_joined(reading: str) -> str | None:
    """``reading`` with each initial read as a stroke and a bowl one capital, if any."""
    joined = _SPLIT_CAPITAL.sub(lambda match: "B" if match.group(1) in "3B" else "D", reading)
    return joined if joined != reading else None


# OCR failure, any scan: a name's "l" read as a mark ("Caro!", "Wi|son") the same way in many
# documents: no name is spelled with one, so the release's spelling in letters is the name where
# it is printed at least as often (no twice as often: the typeface misreads it as often).
_MARKS_FOR_L = frozenset("!|")


def _marks_for_letters(reading: str, other: str) -> bool:
    """Whether ``reading`` is ``other`` with one "l" or more read as a mark (``_MARKS_FOR_L``)."""
    return len(reading) == len(other) and reading != other and all(
        mine == theirs or (mine in _MARKS_FOR_L and theirs in "lI") for mine, theirs in zip(reading, other, strict=True))


def _word_misread(mine: str, theirs: str) -> bool:
    """Whether OCR may have read ``theirs`` as ``mine`` past the name reader: a word starting with
    the same letter, or an initial ("ID", "5" for "D", "J"); two names a surname apart sharing a
    mailbox ("Roe, Jane" and "Doe, Jane" at press@…) are two people."""
    return mine[:1].casefold() == theirs[:1].casefold() or min(len(mine), len(theirs)) <= 2


_DIGIT_MARK = re.compile(r"(?<=[0-9los])[/.:,\-](?=[0-9los])")  # (after folding: 1 and i are l, 0 o, 5 s)


def _subject_shape(subject: str) -> str:
    """A subject's ``shape``, the marks between digits kept: OCR misreads a glyph, it does not
    move a date's slash ("1/12" and "11/2", "1.5" and "15" are other subjects)."""
    return _NOT_SHAPE.sub("", _DIGIT_MARK.sub("\u01c0", _folded(subject)))  # (a letter: kept)


def _case_apart(reading: str, other: str) -> bool:
    """Whether two subjects' letters differ in case, and in nothing else but spaces and marks
    (a copy may print "Ohio" where others print "ohio": no misreading)."""
    letters, others = _NOT_SHAPE.sub("", reading), _NOT_SHAPE.sub("", other)
    return letters != others and letters.casefold() == others.casefold()


def _same_mailbox_shape(reading: str, known: str) -> bool:
    """Whether an address may be another's misread in its glyphs: its mailbox as long, a glyph more
    or less ("roejl" for "roejj"; "john.m.doe" is another mailbox than "john.doe"), its domain's
    letters the same, a glyph after them aside ("x.gove"; "x.org" is another domain than "x.gov")."""
    mailbox, _, domain = reading.partition("@")
    their_mailbox, _, their_domain = known.partition("@")
    letters, theirs = _letters_and_digits(domain), _letters_and_digits(their_domain)
    return abs(len(mailbox) - len(their_mailbox)) <= 1 and letters.startswith(theirs) and len(letters) - len(theirs) <= 1


def _plain_key(name: str) -> str:
    """A name's words' first letters, marks off, and their count ("Muñoz, Inés" → "m i")."""
    return " ".join(word[:1] for word in fold_accents(name).casefold().split())


# What OCR reads a marked letter as besides its plain letter: two glyphs of its shape ("fi", "ii"
# for "ñ", "ii" for "ü").
_MARK_MISREADS = {"n": ("fi", "ii", "fl", "ri"), "u": ("ii", "li"), "i": ("l", "1")}


def _marks_lost(reading: str, known: str, marks_misread: bool = False) -> bool:
    """Whether ``reading`` is ``known`` with some of its marked letters read plain, or as two glyphs
    of their shape ("u", "ii" for "ü"; "n", "fi" for "ñ"), and every other letter as printed; with
    ``marks_misread``, read as another mark on the same letter too ("é" for "ë")."""
    if reading == known or reading.isascii() and known.isascii():
        return False

    @functools.cache
    def fits(at: int, to: int) -> bool:
        if at == len(known):
            return to == len(reading)
        letter = known[at]
        if reading[to:to + 1] == letter and fits(at + 1, to + 1):
            return True
        if letter.isascii():
            return False
        plain = fold_accents(letter)
        readings = [plain, *_MARK_MISREADS.get(plain.casefold(), ())]
        if marks_misread:
            readings += [glyph for glyph in reading[to:to + 1] if not glyph.isascii() and fold_accents(glyph) == plain]
        return any(reading.startswith(glyphs, to) and fits(at + 1, to + len(glyphs)) for glyphs in readings if glyphs)

    return fits(0, 0)


def _address_misread(has: str, wants: str) -> bool:
    """Whether an address's one edit (``_one_edit`` of shapes) is what OCR does: glyphs it
    reads for one another, a letter it confuses, a thin stroke lost or added (a speck)."""
    return (has == wants or frozenset((has, wants)) in _CONFUSED or {has, wants} <= _THIN_STROKE
            or frozenset((has, wants)) in _ADDRESS_DIGITS)


_THIN_STROKE = frozenset({"", "l", "i", "1", "|"})  # a stroke OCR adds or loses: a speck, a serif ("cmossi@")


def _misreads(address: str, known: str) -> bool:
    """Whether ``address`` is ``known`` or one OCR misreading of it."""
    edit = _one_edit(shape(address)[:_MAX_SHAPE], shape(known)[:_MAX_SHAPE])
    return edit is not None and _address_misread(*edit)


def _letters_and_digits(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _unmistaken(ranked: list[tuple[int, str]], reading: str) -> str:
    """The best-supported candidate, if it has twice the support of the next; else ``reading``."""
    ranked.sort(reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][0] < DOMINANCE * ranked[1][0]):
        return reading
    return ranked[0][1]
