"""The rebuild side of :class:`search.index_store.IndexStore`: one writer fills a new generation, then it goes live.

``begin_rebuild`` takes ``.rebuild.lock`` (a second rebuild waits; ``rebuild_running`` asks without waiting),
clears what faults left (a stale BUILDING, partial generations, generations behind a garbage pointer) and opens
ONE writer on the new generation, with a posting pool of ``REBUILD_POOL_MB``. Measured with
bench/search_rebuild.py on 10,000 articles (a loaded 2-core machine): the former way (a writer and a commit per
chunk of 1,000, then merging every segment with a 256 MB pool) peaked at 456 MB; one writer with a 48 MB
pool peaks at about 300 MB (407 MB at 30,000) and needs no merge. ``finish_rebuild`` commits it, lets the
caller apply the pending index operations to it, switches CURRENT and deletes every other generation but the
valid one it replaced.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import time
from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "BUILDING_FILE",
    "MAINTENANCE_TIMEOUT",
    "REBUILD_LOCK_FILE",
    "REBUILD_POOL_MB",
    "REBUILD_REQUESTED_FILE",
    "REBUILD_REQUEST_TTL",
    "RebuildMixin",
]

logger = logging.getLogger("search.backend")

BUILDING_FILE = "BUILDING"
REBUILD_LOCK_FILE = ".rebuild.lock"
#: Written when a fault asked for a rebuild (so it is asked once), removed when a rebuild goes live.
REBUILD_REQUESTED_FILE = "REBUILD_REQUESTED"
#: A rebuild request older than this (its worker died) may be made again.
REBUILD_REQUEST_TTL = 600
#: Posting pool of a rebuild's single writer, in MB (Whoosh's estimate: the real Python objects take
#: about twice that). Past it the pool is sorted and spilled to a temporary run file in the
#: generation's folder; runs are merged when the writer commits.
REBUILD_POOL_MB = 48
#: How long maintenance writers (the rebuild, merging segments) wait for the write lock.
MAINTENANCE_TIMEOUT = 120.0


class RebuildMixin:
    """Needs the store's path, pointers, generations lock, ``_rebuild`` and ``_damaged`` (search.index_store)."""

    def rebuild_running(self) -> bool:
        """Whether some process (this one included) is between begin_rebuild and the switch."""
        if self._rebuild is not None:
            return True
        try:
            fh = open(self.path / REBUILD_LOCK_FILE, "a+")
        except OSError:
            return False
        with fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
            return False

    def begin_rebuild(self) -> str:
        """Take the rebuild lock (waiting for another rebuild), clear out what earlier faults left, and create
        the generation to fill, announced in BUILDING. Fill it with ``write(generation=...)``."""
        self.path.mkdir(parents=True, exist_ok=True)
        lock = open(self.path / REBUILD_LOCK_FILE, "a+")
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            with self.generations_lock():
                current = self._read_pointer(self.current_file)
                # A BUILDING left by a rebuild that died, partial generations, generations behind a garbage
                # pointer: nothing reads them (readers only open what CURRENT names).
                with contextlib.suppress(FileNotFoundError):
                    self.building_file.unlink()
                self._delete_generations(keep={current})
                name = self.create_generation()
                self._write_pointer(self.building_file, name)
            # One process: a second writer process (procs=2) was slower on this 2-core machine (33 s against
            # 22 s for 10,000 articles) and doubled the memory.
            writer = self.open_generation(name).writer(timeout=MAINTENANCE_TIMEOUT, limitmb=REBUILD_POOL_MB)
        except BaseException:
            lock.close()
            raise
        self._rebuild = {"name": name, "writer": writer, "lock": lock, "keys": set()}
        return name

    def _rebuild_add(self, documents: list[Mapping[str, Any]], delete_keys: list[str]) -> None:
        rebuild = self._rebuild
        writer, keys = rebuild["writer"], rebuild["keys"]
        # Deletions have nothing to delete in a generation being filled: an object deleted during the rebuild is
        # replayed from the pending table after the commit.
        del delete_keys
        for doc in documents:
            # Each object comes once per rebuild (Page.get_indexed_objects gives each page as its own type);
            # a document in the writer's buffer cannot be replaced, so a repeat is skipped.
            if doc["key"] in keys:
                continue
            keys.add(doc["key"])
            writer.add_document(**doc)

    def finish_rebuild(self, name: str, before_switch: Callable[[str], None] | None = None) -> None:
        """Commit the rebuild's writer, let ``before_switch`` apply what changed meanwhile, make ``name`` live,
        then delete every other generation but the one it replaces."""
        rebuild = self._rebuild
        try:
            if rebuild is not None and rebuild["name"] == name:
                rebuild["writer"].commit(merge=False)
                rebuild["writer"] = None
            else:  # a rebuild filled by ordinary writers (several segments): merge them
                self.optimize(name)
            if before_switch is not None:
                before_switch(name)
            with self.generations_lock():
                previous = self._read_pointer(self.current_file)
                self._write_pointer(self.current_file, name)
                with contextlib.suppress(FileNotFoundError):
                    self.building_file.unlink()
                with contextlib.suppress(FileNotFoundError):
                    (self.path / REBUILD_REQUESTED_FILE).unlink()
                # Keep the previous generation: another process may be mid-search in it.
                self._delete_generations(keep={name, previous if previous not in self._damaged else None})
        finally:
            self._end_rebuild()
        self._current_cache = (None, None)
        self._damaged.clear()
        self._warned.clear()

    def abort_rebuild(self) -> None:
        """Give up this process's rebuild: its generation is deleted, the live one stays."""
        rebuild = self._rebuild
        if rebuild is None:
            return
        try:
            if rebuild["writer"] is not None:
                with contextlib.suppress(Exception):
                    rebuild["writer"].cancel()
            with self.generations_lock():
                if self._read_pointer(self.building_file) == rebuild["name"]:
                    with contextlib.suppress(FileNotFoundError):
                        self.building_file.unlink()
                shutil.rmtree(self.path / rebuild["name"], ignore_errors=True)
                self._open.pop(rebuild["name"], None)
        finally:
            self._end_rebuild()

    def _end_rebuild(self) -> None:
        rebuild, self._rebuild = self._rebuild, None
        if rebuild is not None:
            rebuild["lock"].close()  # releases the flock

    def request_rebuild(self) -> bool:
        """Note that a fault asked for a rebuild; True if nobody has asked in the last ``REBUILD_REQUEST_TTL`` s
        (the caller then queues one), so a broken index queues one rebuild, not one per request."""
        marker = self.path / REBUILD_REQUESTED_FILE
        try:
            if time.time() - marker.stat().st_mtime < REBUILD_REQUEST_TTL:
                return False
        except OSError:
            pass
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._write_pointer(marker, f"gen-requested-{os.getpid()}")
        except OSError:
            logger.exception("Cannot write %s", marker)
        return True

    def rebuild_requested(self) -> bool:
        """A rebuild asked for by a fault has not gone live yet."""
        return (self.path / REBUILD_REQUESTED_FILE).exists()
