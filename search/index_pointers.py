"""The pointer files of :class:`search.index_store.IndexStore` (``CURRENT``, ``BUILDING``) and the lock taken while
generations are created, switched or deleted.

A pointer is written to a temporary file, fsynced and renamed over the old one, so a reader sees the old name or
the new one, never half of either; a pointer that is unreadable, malformed or names no readable generation reads as
None (the store is then unusable and searches answer from the database).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

from whoosh import index as whoosh_index

from search.index_rebuild import BUILDING_FILE

__all__ = ["CURRENT_FILE", "LOCK_FILE", "PointersMixin"]

logger = logging.getLogger("search.backend")

CURRENT_FILE = "CURRENT"
LOCK_FILE = ".generations.lock"
_GENERATION_NAME = re.compile(r"^gen-[0-9A-Za-z_.-]+$")


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class PointersMixin:
    """Needs the store's ``path``, ``_lock``, ``_current_cache``, ``_warned``, ``_warn_once`` (search.index_store)."""

    # -- pointers -----------------------------------------------------------

    @property
    def current_file(self) -> Path:
        return self.path / CURRENT_FILE

    @property
    def building_file(self) -> Path:
        return self.path / BUILDING_FILE

    def _read_pointer(self, file: Path) -> str | None:
        try:
            name = file.read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (OSError, UnicodeDecodeError):
            logger.warning("Search index pointer %s is unreadable", file)
            return None
        if not _GENERATION_NAME.match(name):
            if file.name == CURRENT_FILE:
                self._warn_once(f"corrupt:{name}", "Search index pointer %s is corrupt (%r)", file, name[:80])
            return None
        try:
            exists = whoosh_index.exists_in(str(self.path / name))
        except Exception:  # a truncated or garbage table of contents: exists_in opens it
            self._warn_once(f"unreadable:{name}", "Search index generation %s cannot be read", self.path / name)
            return None
        return name if exists else None

    def _write_pointer(self, file: Path, name: str) -> None:
        tmp = file.with_name(f".{file.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(name + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, file)
        _fsync_dir(self.path)

    def current_generation(self, *, warn: bool = True) -> str | None:
        """Name of the live generation, or None. Re-reads CURRENT only when its stat changes."""
        try:
            st = os.stat(self.current_file)
            signature = (st.st_ino, st.st_mtime_ns, st.st_size, st.st_dev)
        except OSError:
            signature = None
        cached_signature, cached_name = self._current_cache
        if signature is not None and signature == cached_signature and cached_name is not None:
            if (self.path / cached_name).is_dir():
                return cached_name
        name = self._read_pointer(self.current_file) if signature is not None else None
        self._current_cache = (signature, name)
        if name is None and warn:
            self._warn_once(
                "missing",
                "Search index %s has no usable generation (CURRENT missing or invalid); "
                "searches use the database until `manage.py check_search_index --repair` (or update_index) rebuilds it",
                self.path,
            )
        elif name is not None:
            self._warned.discard("missing")
        return name

    def building_generation(self) -> str | None:
        return self._read_pointer(self.building_file)

    def generations(self) -> list[str]:
        try:
            return sorted(p.name for p in self.path.iterdir() if p.is_dir() and _GENERATION_NAME.match(p.name))
        except FileNotFoundError:
            return []

    # -- locking ------------------------------------------------------------

    @contextlib.contextmanager
    def generations_lock(self) -> Iterator[None]:
        """Process- and thread-wide lock for creating, switching and deleting generations."""
        self.path.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.path / LOCK_FILE, "a+") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
