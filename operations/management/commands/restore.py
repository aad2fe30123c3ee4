import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from operations import archive as archive_file
from operations import databases

YES = {"yes", "y", "是"}


class Command(BaseCommand):
    help = _(
        "Restore a backup archive: the database and the uploaded files are replaced, then the search index is "
        "rebuilt. Stop the site first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help=_("The archive written by manage.py backup."))
        parser.add_argument("--yes", action="store_true", help=_("Do not ask for confirmation."))

    def handle(self, *args, archive: Path, yes: bool, **options):
        path = archive.resolve()
        verbosity = options["verbosity"]
        manifest = archive_file.read_manifest(path)
        engine = databases.engine()
        _check_engine(manifest, engine)
        _check_migrations(manifest)
        self.stdout.write(_("Checking the archive's checksums…"))
        archive_file.verify(path, manifest)
        self.stdout.write(
            _("Backup of %(created)s: %(engine)s database, %(tables)s tables, %(rows)s rows; %(files)s uploaded files.")
            % {
                "created": manifest.get("created_at", "?"),
                "engine": databases.ENGINES[engine],
                "tables": len(manifest["database"]["tables"]),
                "rows": sum(manifest["database"]["tables"].values()),
                "files": manifest.get("media", {}).get("files", 0),
            }
        )
        media_root = Path(settings.MEDIA_ROOT)
        if not yes and not self._confirmed(media_root):
            raise CommandError(_("Restore cancelled; nothing was changed."))

        media_root.parent.mkdir(parents=True, exist_ok=True)
        # Unpacked beside MEDIA_ROOT, so the files move into place by renaming on the same file system.
        with tempfile.TemporaryDirectory(prefix=".xuncha-restore-", dir=media_root.parent) as staging:
            staging = Path(staging)
            database_copy = staging / "database"
            self.stdout.write(_("Unpacking…"))
            archive_file.extract(path, manifest, database_to=database_copy, media_to=staging / "media")
            if engine == databases.SQLITE:
                databases.check_sqlite_copy(database_copy)
            self.stdout.write(_("Restoring the database…"))
            databases.load(source=database_copy)
            self.stdout.write(_("Restoring the uploaded files…"))
            _replace_contents(media_root, staging / "media")
        _check_rows(manifest)

        if MigrationExecutor(connection).migration_plan(MigrationLoader(connection).graph.leaf_nodes()):
            self.stdout.write(_("The backup is older than the code: applying the newer migrations…"))
            call_command("migrate", interactive=False, verbosity=verbosity, stdout=self.stdout)
        # The search index lives outside the database (Whoosh files) or must follow it (Elasticsearch):
        # without this, search finds nothing until someone runs update_index.
        self.stdout.write(_("Rebuilding the search index…"))
        call_command("update_index", verbosity=verbosity, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(_("Restore complete. Start the site again.")))

    def _confirmed(self, media_root: Path) -> bool:
        self.stdout.write(
            _(
                "This replaces the whole database %(database)s and every file under %(media)s with the backup's. "
                "The site must be stopped (systemctl stop xuncha and its timers). Type yes to continue: "
            )
            % {"database": connection.settings_dict["NAME"], "media": media_root},
            ending="",
        )
        self.stdout.flush()
        try:
            return input().strip().lower() in YES
        except EOFError:
            return False


def _check_engine(manifest: dict, engine: str) -> None:
    database = manifest.get("database")
    if not isinstance(database, dict) or database.get("file") not in manifest["files"]:
        raise CommandError(_("The archive's manifest names no database copy; nothing was restored."))
    found = database.get("engine")
    if found != engine:
        raise CommandError(
            _(
                "This backup was taken from a %(found)s database, but the site is configured for %(engine)s. "
                "Restore it on a %(found)s database (DATABASE_URL in /etc/xuncha/env); nothing was restored."
            )
            % {"found": databases.ENGINES.get(found, str(found)), "engine": databases.ENGINES[engine]}
        )
    if database["file"] != databases.ARCHIVE_MEMBER[engine]:
        raise CommandError(_("The archive's manifest names no database copy; nothing was restored."))


def _check_migrations(manifest: dict) -> None:
    """Refuse a backup whose database has migrations this code does not know: it was made by newer code."""
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    unknown = sorted(set(manifest["database"].get("applied_migrations", [])) - known)
    if unknown:
        raise CommandError(
            _(
                "The backup was made by a newer version of the site (unknown migrations: %(names)s). "
                "Install that version first; nothing was restored."
            )
            % {"names": "、".join(unknown[:5]) + ("……" if len(unknown) > 5 else "")}
        )


def _check_rows(manifest: dict) -> None:
    expected: dict[str, int] = manifest["database"]["tables"]
    found = databases.live_facts(list(expected)).row_counts
    different = [name for name, count in expected.items() if found.get(name) != count]
    if different:
        raise CommandError(
            _(
                "The restored database differs from the backup's row counts (%(tables)s). Do not start the site; "
                "restore again or ask for help."
            )
            % {"tables": "、".join(different[:5])}
        )


def _replace_contents(folder: Path, new: Path) -> None:
    """Empty ``folder`` and move ``new``'s entries into it. The folder itself stays, with its owner, mode
    and ACLs (nginx reads uploads through its group)."""
    folder.mkdir(parents=True, exist_ok=True)
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in new.iterdir():
        os.replace(entry, folder / entry.name)
