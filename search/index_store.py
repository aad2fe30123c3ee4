"""On-disk Whoosh index with atomically switched generations (no Django needed).

Layout of ``INDEX_DIR``::

    INDEX_DIR/
        CURRENT              name of the live generation, replaced with os.replace
        BUILDING             name of the generation a rebuild is filling (only during a rebuild)
        .generations.lock    flock taken while generations are created, switched or deleted
        gen-<utc time>-<random>/
            generation.json  schema version and the jieba dictionary fingerprint
            MAIN_*.toc, *.seg, MAIN_WRITELOCK ...   (the Whoosh index itself)

        .rebuild.lock        flock held by the process running a rebuild, from begin to switch

Readers open whatever ``CURRENT`` names, so a rebuild never disturbs searches
until it switches the pointer. Writers use ``ix.writer(timeout=...)``: Whoosh's
write lock is a file lock, so writers in several processes queue up, each for at
most ``write_timeout`` seconds (2 on the site), then :class:`IndexBusy` is raised.

A rebuild fills its generation through ONE writer (one segment, no merge at the
end, a bounded posting pool: see ``REBUILD_POOL_MB``). Ordinary writes meanwhile go
to the live generation only, and :meth:`IndexStore.write` returns False for them:
the caller records them (search.services, the pending-operations table) and the
rebuild applies that table to its generation before switching ``CURRENT``.

Faults: an unreadable or garbage ``CURRENT``, a generation Whoosh cannot open
(truncated segment file, partial generation) or a missing folder make
:meth:`IndexStore.usable` False (the backend then answers from the database);
a write with no usable index raises :class:`IndexUnavailable` instead of creating
a fresh, near-empty index (unless the caller asks for that: ``create_missing``).
A rebuild starts whatever the folder holds and deletes every generation that is
neither the new one nor the valid one it replaces.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from search.dictionary import get_segmenter
from search.index_pointers import CURRENT_FILE, PointersMixin
from search.index_rebuild import (
    BUILDING_FILE,
    MAINTENANCE_TIMEOUT,
    REBUILD_LOCK_FILE,
    REBUILD_POOL_MB,
    REBUILD_REQUEST_TTL,
    REBUILD_REQUESTED_FILE,
    RebuildMixin,
)
from search.schema import SCHEMA_VERSION, make_schema

__all__ = [
    "BUILDING_FILE",
    "CURRENT_FILE",
    "META_FILE",
    "REBUILD_LOCK_FILE",
    "REBUILD_POOL_MB",
    "REBUILD_REQUESTED_FILE",
    "REBUILD_REQUEST_TTL",
    "IndexBusy",
    "IndexStore",
    "IndexUnavailable",
    "get_store",
]

logger = logging.getLogger("search.backend")

META_FILE = "generation.json"
GENERATION_PREFIX = "gen-"

#: Posting pool of the writer that merges a generation's segments, in MB.
OPTIMIZE_POOL_MB = 256


class IndexUnavailable(Exception):
    """There is no usable live generation (missing folder, garbage pointer, damaged files)."""


class IndexBusy(Exception):
    """The write lock was held by another writer for longer than the write timeout."""


class IndexStore(PointersMixin, RebuildMixin):
    """One ``INDEX_DIR``. Cheap to use from many threads; one instance per directory per process (see get_store)."""

    def __init__(self, path: str | os.PathLike, *, write_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.write_timeout = float(write_timeout)
        # Editor-added dictionary words for new generations; the backend plugs in the database.
        self.words_provider: Callable[[], Iterable[str]] = tuple
        self._lock = threading.Lock()
        # (stat signature of CURRENT, generation name or None)
        self._current_cache: tuple[tuple | None, str | None] = (None, None)
        self._open: dict[str, Any] = {}
        self._local = threading.local()  # this thread's (generation name, searcher)
        self._warned: set[str] = set()
        self._last_current: str | None = None
        self._damaged: set[str] = set()  # generations that failed to open in this process
        self._rebuild: dict | None = None  # this process's rebuild: generation, writer, lock file, keys

    def __repr__(self) -> str:
        return f"<IndexStore {self.path}>"

    # -- generations --------------------------------------------------------

    def create_generation(self) -> str:
        """A new, empty generation directory with a fresh schema and its metadata. Not made live."""
        self.path.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        name = f"{GENERATION_PREFIX}{stamp}-{secrets.token_hex(4)}"
        gen_dir = self.path / name
        gen_dir.mkdir()
        extra_words = tuple(sorted(set(self.words_provider())))
        meta = {
            "schema_version": SCHEMA_VERSION,
            "dictionary_fingerprint": get_segmenter(extra_words).fingerprint,
            "extra_words": list(extra_words),
            "created": time.time(),
            "pid": os.getpid(),
        }
        (gen_dir / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
        whoosh_index.create_in(str(gen_dir), make_schema(extra_words))
        return name

    def current_extra_words(self) -> tuple[str, ...]:
        """The editor-added words of the live generation: queries must segment as it was indexed."""
        name = self.current_generation(warn=False)
        return tuple(self.generation_meta(name).get("extra_words", ())) if name else ()

    def generation_meta(self, name: str) -> dict:
        try:
            return json.loads((self.path / name / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def ensure_current(self) -> str:
        """The live generation, creating an empty one (and CURRENT) if there is none."""
        name = self.current_generation(warn=False)
        if name is not None:
            return name
        with self.generations_lock():
            # Another process may have created it while we waited for the lock.
            name = self._read_pointer(self.current_file)
            if name is None:
                name = self.create_generation()
                self._write_pointer(self.current_file, name)
                logger.warning("Created a new, empty search index generation %s in %s", name, self.path)
        self._current_cache = (None, None)
        return name

    def optimize(self, name: str | None = None) -> None:
        """Merge a generation's segments into one: each segment costs every query a sub-search."""
        name = name or self.current_generation()
        if name is None:
            return
        # Whoosh sorts every posting in a pool that spills to pickled temporary runs past limitmb
        # (128 MB by default: about 10,000 articles); spilling doubled the merge time, and the
        # process's peak memory was about the same either way. A rebuild needs no merge (one writer).
        writer = self.open_generation(name).writer(timeout=MAINTENANCE_TIMEOUT, limitmb=OPTIMIZE_POOL_MB)
        writer.commit(optimize=True)

    def reset(self) -> str:
        """Switch to a new, empty generation."""
        with self.generations_lock():
            previous = self._read_pointer(self.current_file)
            name = self.create_generation()
            self._write_pointer(self.current_file, name)
            self._delete_generations(keep={name, previous})
        self._current_cache = (None, None)
        self._damaged.clear()
        return name

    def _delete_generations(self, keep: set[str | None]) -> None:
        building = self._read_pointer(self.building_file)
        ours = self._rebuild["name"] if self._rebuild is not None else None
        for gen in self.generations():
            if gen in keep or gen == building or gen == ours:
                continue
            shutil.rmtree(self.path / gen, ignore_errors=True)
            self._open.pop(gen, None)

    # -- opening ------------------------------------------------------------

    def open_generation(self, name: str):
        ix = self._open.get(name)
        if ix is None:
            ix = whoosh_index.open_dir(str(self.path / name))
            self._open[name] = ix
            self._check_fingerprint(name)
        return ix

    def _check_fingerprint(self, name: str) -> None:
        # The shipped word file changed since this generation was built (editor words are recorded
        # in the generation itself and used as they were).
        meta = self.generation_meta(name)
        recorded = meta.get("dictionary_fingerprint")
        expected = get_segmenter(tuple(meta.get("extra_words", ()))).fingerprint
        if recorded != expected:
            self._warn_once(
                f"fingerprint:{name}",
                "Search index generation %s was built with a different segmentation dictionary "
                "(%s, now %s); run `manage.py update_index`",
                name,
                (recorded or "unknown")[:12],
                expected[:12],
            )

    @contextlib.contextmanager
    def searcher(self) -> Iterator[Any]:
        """A Whoosh searcher on the live generation, or None when there is no usable index.

        Each thread keeps its searcher between searches (opening one costs more than a
        small query) and opens a new one when the generation or its segments changed.
        Whoosh's own ``refresh()`` is not used: it reuses a segment's reader by segment
        id, so deletions committed since (updated documents) would not be seen.
        A generation that fails to open is remembered as damaged (see usable()).
        """
        name = self.current_generation()
        cached = getattr(self._local, "searcher", None)
        searcher = files = None
        if name is not None and name not in self._damaged:
            try:
                files = self._files_signature(name)
                if cached is not None and cached[0] == name and cached[2] == files and cached[1].up_to_date():
                    searcher = cached[1]
                else:
                    searcher = self.open_generation(name).searcher()
            except Exception:
                self.mark_damaged(name)
        if cached is not None and cached[1] is not searcher:
            with contextlib.suppress(Exception):
                cached[1].close()
        self._local.searcher = (name, searcher, files) if searcher is not None else None
        yield searcher

    def _files_signature(self, name: str) -> tuple:
        """The generation's index files with their inode and size. Whoosh maps segment files into memory: reading
        a mapped file that was truncated since kills the process (SIGBUS), so a searcher is reused only while
        its files are unchanged; a damaged file then fails to open instead, and the database answers."""
        with os.scandir(self.path / name) as entries:
            return tuple(
                sorted(
                    (entry.name, entry.inode(), entry.stat().st_size)
                    for entry in entries
                    if entry.name.endswith((".seg", ".toc"))
                )
            )

    def mark_damaged(self, name: str | None = None) -> None:
        """The live generation (or ``name``) cannot be searched: stop using it in this process."""
        name = name or self.current_generation(warn=False)
        if name is None:
            return
        self._damaged.add(name)
        self._open.pop(name, None)
        self._warn_once(
            f"damaged:{name}",
            "Cannot open search index generation %s in %s; searches use the database until "
            "`manage.py update_index` rebuilds it",
            name,
            self.path,
            exc_info=True,
        )

    def usable(self) -> bool:
        """Whether the live generation opens (cheap after the first call: the thread's searcher is kept)."""
        with self.searcher() as searcher:
            return searcher is not None

    # -- writing ------------------------------------------------------------

    def write(
        self,
        documents: Iterable[Mapping[str, Any]] = (),
        delete_keys: Iterable[str] = (),
        *,
        generation: str | None = None,
        create_missing: bool = True,
    ) -> bool:
        """Update (by ``key``) and delete documents; True when the live index now holds them for good.

        Without ``generation``: the live one, waiting at most ``write_timeout`` for its lock
        (:class:`IndexBusy` after that). With no usable live generation it is created empty if
        ``create_missing`` (a fresh store used on its own), else :class:`IndexUnavailable` is raised.
        Returns False when a rebuild ran or switched meanwhile: its generation may lack this write,
        so the caller records it for the rebuild to apply (search.services).
        With ``generation``: that one; the rebuild's own generation goes through its single writer.
        """
        documents = list(documents)
        delete_keys = list(delete_keys)
        if not documents and not delete_keys:
            return True
        rebuild = self._rebuild
        if generation is not None and rebuild is not None and generation == rebuild["name"] and rebuild["writer"]:
            self._rebuild_add(documents, delete_keys)
            return True
        if generation is not None:
            name = generation
        else:
            name = self.current_generation(warn=False)
            if name is None or name in self._damaged:
                if not create_missing:
                    raise IndexUnavailable(str(self.path))
                name = self.ensure_current()
        try:
            writer = self.open_generation(name).writer(timeout=self.write_timeout)
        except whoosh_index.LockError as exc:
            raise IndexBusy(f"{self.path / name}: write lock held for more than {self.write_timeout} s") from exc
        except Exception as exc:
            if generation is None and not create_missing:
                self.mark_damaged(name)
                raise IndexUnavailable(str(self.path / name)) from exc
            raise
        try:
            for key in delete_keys:
                writer.delete_by_term("key", key)
            for doc in documents:
                writer.update_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        if generation is not None:
            return True
        return not self.rebuild_running() and self.current_generation(warn=False) == name

    def _warn_once(self, tag: str, message: str, *args: Any, exc_info: bool = False) -> None:
        if tag not in self._warned:
            self._warned.add(tag)
            logger.warning(message, *args, exc_info=exc_info)


_stores: dict[tuple[str, float], IndexStore] = {}
_stores_lock = threading.Lock()


def get_store(path: str | os.PathLike, *, write_timeout: float = 2.0) -> IndexStore:
    """The process-wide IndexStore for ``path`` (modelsearch builds a new backend object per search)."""
    key = (os.path.abspath(os.fspath(path)), float(write_timeout))
    with _stores_lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = IndexStore(key[0], write_timeout=write_timeout)
        return store
