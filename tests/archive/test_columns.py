"""The column files beside the tantivy index: written whole, opened as memory maps, refused
with the remedy when stale or damaged."""

from __future__ import annotations

import json

import numpy as np
import pytest

from archive import columns
from archive.columns import Chunk, Row
from archive.errors import IndexUnavailable


def _row(key, document, sent="", parent=-1, sender=(), recipient=(), release="r1", exemption=()):
    return Row(key, document, sent, parent, {
        "sender": tuple((s, s.title()) for s in sender), "recipient": tuple((r, f"<{r}>") for r in recipient),
        "month": ((sent[:7], ""),) if sent else (), "release": ((release, ""),),
        "exemption": tuple((e, e) for e in exemption)})


def _write(folder, old, deleted, rows):
    chunk = Chunk()
    chunk.add(rows)
    return columns.write(folder, columns.merge(old, deleted, chunk))


def _counts(cols, facet, ords):
    found = cols.facets[facet].counts(np.asarray(ords, dtype=np.int64))
    return {cols.facets[facet].name(c): int(n) for c, n in enumerate(found) if n}


def test_column_files_round_trip_as_memory_maps(tmp_path):
    """GIVEN rows written in two commits (the second replacing a document, adding values that sort
    before the first's) WHEN the set is opened THEN every column reads back by ord, the replaced
    rows are no longer live, facets count by value and keep each value's first label, and every
    array is a memory map of its file."""
    folder = tmp_path / "columns"
    _write(folder, columns.empty(), (), [
        _row("e:a", "d1", "2018-01-02", sender=("zed",), recipient=("x@y", "w@y"), exemption=("b6",)),
        _row("e:b", "d1", "", parent=0, sender=("zed",)),
        _row("p:d2:1", "d2"),
    ])
    first = columns.open_columns(folder)
    _write(folder, first, ["d1"], [
        _row("e:c", "d1", "2019-05-06", sender=("amy",), recipient=("x@y",), release="r0"),
        _row("e:d", "d1", "2019-05-07", parent=3, sender=("zed",)),
    ])
    cols = columns.open_columns(folder)

    assert cols.rows == 5 and [cols.key(o) for o in range(5)] == ["e:a", "e:b", "p:d2:1", "e:c", "e:d"]
    assert cols.live.tolist() == [False, False, True, True, True]
    assert sorted(cols.live_keys()) == ["e:c", "e:d", "p:d2:1"]
    assert cols.parent.tolist() == [-1, 0, -1, -1, 3]
    assert [bytes(s).decode() for s in cols.sent] == ["2018-01-02", "", "", "2019-05-06", "2019-05-07"]
    assert _counts(cols, "sender", [0, 1, 3, 4]) == {"amy": 1, "zed": 3}
    assert _counts(cols, "recipient", [0, 3]) == {"x@y": 2, "w@y": 1}
    assert _counts(cols, "month", [0, 3, 4]) == {"2018-01": 1, "2019-05": 2}
    assert _counts(cols, "exemption", [0, 1]) == {"b6": 1}
    sender = cols.facets["sender"]
    assert [sender.label(sender.code(v)) for v in ("amy", "zed")] == ["Amy", "Zed"] and sender.code("bob") is None
    assert cols.releases == {"r0", "r1"}
    # plain arrays over memory maps (not read into memory; not numpy's slower memmap subclass)
    for array in (cols.keys, cols.facets["recipient"].codes):
        assert type(array) is np.ndarray and isinstance(array.base, np.memmap) and not array.flags.owndata


def test_a_new_set_replaces_the_live_one_atomically(tmp_path):
    """GIVEN a live column set, opened by a reader WHEN a commit writes the next set THEN the
    pointer names the new set, the reader's arrays still read the old rows, the set before is
    kept for readers opening it, older ones and leftovers of a crashed write are removed."""
    folder = tmp_path / "columns"
    names = [_write(folder, columns.empty(), (), [_row("e:a", "d1")])]
    reader = columns.open_columns(folder)
    (folder / "99999999.tmp").mkdir()  # a write that crashed before its rename
    for key in ("e:b", "e:c"):
        names.append(_write(folder, columns.open_columns(folder), (), [_row(key, "d2")]))

    assert columns.current_name(folder) == names[-1]
    assert sorted(p.name for p in folder.iterdir()) == sorted(["CURRENT", names[1], names[2]])
    assert reader.rows == 1 and reader.key(0) == "e:a"
    assert columns.open_columns(folder).rows == 3


def test_a_stale_set_is_refused_with_the_remedy(tmp_path):
    folder = tmp_path / "columns"
    name = _write(folder, columns.empty(), (), [_row("e:a", "d1")])
    manifest = folder / name / columns.MANIFEST
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "format": "columns-0"}))

    with pytest.raises(IndexUnavailable, match=r"manifest\.json is of format 'columns-0'.*stale.*foia reindex"):
        columns.open_columns(folder)


@pytest.mark.parametrize("damage", ["truncated", "missing", "header", "bounds"])
def test_a_damaged_file_is_refused_naming_it(tmp_path, damage):
    """GIVEN a column set WHEN one of its files is cut short, missing, rewritten with another
    shape, or its facet bounds disagree with its codes THEN opening names that file and says to
    run `foia reindex`."""
    folder = tmp_path / "columns"
    name = _write(folder, columns.empty(), (), [_row("e:a", "d1", sender=("zed",)), _row("e:b", "d1")])
    target = folder / name / ("sender.bounds.npy" if damage == "bounds" else "keys.npy")
    if damage == "truncated":
        target.write_bytes(target.read_bytes()[:-3])
    elif damage == "missing":
        target.unlink()
    elif damage == "header":
        np.save(target, np.zeros(2, dtype="S9"))
    else:  # same size and header, wrong content
        np.save(target, np.asarray([0, 1, 5], dtype=np.int64))

    with pytest.raises(IndexUnavailable) as caught:
        columns.open_columns(folder)
    assert str(target) in str(caught.value) and "run `foia reindex`" in str(caught.value)


def test_no_set_at_all_is_refused(tmp_path):
    with pytest.raises(IndexUnavailable, match=r"CURRENT is missing.*foia reindex"):
        columns.open_columns(tmp_path / "columns")


def test_rows_packed_in_chunks_merge_as_one(tmp_path, monkeypatch):
    """GIVEN rows added a few at a time WHEN the chunk packs them every two rows THEN the set
    written is the one written from all rows at once."""
    rows = [_row(f"e:{i}", f"d{i % 3}", f"2018-0{i % 9 + 1}-01", sender=(f"s{i % 4}",), recipient=(f"r{i}",))
            for i in range(7)]
    _write(tmp_path / "one", columns.empty(), (), rows)
    monkeypatch.setattr(columns, "CHUNK_ROWS", 2)
    chunk = Chunk()
    for i in range(0, 7, 3):
        chunk.add(rows[i:i + 3])
    columns.write(tmp_path / "many", columns.merge(columns.empty(), (), chunk))
    one, many = columns.open_columns(tmp_path / "one"), columns.open_columns(tmp_path / "many")

    for name in ("keys", "documents", "document_names", "sent", "parent", "live"):
        assert np.array_equal(getattr(one, name), getattr(many, name)), name
    for facet in columns.FACETS:
        for part in ("names", "labels", "bounds", "codes"):
            assert np.array_equal(getattr(one.facets[facet], part), getattr(many.facets[facet], part)), facet
