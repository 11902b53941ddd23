"""An index folder's generations, the layout both engines keep (``SearchIndex``, and
``archive.tantivy_engine.TantivyIndex``).

``<root>/current`` names the live generation folder ``<root>/gen-<id>``, which holds a file
naming the schema version it was built with (``VERSION_FILE``); a rebuild writes a new
generation beside it and switches ``current`` with one atomic rename, so readers never see
a half-built index, and the older generations are then removed.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from .schema import VERSION_FILE

CURRENT_FILE = "current"


class Generations:
    """The generations of the index folder ``root``; ``schema_version``: what this code builds."""

    root: Path
    schema_version: str

    def _generation(self) -> Path | None:
        try:
            name = (self.root / CURRENT_FILE).read_text().strip()
        except OSError:
            return None
        return self.root / name if name else None

    def exists(self) -> bool:
        generation = self._generation()
        return generation is not None and (generation / VERSION_FILE).is_file()

    def is_current(self) -> bool:
        generation = self._generation()
        if generation is None:
            return False
        try:
            return (generation / VERSION_FILE).read_text().strip() == self.schema_version
        except OSError:
            return False

    def live_files(self) -> list[Path]:
        """The files a copy of the live index needs: ``current`` and its generation's (each
        written once, never changed in place: a hard link of one is a copy of it)."""
        generation = self._generation()
        if generation is None:
            return []
        return [self.root / CURRENT_FILE, *(p for p in sorted(generation.rglob("*")) if p.is_file())]

    def _new_generation(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"gen-{uuid.uuid4().hex[:12]}"
        path.mkdir()
        return path

    def _switch_to(self, generation: Path) -> None:
        (generation / VERSION_FILE).write_text(self.schema_version + "\n")
        tmp = self.root / (CURRENT_FILE + ".tmp")
        tmp.write_text(generation.name + "\n")
        os.replace(tmp, self.root / CURRENT_FILE)
        for other in self.root.iterdir():
            if other.is_dir() and other != generation:
                shutil.rmtree(other, ignore_errors=True)  # older generations, crashed rebuilds
            elif other.is_file() and other.name != CURRENT_FILE:
                other.unlink(missing_ok=True)  # files of the pre-generation layout
