"""The archive on its own, without a database: written whole or not at all, read back byte for byte, and
anything that does not match its manifest refused before a file is touched."""

import io
import json
import tarfile
from datetime import datetime
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from operations import archive, databases

CREATED = datetime(2026, 3, 1, 2, 30, 12)


def uploads(root: Path) -> dict[str, bytes]:
    files = {
        "documents/巡察工作手册.txt": "巡察工作手册".encode(),
        "original_images/chart.png": bytes(range(256)) * 100,
        "documents/empty.txt": b"",
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return files


def write(tmp_path: Path, media_root: Path) -> Path:
    database = tmp_path / "db-copy"
    database.write_bytes(b"SQLite format 3\x00 pretend")
    output = tmp_path / "out"
    output.mkdir(exist_ok=True)
    path, _manifest = archive.write(
        output_dir=output,
        created_at=CREATED,
        database_file=database,
        database_member="database/db.sqlite3",
        media_root=media_root,
        manifest={"format": archive.FORMAT, "database": {"engine": "sqlite", "file": "database/db.sqlite3"}},
    )
    return path


def test_an_archive_reads_back_to_the_same_files(tmp_path):
    files = uploads(tmp_path / "media")

    path = write(tmp_path, tmp_path / "media")

    assert path.name == "xuncha-backup-20260301-023012.tar.gz"
    assert path.stat().st_mode & 0o777 == 0o600
    manifest = archive.read_manifest(path)
    assert manifest["media"] == {"files": 3, "bytes": sum(map(len, files.values()))}
    archive.verify(path, manifest)
    archive.extract(path, manifest, database_to=tmp_path / "db", media_to=tmp_path / "restored")
    assert (tmp_path / "db").read_bytes() == b"SQLite format 3\x00 pretend"
    restored = {
        p.relative_to(tmp_path / "restored").as_posix(): p.read_bytes()
        for p in (tmp_path / "restored").rglob("*")
        if p.is_file()
    }
    assert restored == files


def test_a_backup_that_fails_midway_leaves_no_file_behind(tmp_path, monkeypatch):
    uploads(tmp_path / "media")
    add_file = archive._add_file
    calls = []

    def failing(tar, path, member):
        calls.append(member)
        if len(calls) == 3:
            raise OSError("disk full")
        return add_file(tar, path, member)

    monkeypatch.setattr(archive, "_add_file", failing)

    with pytest.raises(OSError, match="disk full"):
        write(tmp_path, tmp_path / "media")

    assert len(calls) == 3
    assert list((tmp_path / "out").iterdir()) == []


def rebuilt(path: Path, target: Path, extra: dict[str, bytes], listed: bool) -> Path:
    """``path`` with members added (and, if ``listed``, given correct checksums in the manifest)."""
    import hashlib

    with tarfile.open(path, "r:gz") as source:
        members = [(info, source.extractfile(info).read()) for info in source]
    manifest = json.loads(dict((info.name, data) for info, data in members)["manifest.json"])
    if listed:
        manifest["files"].update({name: hashlib.sha256(data).hexdigest() for name, data in extra.items()})
    with tarfile.open(target, "w:gz") as copy:
        for info, data in members:
            if info.name == "manifest.json":
                data = json.dumps(manifest).encode()
                info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
        for name, data in extra.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return target


@pytest.mark.parametrize("listed", [False, True])
def test_a_member_outside_database_and_media_is_refused(tmp_path, listed):
    uploads(tmp_path / "media")
    path = rebuilt(
        write(tmp_path, tmp_path / "media"), tmp_path / "evil.tar.gz", {"media/../../evil.sh": b"rm -rf /"}, listed
    )
    manifest = archive.read_manifest(path)

    with pytest.raises(CommandError, match="未恢复任何内容") as refused:
        archive.verify(path, manifest)

    assert "media/../../evil.sh" in str(refused.value)
    with pytest.raises(CommandError):
        archive.extract(path, manifest, database_to=tmp_path / "db", media_to=tmp_path / "restored")
    assert not (tmp_path / "evil.sh").exists()


def test_a_file_that_is_not_an_archive_is_refused_in_chinese(tmp_path):
    path = tmp_path / "notes.tar.gz"
    path.write_text("不是备份文件", encoding="utf-8")

    with pytest.raises(CommandError, match="不是备份文件"):
        archive.read_manifest(path)


def test_a_missing_pg_dump_is_named_with_the_package_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(CommandError) as missing:
        databases.client_program("pg_dump")

    assert "找不到 pg_dump" in str(missing.value)
    assert "postgresql-client" in str(missing.value)
