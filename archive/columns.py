"""Per-entry columns kept beside a search index, as memory-mapped numpy arrays.

What a search needs of each index entry besides its text (key, document, date, the entry
quoting it, facet values), by ord (the number the index gives each entry): facets, folding
of quoted copies and date order are array operations over them. A column set is a folder of
``.npy`` files and a ``manifest.json`` (``FORMAT``, the row count, each file's dtype, shape and
size). It is written whole into a temporary folder, renamed into place, then named by the
``CURRENT`` file (one atomic ``os.replace``), so a reader sees the old set or the new one,
never half of one. Readers open every file with ``mmap_mode="r"``: opening costs a few file
opens whatever the archive's size, and the pages are the operating system's cache, shared by
every process serving the archive, not each process's own memory.

A document's entries are replaced together (rows of the old ones stay, marked not live: an ord
never names two entries), and a quoted copy's parent is in its own document (the store writes
them so), so each row's parent is resolved when its document is written.

Errors: a missing, stale or damaged file raises ``IndexUnavailable`` naming the file and the
remedy (`foia reindex`).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import IndexUnavailable
from .index import FACET_FIELDS, values_of

FORMAT = "columns-1"
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
FACETS = tuple(FACET_FIELDS)
CHUNK_ROWS = 50_000  # rows a Chunk holds as objects before it packs them into arrays

Strings = npt.NDArray[np.bytes_]
Ints = npt.NDArray[np.int64]


def utf8(values: Iterable[str]) -> Strings:
    encoded = [v.encode() for v in values]
    return np.array(encoded, dtype=f"S{max(map(len, encoded), default=0) or 1}")


@dataclass(frozen=True)
class Row:
    """One entry's columns, as the engine hands them over; ``parent``: the ord of the entry
    quoting it, -1."""

    key: str
    document: str
    sent: str
    parent: int
    facets: dict[str, tuple[tuple[str, str], ...]]  # facet -> (value, label), values without ""


@dataclass(frozen=True)
class Facet:
    """A facet's values by ord, flat: ord o has ``names[c]`` for each code c in
    ``codes[bounds[o]:bounds[o + 1]]``; names sorted, so ties by value are ties by code."""

    names: Strings
    labels: Strings
    bounds: Ints
    codes: npt.NDArray[np.int32]

    def counts(self, ords: Ints) -> Ints:
        """How many of ``ords`` have each value (by code), one ``bincount``."""
        return np.bincount(values_of(self.bounds, self.codes, ords)[1], minlength=len(self.names))

    def name(self, code: int) -> str:
        return bytes(self.names[code]).decode()

    def label(self, code: int) -> str:
        return bytes(self.labels[code]).decode() or self.name(code)

    def code(self, value: str) -> int | None:
        """The code of ``value``, None when no entry has it."""
        raw = value.encode()
        at = int(np.searchsorted(self.names, raw))
        return at if at < len(self.names) and bytes(self.names[at]) == raw else None


@dataclass(frozen=True)
class Columns:
    """One column set, opened read-only (every array a memory map)."""

    name: str
    rows: int
    keys: Strings
    documents: npt.NDArray[np.int32]
    document_names: Strings
    sent: Strings
    parent: Ints
    live: npt.NDArray[np.bool_]
    facets: dict[str, Facet]
    releases: frozenset[str] = field(default_factory=frozenset)

    def key(self, ord_: int) -> str:
        return bytes(self.keys[ord_]).decode()

    def live_keys(self) -> list[str]:
        return [bytes(k).decode() for k in self.keys[self.live]]


def empty() -> Columns:
    """No rows (what a new index starts from)."""
    nothing = np.zeros(0, dtype="S1")
    facet = Facet(nothing, nothing, np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int32))
    return Columns("", 0, nothing, np.zeros(0, dtype=np.int32), nothing, nothing, np.zeros(0, dtype=np.int64),
                   np.zeros(0, dtype=bool), {name: facet for name in FACETS})


class Chunk:
    """New rows, packed into compact arrays every ``CHUNK_ROWS`` as they come: a rebuild's
    memory grows by bytes per entry, not by a Python object per entry."""

    def __init__(self) -> None:
        self._parts: list[dict[str, Any]] = []
        self._pending: list[Row] = []
        self.rows = 0

    def add(self, rows: Sequence[Row]) -> None:
        self._pending += rows
        self.rows += len(rows)
        if len(self._pending) >= CHUNK_ROWS:
            self._pack()

    @property
    def parts(self) -> list[dict[str, Any]]:
        self._pack()
        return self._parts

    def _pack(self) -> None:
        rows, self._pending = self._pending, []
        if not rows:
            return
        part: dict[str, Any] = {
            "keys": utf8(r.key for r in rows), "documents": utf8(r.document for r in rows),
            "sent": utf8(r.sent for r in rows), "parent": np.fromiter((r.parent for r in rows), np.int64, len(rows)),
        }
        for name in FACETS:
            pairs = [r.facets.get(name, ()) for r in rows]
            bounds = np.zeros(len(rows) + 1, dtype=np.int64)
            np.cumsum(np.fromiter(map(len, pairs), np.int64, len(rows)), out=bounds[1:])
            part[name] = (bounds, utf8(v for p in pairs for v, _ in p), utf8(label for p in pairs for _, label in p))
        self._parts.append(part)


def _merge_facet(old: Facet, new: list[tuple[Ints, Strings, Strings]]) -> Facet:
    """The old facet's rows followed by the new ones', under one sorted list of names (a name's
    label: the first seen)."""
    values = [v for _, v, _ in new]
    names = np.unique(np.concatenate([np.asarray(old.names), *values])) if values else np.asarray(old.names)
    remap = np.searchsorted(names, old.names).astype(np.int32)
    codes = [remap[np.asarray(old.codes)]] if len(old.codes) else []
    bounds = [np.asarray(old.bounds)]
    labels = np.zeros(len(names), dtype=np.concatenate([np.asarray(old.labels), *[lb for _, _, lb in new]]).dtype)
    seen = np.zeros(len(names), dtype=bool)
    if len(old.names):
        labels[remap] = old.labels
        seen[remap] = True
    for part_bounds, part_values, part_labels in new:
        part_codes = np.searchsorted(names, part_values).astype(np.int32)
        codes.append(part_codes)
        bounds.append(part_bounds[1:] + bounds[-1][-1])
        first_codes, first = np.unique(part_codes, return_index=True)
        fresh = ~seen[first_codes]
        labels[first_codes[fresh]] = part_labels[first[fresh]]
        seen[first_codes] = True
    all_codes = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int32)
    return Facet(names, labels, np.concatenate(bounds), all_codes.astype(np.int32))


def merge(old: Columns, deleted: Sequence[str], chunk: Chunk) -> dict[str, npt.NDArray[Any]]:
    """The arrays of a new column set: ``old``'s rows (those of the ``deleted`` documents no
    longer live), then ``chunk``'s, whose ords follow ``old``'s."""
    parts = chunk.parts
    documents_all = np.concatenate([np.asarray(old.document_names), *[p["documents"] for p in parts]])
    document_names = np.unique(documents_all) if len(documents_all) else documents_all
    old_documents = np.searchsorted(document_names, old.document_names).astype(np.int32)[np.asarray(old.documents)]
    live = np.asarray(old.live).copy()
    if deleted and len(live):
        wanted = utf8(deleted)
        gone = np.minimum(np.searchsorted(document_names, wanted), len(document_names) - 1)
        live[np.isin(old_documents, gone[document_names[gone] == wanted])] = False
    arrays: dict[str, npt.NDArray[Any]] = {
        "keys": np.concatenate([np.asarray(old.keys), *[p["keys"] for p in parts]]),
        "documents": np.concatenate([old_documents, *[np.searchsorted(document_names, p["documents"]).astype(np.int32)
                                                      for p in parts]]),
        "document_names": document_names,
        "sent": np.concatenate([np.asarray(old.sent), *[p["sent"] for p in parts]]),
        "parent": np.concatenate([np.asarray(old.parent), *[p["parent"] for p in parts]]),
        "live": np.concatenate([live, np.ones(chunk.rows, dtype=bool)]),
    }
    for name in FACETS:
        facet = _merge_facet(old.facets[name], [p[name] for p in parts])
        arrays.update({f"{name}.names": facet.names, f"{name}.labels": facet.labels,
                       f"{name}.bounds": facet.bounds, f"{name}.codes": facet.codes})
    return arrays


def _releases(arrays: dict[str, npt.NDArray[Any]]) -> list[str]:
    """The releases some live entry belongs to."""
    bounds, codes = arrays["release.bounds"], arrays["release.codes"]
    held = codes[np.repeat(arrays["live"], np.diff(bounds))]
    return [bytes(n).decode() for n in arrays["release.names"][np.unique(held)]]


# -- on disk ------------------------------------------------------------------------------------

def _damaged(path: Path, problem: str) -> IndexUnavailable:
    return IndexUnavailable(f"the search index's column file {path} {problem}; "
                            "run `foia reindex` to rebuild the index from the database")


def current_name(folder: Path) -> str:
    """The name of the live column set in ``folder`` ("" when there is none)."""
    try:
        return (folder / CURRENT).read_text().strip()
    except FileNotFoundError:
        return ""


def write(folder: Path, arrays: dict[str, npt.NDArray[Any]]) -> str:
    """Write a column set beside the live one and make it live (atomically); returns its name.
    The set before it is kept (a reader may be opening it), older ones are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    previous = current_name(folder)
    name = f"{int(previous or 0) + 1:08d}"
    tmp = folder / f"{name}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    files = {}
    for column, array in arrays.items():
        with open(tmp / f"{column}.npy", "wb") as out:
            np.save(out, array, allow_pickle=False)
            out.flush()
            os.fsync(out.fileno())
        files[column] = {"dtype": array.dtype.str, "shape": list(array.shape),
                         "bytes": (tmp / f"{column}.npy").stat().st_size}
    rows = len(arrays["keys"])
    manifest = {"format": FORMAT, "rows": rows, "files": files, "releases": _releases(arrays)}
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1))
    os.replace(tmp, folder / name)
    pointer = folder / f"{CURRENT}.tmp"
    pointer.write_text(name + "\n")
    os.replace(pointer, folder / CURRENT)
    for old in folder.iterdir():
        if old.name not in (name, previous, CURRENT):
            shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
    return name


def open_columns(folder: Path) -> Columns:
    """The live column set in ``folder``, every array memory-mapped; checked against its manifest
    (format, each file's dtype, shape and size, the facets' bounds)."""
    name = current_name(folder)
    if not name:
        raise _damaged(folder / CURRENT, "is missing")
    where = folder / name
    try:
        manifest = json.loads((where / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise _damaged(where / MANIFEST, f"cannot be read ({exc})") from exc
    if manifest.get("format") != FORMAT:
        raise _damaged(where / MANIFEST, f"is of format {manifest.get('format')!r}, not {FORMAT!r} (stale)")
    rows = int(manifest["rows"])
    arrays: dict[str, Any] = {}
    for column, spec in manifest["files"].items():
        path = where / f"{column}.npy"
        try:
            size = path.stat().st_size
            array = np.load(path, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise _damaged(path, f"cannot be read ({exc})") from exc
        if size != spec["bytes"] or array.dtype.str != spec["dtype"] or list(array.shape) != spec["shape"]:
            raise _damaged(path, f"does not match {where / MANIFEST} (damaged or stale)")
        # a plain array over the same mapped pages: numpy's memmap subclass runs Python code on
        # every index and slice (a few hundred times a search)
        arrays[column] = array.view(np.ndarray)
    for column in ("keys", "documents", "sent", "parent", "live"):
        if column not in arrays or len(arrays[column]) != rows:
            raise _damaged(where / f"{column}.npy", f"does not hold {rows} rows")
    facets = {}
    for facet in FACETS:
        parts = [arrays.get(f"{facet}.{p}") for p in ("names", "labels", "bounds", "codes")]
        names, labels, bounds, codes = parts
        if names is None or labels is None or bounds is None or codes is None:
            raise _damaged(where / MANIFEST, f"does not list the files of facet {facet!r}")
        if len(bounds) != rows + 1 or bounds[-1] != len(codes):
            raise _damaged(where / f"{facet}.bounds.npy", "does not match its codes")
        facets[facet] = Facet(names, labels, bounds, codes)
    return Columns(name, rows, arrays["keys"], arrays["documents"], arrays["document_names"], arrays["sent"],
                   arrays["parent"], arrays["live"], facets, frozenset(manifest.get("releases", ())))
