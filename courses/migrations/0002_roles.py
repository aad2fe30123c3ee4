"""Editors build tracks and modules (lessons are pages, covered by the page permissions)."""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_permissions_exist, grant

MODELS = ("track", "module")


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    build = [f"courses.{action}_{model}" for model in MODELS for action in ("add", "change", "view")]
    delete = [f"courses.delete_{model}" for model in MODELS]
    grant(apps, EDITOR, build)
    grant(apps, REVIEWER, [*build, *delete])
    grant(apps, ADMINISTRATOR, [*build, *delete])


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial"), ("core", "0004_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
