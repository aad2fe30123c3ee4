"""The backup archive: one .tar.gz with the database copy, the uploads and a manifest.json.

``database/db.sqlite3`` or ``database/db.pgdump``, ``media/<path>`` for every file under MEDIA_ROOT,
then ``manifest.json`` last: it records the SHA-256 of every other member, taken while the member was
written, so a file changed during the backup is still described as it was stored.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
FORMAT = 1
NAME_PREFIX = "xuncha-backup-"
NAME_SUFFIX = ".tar.gz"
DATABASE_DIR = "database"
MEDIA_DIR = "media"
_CHUNK = 1024 * 1024


def archive_name(created_at: datetime) -> str:
    return f"{NAME_PREFIX}{created_at:%Y%m%d-%H%M%S}{NAME_SUFFIX}"


def media_files(media_root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under MEDIA_ROOT with its name in the archive, in a stable order."""
    if not media_root.is_dir():
        return
    for folder, dirs, files in os.walk(media_root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path, str(PurePosixPath(MEDIA_DIR, path.relative_to(media_root).as_posix()))


class _Hashing:
    """A reader that hashes what tarfile takes from it, exactly the bytes stored."""

    def __init__(self, fh) -> None:
        self.fh = fh
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.sha256.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, member: str) -> str:
    with open(path, "rb") as fh:
        info = tar.gettarinfo(arcname=member, fileobj=fh)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _Hashing(fh)
        tar.addfile(info, reader)
    return reader.sha256.hexdigest()


def _add_bytes(tar: tarfile.TarFile, member: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(member)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = 0o640
    tar.addfile(info, _BytesReader(data))


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data = memoryview(data)
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk = bytes(self.data[self.offset : end])
        self.offset += len(chunk)
        return chunk


def write(*, output_dir: Path, created_at: datetime, database_file: Path, database_member: str,
          media_root: Path, manifest: dict) -> tuple[Path, dict]:  # fmt: skip
    """Write the archive into ``output_dir`` under a temporary name, then rename it: a reader never sees
    half an archive, and a failure leaves none. Returns its path and the manifest as written (``manifest``
    plus the ``files`` and ``media`` entries)."""
    final = output_dir / archive_name(created_at)
    if final.exists():
        raise CommandError(_("%(path)s already exists; run the backup again in a second.") % {"path": final})
    fd, partial = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".partial", dir=output_dir)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz") as tar:
                checksums = {database_member: _add_file(tar, database_file, database_member)}
                media_bytes = 0
                for path, member in media_files(media_root):
                    checksums[member] = _add_file(tar, path, member)
                    media_bytes += tar.getmember(member).size
                manifest = {
                    **manifest,
                    "media": {"files": len(checksums) - 1, "bytes": media_bytes},
                    "files": checksums,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
                _add_bytes(tar, MANIFEST, data, created_at.timestamp())
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, final)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    dir_fd = os.open(output_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return final, manifest


# --- reading ---


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, mode="r:gz")
    except (OSError, tarfile.TarError) as error:
        raise CommandError(
            _("%(path)s is not a backup archive (%(error)s).") % {"path": path, "error": error}
        ) from error


def read_manifest(path: Path) -> dict:
    """The archive's manifest, after checking it is one this version can read."""
    if not path.is_file():
        raise CommandError(_("File not found: %(path)s") % {"path": path})
    with _open(path) as tar:
        try:
            member = tar.getmember(MANIFEST)
            fh = tar.extractfile(member)
            manifest = json.loads(fh.read().decode("utf-8")) if fh else None
        except KeyError:
            manifest = None
        except (OSError, tarfile.TarError, EOFError, ValueError) as error:
            raise CommandError(
                _("%(path)s is not a backup archive (%(error)s).") % {"path": path, "error": error}
            ) from error
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise CommandError(_("%(path)s is not a backup archive made by manage.py backup.") % {"path": path})
    if manifest.get("format") != FORMAT:
        raise CommandError(
            _("The archive has format %(found)s; this version reads format %(expected)s.")
            % {"found": manifest.get("format"), "expected": FORMAT}
        )
    return manifest


def _safe_member(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return (
        len(parts) >= 2
        and parts[0] in (DATABASE_DIR, MEDIA_DIR)
        and not name.startswith("/")
        and all(part not in ("", ".", "..") for part in parts)
    )


def _members(tar: tarfile.TarFile, manifest: dict) -> Iterator[tuple[tarfile.TarInfo, str]]:
    """Each stored file but the manifest, with its checksum as stored; refuses anything unexpected."""
    expected: dict[str, str] = manifest["files"]
    seen: set[str] = set()
    problems: list[str] = []
    for info in tar:
        if info.name == MANIFEST or info.isdir():
            continue
        if not info.isfile() or not _safe_member(info.name) or info.name not in expected or info.name in seen:
            problems.append(_("%(name)s: not listed in the manifest") % {"name": info.name})
            continue
        seen.add(info.name)
        digest = hashlib.sha256()
        fh = tar.extractfile(info)
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            yield info, chunk
        if digest.hexdigest() != expected[info.name]:
            problems.append(_("%(name)s: checksum does not match") % {"name": info.name})
    problems += [_("%(name)s: missing from the archive") % {"name": name} for name in sorted(set(expected) - seen)]
    if problems:
        shown = "；".join(problems[:5]) + ("……" if len(problems) > 5 else "")
        raise CommandError(
            _("The archive is damaged or was changed after the backup; nothing was restored. %(problems)s")
            % {"problems": shown}
        )


def verify(path: Path, manifest: dict) -> None:
    """Read every member and compare it with the manifest's checksums; raise CommandError on any difference."""
    try:
        with _open(path) as tar:
            for _info, _chunk in _members(tar, manifest):
                pass
    except (OSError, tarfile.TarError, EOFError) as error:
        raise CommandError(
            _("The archive is damaged or was changed after the backup; nothing was restored. %(problems)s")
            % {"problems": error}
        ) from error


def extract(path: Path, manifest: dict, *, database_to: Path, media_to: Path) -> None:
    """Unpack the database copy to ``database_to`` and the uploads under ``media_to``, checking each
    checksum again as it is written (the archive could have changed since ``verify``)."""
    database_member = manifest["database"]["file"]
    media_to.mkdir(parents=True, exist_ok=True)
    current_name, out = None, None
    times: list[tuple[Path, int]] = []
    try:
        with _open(path) as tar:
            for info, chunk in _members(tar, manifest):
                if info.name != current_name:
                    if out:
                        out.close()
                    current_name = info.name
                    if info.name == database_member:
                        target = database_to
                    else:
                        target = media_to.joinpath(*PurePosixPath(info.name).parts[1:])
                        target.parent.mkdir(parents=True, exist_ok=True)
                    out = open(target, "wb")  # closed when the next member starts
                    times.append((target, int(info.mtime)))
                out.write(chunk)
    except (OSError, tarfile.TarError, EOFError) as error:
        raise CommandError(_("Could not unpack the archive: %(error)s") % {"error": error}) from error
    finally:
        if out:
            out.close()
    # An empty file yields no chunk: create it.
    for member in manifest["files"]:
        if member != database_member and member.startswith(f"{MEDIA_DIR}/"):
            target = media_to.joinpath(*PurePosixPath(member).parts[1:])
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.touch()
    if not database_to.exists():
        database_to.touch()
    for target, mtime in times:
        os.utime(target, (mtime, mtime))
