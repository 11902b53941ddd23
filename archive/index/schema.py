"""What the index holds on disk: its fields, how a text becomes words, and Whoosh's storage.

Positions are stored as machine arrays of unsigned 32-bit ints (decoding is one C call, and
a whole posting list's values join into one numpy array, see ``postings.occurrences``).
The format classes that write them exist only in memory: Whoosh pickles the schema into
the index's table of contents, and this module makes that copy name Whoosh's own classes
only, then hands Whoosh the schema whenever it opens an index (``storage``), so no index on
disk depends on where this code lives. ``SCHEMA_VERSION`` names what the files hold.
"""

from __future__ import annotations

import functools
import math
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from archive.accents import fold_accents

SCHEMA_VERSION = "5"  # 4: accents folded; 5: signs folding to letters ("™") are word breaks
VERSION_FILE = "schema-version"
MERGE_FANOUT = 8  # a commit merges the segments of a size tier once it holds this many

WORD = re.compile(r"\w+")


# -- analysis (shared by indexing, queries and highlights) ---------------------------------

def words(text: str) -> list[str]:
    """The indexed words of a text, lower case, accents folded (archive.accents), in order
    (positions are list indexes)."""
    return WORD.findall(fold_accents(text.lower()))


@functools.lru_cache(maxsize=262144)
def stem(word: str) -> str:
    from whoosh.lang.porter import stem as porter

    return str(porter(word))


def pack_positions(positions: Sequence[int]) -> bytes:
    return array("I", positions).tobytes()


# -- the schema ----------------------------------------------------------------------------

@functools.cache
def _formats() -> tuple[type, type]:
    """The position formats (exact words, stemmed words), built on first use so that
    importing the archive does not import Whoosh."""
    from whoosh import formats

    class ExactPositions(formats.Positions):  # type: ignore[misc]
        def encode(self, poslist: Sequence[int]) -> bytes:
            return pack_positions(poslist)

        def decode_positions(self, valuestring: bytes) -> list[int]:
            positions = array("I")
            positions.frombytes(valuestring)
            return list(positions)

        def decode_frequency(self, valuestring: bytes) -> int:
            return len(valuestring) // 4

        def decode_weight(self, valuestring: bytes) -> float:
            return float(len(valuestring) // 4 * self.field_boost)

        def terms(self, value: str | Iterable[str]) -> Iterable[str]:
            return words(value) if isinstance(value, str) else value

        def word_values(self, value: str | Iterable[str], analyzer: object,
                        **kwargs: object) -> Iterator[tuple[str, int, float, bytes]]:
            poses: defaultdict[str, list[int]] = defaultdict(list)
            for i, w in enumerate(self.terms(value)):
                poses[w].append(i)
            boost = self.field_boost
            for w, plist in poses.items():
                yield w, len(plist), len(plist) * boost, pack_positions(plist)

        def __reduce__(self) -> tuple[type, tuple[float], dict[str, object]]:
            # the copy in the index's table of contents: Whoosh's class, never read back (the
            # schema is handed to Whoosh on every open), so no file names this module
            return formats.Positions, (self.field_boost,), dict(self.__dict__)

    class StemPositions(ExactPositions):
        def terms(self, value: str | Iterable[str]) -> Iterable[str]:
            return map(stem, words(value) if isinstance(value, str) else value)

    return ExactPositions, StemPositions


def index_schema() -> Any:
    """The Whoosh schema: one text field for subject + body as written (``exact``), the
    party fields, keyword fields for filters, and columns for sort keys and facets."""
    from whoosh import columns, fields
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter

    exact_format, stem_format = _formats()
    exact_analyzer = RegexTokenizer(r"\w+") | LowercaseFilter()
    stem_analyzer = exact_analyzer | StemFilter(cachesize=-1)

    def text(stemmed: bool) -> Any:
        f = fields.TEXT(analyzer=stem_analyzer if stemmed else exact_analyzer)
        f.format = (stem_format if stemmed else exact_format)()
        return f

    def column() -> Any:
        return fields.COLUMN(columns.VarBytesColumn())

    return fields.Schema(
        key=fields.ID(stored=True, unique=True, sortable=True),
        kind=fields.ID(),
        release=fields.ID(sortable=True),
        document=fields.ID(),
        # subject + body as written; a stemmed word is searched as every indexed word with
        # that stem (found in this field's vocabulary at query time), so there is no second,
        # stemmed copy of the text to index
        exact=text(False),
        subject=text(True),
        sender=text(False),     # names, addresses and redaction codes
        to=text(False),
        cc=text(False),         # cc and bcc
        sender_key=fields.ID(),
        recipient_key=fields.KEYWORD(commas=True),
        month=fields.ID(sortable=True),
        exemption=fields.KEYWORD(lowercase=True, commas=True),
        bates=fields.KEYWORD(lowercase=True, commas=True),
        pages=fields.KEYWORD(commas=True),
        source=fields.ID(),
        quoted=fields.ID(),
        sent=column(),
        parent=column(),
        f_sender=column(),
        f_recipient=column(),
        f_exemption=column(),
    )


# -- Whoosh's storage ------------------------------------------------------------------------

@functools.cache
def _storage_class() -> type:
    from whoosh.filedb.filestore import FileStorage

    class SchemaStorage(FileStorage):  # type: ignore[misc]
        """Opens every index with this module's schema, never the pickled copy (Whoosh's
        indexing processes open the index through the storage they are given, too)."""

        def open_index(self, *args: object, schema: object = None, **kwargs: object) -> Any:
            return super().open_index(*args, schema=schema or index_schema(), **kwargs)

    return SchemaStorage


def storage(folder: Path) -> Any:
    """Whoosh's storage for one index generation, without memory maps: Whoosh opens a
    memory-mapped segment's parts as in-memory copies (every segment copied into memory
    on every reader refresh); unmapped, it reads them in place from the segment file.
    One thread reads at a time (the searcher's lock), as shared file positions need."""
    return _storage_class()(str(folder), supports_mmap=False)


def codec() -> Any:
    """Whoosh's codec with uncompressed posting blocks: reading a long posting list costs a
    third less (no zlib), for an index about twice the size."""
    from whoosh.codec.whoosh3 import W3Codec

    return W3Codec(compression=0)


def merge_tiers(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: log-structured tiers by document count (powers of MERGE_FANOUT).

    A tier holding MERGE_FANOUT segments is merged into the segment being written, so each
    document is rewritten about log(n) times in all and a search sees a few dozen segments at
    most. Segments whose documents were all replaced are dropped without merging.
    """
    from whoosh.reading import SegmentReader

    tiers: defaultdict[int, list[Any]] = defaultdict(list)
    kept: list[Any] = []
    for segment in segments:
        if segment.doc_count() == 0:
            continue  # everything in it was deleted
        tiers[int(math.log(max(segment.doc_count_all(), 1), MERGE_FANOUT))].append(segment)
    merging: list[Any] = []
    for _tier, members in sorted(tiers.items()):
        if not merging and len(members) >= MERGE_FANOUT:
            merging = members
        else:
            kept += members
    for segment in merging:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return kept
