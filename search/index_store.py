"""On-disk Whoosh index with atomically switched generations (no Django needed).

Layout of ``INDEX_DIR``::

    INDEX_DIR/
        CURRENT              name of the live generation, replaced with os.replace
        BUILDING             name of the generation a rebuild is filling (only during a rebuild)
        .generations.lock    flock taken while generations are created, switched or deleted
        gen-<utc time>-<random>/
            generation.json  schema version and the jieba dictionary fingerprint
            MAIN_*.toc, *.seg, MAIN_WRITELOCK ...   (the Whoosh index itself)

Readers open whatever ``CURRENT`` names, so a rebuild never disturbs searches
until it switches the pointer. Writers use ``ix.writer(timeout=...)``: Whoosh's
write lock is a file lock, so writers in several processes queue up instead of
failing. While a rebuild runs, ordinary writes go to the live generation *and*
to the one being built, so edits made during a rebuild are not lost.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from search.dictionary import get_segmenter
from search.schema import SCHEMA_VERSION, make_schema

__all__ = ["IndexStore", "get_store"]

logger = logging.getLogger("search.backend")

CURRENT_FILE = "CURRENT"
BUILDING_FILE = "BUILDING"
LOCK_FILE = ".generations.lock"
META_FILE = "generation.json"
GENERATION_PREFIX = "gen-"
_GENERATION_NAME = re.compile(r"^gen-[0-9A-Za-z_.-]+$")

#: Posting pool of the writer that merges a generation's segments, in MB.
OPTIMIZE_POOL_MB = 256


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class IndexStore:
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

    def __repr__(self) -> str:
        return f"<IndexStore {self.path}>"

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
        if not whoosh_index.exists_in(str(self.path / name)):
            return None
        return name

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
                "searches return nothing until you run `manage.py update_index`",
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

    def begin_rebuild(self) -> str:
        """Create the generation a rebuild fills and announce it in BUILDING (so live writes go there too)."""
        with self.generations_lock():
            name = self.create_generation()
            self._write_pointer(self.building_file, name)
        return name

    def optimize(self, name: str | None = None) -> None:
        """Merge a generation's segments into one: each segment costs every query a sub-search."""
        name = name or self.current_generation()
        if name is None:
            return
        # Whoosh sorts every posting in a pool that spills to pickled temporary runs past limitmb
        # (128 MB by default: about 10,000 articles); spilling doubled the merge time, and the
        # process's peak memory was about the same either way.
        writer = self.open_generation(name).writer(timeout=self.write_timeout, limitmb=OPTIMIZE_POOL_MB)
        writer.commit(optimize=True)

    def finish_rebuild(self, name: str) -> None:
        """Make ``name`` live, then delete generations older than the one it replaces."""
        self.optimize(name)
        with self.generations_lock():
            previous = self._read_pointer(self.current_file)
            self._write_pointer(self.current_file, name)
            if self._read_pointer(self.building_file) == name:
                with contextlib.suppress(FileNotFoundError):
                    self.building_file.unlink()
            # Keep the previous generation: another process may be mid-search in it.
            self._delete_generations(keep={name, previous})
        self._current_cache = (None, None)

    def reset(self) -> str:
        """Switch to a new, empty generation."""
        with self.generations_lock():
            previous = self._read_pointer(self.current_file)
            name = self.create_generation()
            self._write_pointer(self.current_file, name)
            self._delete_generations(keep={name, previous})
        self._current_cache = (None, None)
        return name

    def _delete_generations(self, keep: set[str | None]) -> None:
        building = self._read_pointer(self.building_file)
        for gen in self.generations():
            if gen in keep or gen == building:
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
        """
        name = self.current_generation()
        cached = getattr(self._local, "searcher", None)
        searcher = None
        if name is not None:
            try:
                if cached is not None and cached[0] == name and cached[1].up_to_date():
                    searcher = cached[1]
                else:
                    searcher = self.open_generation(name).searcher()
            except Exception:
                self._open.pop(name, None)
                logger.warning(
                    "Cannot open search index generation %s in %s; run `manage.py update_index`",
                    name,
                    self.path,
                    exc_info=True,
                )
        if cached is not None and cached[1] is not searcher:
            cached[1].close()
        self._local.searcher = (name, searcher) if searcher is not None else None
        yield searcher

    # -- writing ------------------------------------------------------------

    def write(
        self,
        documents: Iterable[Mapping[str, Any]] = (),
        delete_keys: Iterable[str] = (),
        *,
        generation: str | None = None,
    ) -> None:
        """Update (by ``key``) and delete documents in one writer per generation.

        Without ``generation``: the live one (created if missing) plus the one a
        rebuild is filling, if any.
        """
        documents = list(documents)
        delete_keys = list(delete_keys)
        if not documents and not delete_keys:
            return
        if generation is not None:
            targets = [generation]
        else:
            targets = [self.ensure_current()]
            building = self.building_generation()
            if building is not None and building not in targets:
                targets.append(building)
        for name in targets:
            ix = self.open_generation(name)
            writer = ix.writer(timeout=self.write_timeout)
            try:
                for key in delete_keys:
                    writer.delete_by_term("key", key)
                for doc in documents:
                    writer.update_document(**doc)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()

    def _warn_once(self, tag: str, message: str, *args: Any) -> None:
        if tag not in self._warned:
            self._warned.add(tag)
            logger.warning(message, *args)


_stores: dict[tuple[str, float], IndexStore] = {}
_stores_lock = threading.Lock()


def get_store(path: str | os.PathLike, *, write_timeout: float = 30.0) -> IndexStore:
    """The process-wide IndexStore for ``path`` (modelsearch builds a new backend object per search)."""
    key = (os.path.abspath(os.fspath(path)), float(write_timeout))
    with _stores_lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = IndexStore(key[0], write_timeout=write_timeout)
        return store
