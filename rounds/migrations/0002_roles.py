"""Who runs rounds: editors and administrators set them up; administrators see every round's dashboard."""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_permissions_exist, grant

MODELS = ("inspectionround", "inspectionteam", "studypack")


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    build = [f"rounds.{action}_{model}" for model in MODELS for action in ("add", "change", "view")]
    delete = [f"rounds.delete_{model}" for model in MODELS]
    grant(apps, EDITOR, build)
    grant(apps, REVIEWER, [*build, *delete])
    grant(apps, ADMINISTRATOR, [*build, *delete, "rounds.view_every_round"])


class Migration(migrations.Migration):
    dependencies = [("rounds", "0001_initial"), ("core", "0004_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
