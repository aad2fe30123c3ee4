import platform
import tempfile
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from operations import archive, databases


class Command(BaseCommand):
    help = _("Back up the database (with the search vocabulary in it) and the uploaded files into one dated archive.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help=_("Folder for the archive (default: the backups folder in the data directory)."),
        )

    def handle(self, *args, output: Path | None, **options):
        output_dir = Path(output or Path(settings.VAR_DIR) / "backups").resolve()
        media_root = Path(settings.MEDIA_ROOT).resolve()
        if output_dir == media_root or media_root in output_dir.parents:
            raise CommandError(
                _("The archive cannot go inside MEDIA_ROOT (%(media)s): it would back up the backups.")
                % {"media": media_root}
            )
        try:
            output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(
                _("Cannot create the folder %(path)s: %(error)s") % {"path": output_dir, "error": error}
            ) from error
        engine = databases.engine()
        created_at = timezone.localtime()
        with tempfile.TemporaryDirectory(prefix=".xuncha-backup-", dir=output_dir) as work:
            database_file = Path(work) / "database"
            facts = databases.dump(target=database_file)
            manifest = {
                "format": archive.FORMAT,
                "created_at": created_at.isoformat(),
                "versions": {
                    "django": django.get_version(),
                    "wagtail": wagtail.__version__,
                    "python": platform.python_version(),
                },
                "database": {
                    "engine": engine,
                    "file": databases.ARCHIVE_MEMBER[engine],
                    "tables": facts.row_counts,
                    "migration_heads": _heads(facts.applied_migrations),
                    "applied_migrations": facts.applied_migrations,
                },
                "search_vocabulary": _vocabulary(facts.row_counts),
            }
            path, written = archive.write(
                output_dir=output_dir,
                created_at=created_at,
                database_file=database_file,
                database_member=databases.ARCHIVE_MEMBER[engine],
                media_root=media_root,
                manifest=manifest,
            )
        self.stdout.write(
            _(
                "Backup written: %(path)s (%(engine)s database, %(tables)s tables, %(rows)s rows; "
                "%(files)s uploaded files)."
            )
            % {
                "path": path,
                "engine": databases.ENGINES[engine],
                "tables": len(facts.row_counts),
                "rows": sum(facts.row_counts.values()),
                "files": written["media"]["files"],
            }
        )


def _heads(applied: list[str]) -> dict[str, str]:
    """Per app, the applied migration no other applied migration of that app builds on."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    done = {tuple(name.split(".", 1)) for name in applied}
    heads: dict[str, str] = {}
    for app, name in sorted(done):
        node = graph.node_map.get((app, name))
        children = node.children if node else set()
        if not any(child in done and child[0] == app for child in children):
            heads[app] = name if app not in heads else heads[app]
    return heads


def _vocabulary(row_counts: dict[str, int]) -> dict[str, int]:
    """How many dictionary words and synonym groups the editors keep (搜索词库): they are database rows,
    so the database copy holds them; the words shipped with the code are in search/data/."""
    counts = {}
    for key, model in (("dictionary_words", "DictionaryWord"), ("synonym_groups", "SynonymGroup")):
        try:
            table = apps.get_model("site_search", model)._meta.db_table
        except LookupError:
            continue
        counts[key] = row_counts.get(table, 0)
    return counts
