"""The package file: a zip of JSON entries and media files, with a manifest that names every entry's checksum.

    manifest.json           source office, package key/title/version, dates, who approved it, the 脱敏 record,
                            the items, and {path: sha256, size} for every other entry
    items/0001.json ...     one item each: {"key", "kind", "title", "origin", "data"}
    media/<sha256>.<ext>    images and documents the items use

Reading checks everything before anything is used: a file that is not a zip, is cut short, carries an entry the
manifest does not name (or lacks one it names), or whose entry does not match its checksum is refused whole, with
one Chinese sentence saying so. Checksums catch damage and edits of entries; they do not prove who wrote the
manifest (the offices share no key), which is why a reviewer approves what leaves and an editor what arrives.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

FORMAT = "xuncha-content-package"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# A package is a few thousand small JSON entries and some images; these bounds refuse zip bombs and junk early.
MAX_ENTRIES = 50_000
MAX_TOTAL_SIZE = 2 * 1024**3
MAX_JSON_SIZE = 5 * 1024**2

__all__ = ["FORMAT", "FORMAT_VERSION", "PackageContents", "PackageError", "PackageWriter", "read_package", "sha256"]


class PackageError(Exception):
    """The file cannot be used; ``message`` says why, in Chinese, for the person who uploaded it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json_bytes(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


class PackageWriter:
    """Collects entries, then writes the zip with the manifest listing them."""

    def __init__(self) -> None:
        self._entries: dict[str, bytes] = {}

    def add_json(self, path: str, value) -> str:
        data = _json_bytes(value)
        self._entries[path] = data
        return sha256(data)

    def add_media(self, *, content: bytes, extension: str) -> str:
        path = f"media/{sha256(content)}{extension.lower()}"
        self._entries[path] = content
        return path

    def has(self, path: str) -> bool:
        return path in self._entries

    def build(self, manifest: dict) -> bytes:
        manifest = {
            **manifest,
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "entries": {
                path: {"sha256": sha256(data), "size": len(data)} for path, data in sorted(self._entries.items())
            },
        }
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, _json_bytes(manifest))
            for path, data in sorted(self._entries.items()):
                # Media are compressed already; deflating them again costs time for nothing.
                method = zipfile.ZIP_STORED if path.startswith("media/") else zipfile.ZIP_DEFLATED
                archive.writestr(zipfile.ZipInfo(path, date_time=(2000, 1, 1, 0, 0, 0)), data, compress_type=method)
        return buffer.getvalue()


@dataclass
class PackageContents:
    manifest: dict
    items: list[dict]
    _archive: zipfile.ZipFile = field(repr=False)

    def media(self, path: str) -> bytes:
        return self._archive.read(path)

    @property
    def source_name(self) -> str:
        return self.manifest["source"]["name"]

    @property
    def source_code(self) -> str:
        return self.manifest["source"]["code"]

    @property
    def package(self) -> dict:
        return self.manifest["package"]


def read_package(data: bytes) -> PackageContents:
    """The package in these bytes, every entry checked; PackageError when anything is wrong."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PackageError(
            _("This file is not a content package, or it is incomplete (cut short while copying).")
        ) from error
    if len(infos) > MAX_ENTRIES or sum(info.file_size for info in infos) > MAX_TOTAL_SIZE:
        raise PackageError(_("This package is too large to import."))
    names = {info.filename for info in infos}
    if MANIFEST not in names:
        raise PackageError(_("This file has no package manifest: it is not a content package of this system."))
    manifest = _load_json(archive, MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageError(_("This file has no package manifest: it is not a content package of this system."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise PackageError(_("This package was made by another version of the system and cannot be read here."))
    entries = manifest.get("entries")
    if not isinstance(entries, dict):
        raise PackageError(_("The package manifest is damaged."))
    extra = names - set(entries) - {MANIFEST}
    missing = set(entries) - names
    if extra or missing:
        raise PackageError(
            _(
                "The package does not match its manifest (%(n)s entries added or missing): "
                "it was altered or is incomplete."
            )
            % {"n": len(extra) + len(missing)}
        )
    for path, expected in entries.items():
        try:
            content = archive.read(path)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise PackageError(
                _("Entry %(path)s of the package cannot be read: the file is damaged or incomplete.") % {"path": path}
            ) from error
        if len(content) != expected.get("size") or sha256(content) != expected.get("sha256"):
            raise PackageError(
                _("Entry %(path)s does not match its checksum: the package was altered after it was approved.")
                % {"path": path}
            )
    items = []
    for item in manifest.get("items", []):
        path = item.get("path", "")
        if path not in entries or not path.startswith("items/"):
            raise PackageError(_("The package manifest is damaged."))
        items.append(_load_json(archive, path))
    _check_shape(manifest, items)
    return PackageContents(manifest=manifest, items=items, _archive=archive)


def _load_json(archive: zipfile.ZipFile, path: str):
    info = archive.getinfo(path)
    if info.file_size > MAX_JSON_SIZE:
        raise PackageError(_("Entry %(path)s of the package is too large.") % {"path": path})
    try:
        return json.loads(archive.read(path))
    except (ValueError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise PackageError(
            _("Entry %(path)s of the package cannot be read: the file is damaged or incomplete.") % {"path": path}
        ) from error


def _check_shape(manifest: dict, items: list) -> None:
    try:
        assert isinstance(manifest["source"]["name"], str) and manifest["source"]["name"]
        assert isinstance(manifest["source"]["code"], str) and manifest["source"]["code"]
        assert isinstance(manifest["package"]["key"], str) and manifest["package"]["key"]
        assert isinstance(manifest["package"]["title"], str)
        assert isinstance(manifest["package"]["version"], int)
        for item in items:
            assert isinstance(item, dict)
            assert isinstance(item["key"], str) and isinstance(item["kind"], str) and isinstance(item["data"], dict)
            assert isinstance(item["origin"]["code"], str) and isinstance(item["origin"]["key"], str)
    except (AssertionError, KeyError, TypeError) as error:
        raise PackageError(_("The package manifest is damaged.")) from error
