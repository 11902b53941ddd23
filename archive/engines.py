"""Which search engine an archive uses: Whoosh (the embedded default) or tantivy (large archives).

Both engines have one interface (``archive.index.SearchIndex``'s) and one meaning: the query
parser's tree is the contract, and the same tests run against both. Each keeps its index in its
own folder under the archive, so switching (``foia reindex --engine NAME``) builds the other
index beside the one in use, and the archive's stored settings remember the choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import ArchiveError
from .index import SearchIndex
from .tantivy_engine import TantivyIndex

ENGINES = ("whoosh", "tantivy")
DEFAULT_ENGINE = "whoosh"
SETTING = "search_engine"

Index = SearchIndex | TantivyIndex


def index_folder(home: Path, engine: str) -> Path:
    """Where an engine's index lives in an archive (Whoosh's in ``index/``, as always)."""
    return home / "index" if engine == "whoosh" else home / f"index-{engine}"


def open_index(home: Path, engine: str, **options: Any) -> Index:
    """The search index of an archive for ``engine`` (not read until it is searched)."""
    if engine == "whoosh":
        return SearchIndex(index_folder(home, engine), **options)
    if engine == "tantivy":
        return TantivyIndex(index_folder(home, engine), **options)
    raise ArchiveError(f"no search engine {engine!r}; choose one of {', '.join(ENGINES)}")
