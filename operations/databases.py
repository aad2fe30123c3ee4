"""The configured database copied out to one file and back: SQLite through its backup API, PostgreSQL
through pg_dump/pg_restore. Each copy comes with what the manifest records about it (rows per table,
applied migrations), read from the same snapshot as the copy itself."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
ENGINES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}

# The database's file inside the archive, per engine.
ARCHIVE_MEMBER = {SQLITE: "database/db.sqlite3", POSTGRESQL: "database/db.pgdump"}


@dataclass(frozen=True)
class DatabaseFacts:
    """What a database holds, as the manifest records it."""

    row_counts: dict[str, int]
    applied_migrations: list[str]  # "app.name", sorted


def engine() -> str:
    """The configured database's engine, as the manifest names it."""
    vendor = connection.vendor
    if vendor not in ENGINES:
        raise CommandError(_("Backup and restore support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor})
    return vendor


# --- reading facts (any DB-API cursor: a sqlite3 copy, or Django's cursor) ---


def _table_names(cursor, vendor: str) -> list[str]:
    if vendor == SQLITE:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [name for (name,) in cursor.fetchall()]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _facts(cursor, vendor: str, tables: list[str] | None = None) -> DatabaseFacts:
    present = _table_names(cursor, vendor)
    wanted = present if tables is None else [name for name in tables if name in present]
    counts = {}
    for name in wanted:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")  # names from the catalogue
        counts[name] = cursor.fetchone()[0]
    applied: list[str] = []
    if "django_migrations" in present:
        cursor.execute("SELECT app, name FROM django_migrations")
        applied = sorted(f"{app}.{name}" for app, name in cursor.fetchall())
    return DatabaseFacts(row_counts=counts, applied_migrations=applied)


def live_facts(tables: list[str] | None = None) -> DatabaseFacts:
    """Rows per table (only ``tables`` if given, where they exist) and applied migrations of the live database."""
    with connection.cursor() as cursor:
        return _facts(cursor, engine(), tables)


# --- copying out ---


def dump(*, target: Path) -> DatabaseFacts:
    """Copy the live database into ``target`` (the site may keep running) and describe the copy."""
    if engine() == SQLITE:
        return _sqlite_dump(target)
    return _pg_dump(target)


def _sqlite_dump(target: Path) -> DatabaseFacts:
    # The backup API copies a consistent snapshot while other processes read and write (WAL mode).
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One self-contained file: no -wal/-shm beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        return _facts(copy.cursor(), SQLITE)
    finally:
        copy.close()


def _pg_dump(target: Path) -> DatabaseFacts:
    pg_dump = client_program("pg_dump")
    # pg_dump reads the snapshot this transaction exports, so the row counts and the dump agree.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        facts = _facts(cursor, POSTGRESQL)
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}", *_pg_args()], "pg_dump")
    return facts


# --- copying back ---


def check_sqlite_copy(path: Path) -> None:
    """Refuse a database file that SQLite does not find intact."""
    try:
        copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (result,) = copy.execute("PRAGMA integrity_check").fetchone()
        finally:
            copy.close()
    except sqlite3.DatabaseError as error:
        result = str(error)
    if result != "ok":
        raise CommandError(_("The database in the archive is damaged (%(detail)s).") % {"detail": result})


def load(*, source: Path) -> None:
    """Replace the configured database's contents with the copy in ``source``. The site must be stopped."""
    if engine() == SQLITE:
        _sqlite_load(source)
    else:
        _pg_load(source)


def _sqlite_load(source: Path) -> None:
    name = connection.settings_dict["NAME"]
    connection.close()
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    # The backup API in the other direction: the live file is rewritten page by page inside one write
    # transaction on it, which also keeps its -wal file consistent (renaming a file over a WAL database
    # would let SQLite replay the old WAL onto the new file). A failure leaves the old contents.
    copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    live = sqlite3.connect(name, timeout=20)
    try:
        copy.backup(live)
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as error:
        raise CommandError(
            _("Could not write the database %(name)s: %(error)s") % {"name": name, "error": error}
        ) from error
    finally:
        live.close()
        copy.close()


def _pg_load(source: Path) -> None:
    pg_restore, psql = client_program("pg_restore"), client_program("psql")
    # --clean --if-exists drops what the dump holds before creating it again; tables the dump does not hold
    # (made by migrations newer than the backup) are dropped too, or the migrations restore then applies would
    # find them in the way. All of it runs as one script in one transaction, so a failure leaves the database
    # as it was. --no-owner: the objects belong to the configured user.
    with connection.cursor() as cursor:
        present = _table_names(cursor, POSTGRESQL)
    connection.close()
    newer = [name for name in present if name not in _pg_dump_tables(pg_restore, source)]
    script = source.with_name(source.name + ".sql")
    try:
        command = [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", f"--file={script}"]
        _run([*command, str(source)], "pg_restore")
        drops = "".join(f"DROP TABLE IF EXISTS {_quote(name)} CASCADE;\n" for name in newer)
        script.write_text(drops + script.read_text(encoding="utf-8"), encoding="utf-8")
        command = [psql, "--single-transaction", "--quiet", "--set=ON_ERROR_STOP=1", f"--file={script}"]
        _run([*command, *_pg_args(dbname_flag="--dbname")], "psql")
    finally:
        script.unlink(missing_ok=True)


def _pg_dump_tables(pg_restore: str, source: Path) -> set[str]:
    """The tables a pg_dump archive holds, from its table of contents (``pg_restore --list``)."""
    result = subprocess.run([pg_restore, "--list", str(source)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(
            _("%(program)s failed (exit status %(status)s): %(detail)s")
            % {"program": "pg_restore", "status": result.returncode, "detail": result.stderr.strip()[-2000:]}
        )
    # A table's line: "215; 1259 16386 TABLE public auth_group postgres".
    return {
        parts[5]
        for parts in (line.split() for line in result.stdout.splitlines() if not line.startswith(";"))
        if len(parts) > 5 and parts[3] == "TABLE"
    }


# --- PostgreSQL client programs ---


def client_program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            _(
                "%(program)s was not found on PATH. Install the PostgreSQL client programs (Debian package "
                "postgresql-client, the same major version as the server or newer) and try again."
            )
            % {"program": name}
        )
    return path


def _pg_args(dbname_flag: str = "--dbname") -> list[str]:
    settings = connection.settings_dict
    args = []
    if settings.get("HOST"):
        args.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        args.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        args.append(f"--username={settings['USER']}")
    args.append(f"{dbname_flag}={settings['NAME']}")
    return args


def _pg_env() -> dict[str, str]:
    env = dict(os.environ)
    settings = connection.settings_dict
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    sslmode = settings.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


def _run(command: list[str], program: str) -> None:
    # --no-password: never wait for a password on a terminal nobody watches (the nightly timer).
    command = [command[0], "--no-password", *command[1:]]
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(
            _("%(program)s failed (exit status %(status)s): %(detail)s")
            % {"program": program, "status": result.returncode, "detail": result.stderr.strip()[-2000:]}
        )
