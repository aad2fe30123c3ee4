"""Who keeps the recusal taxonomies (系统, 区域): editors add and correct terms, administrators also delete."""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, ensure_permissions_exist, grant

MODELS = ("unitsystem", "region")


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    keep = [f"rounds.{action}_{model}" for model in MODELS for action in ("add", "change", "view")]
    grant(apps, EDITOR, keep)
    grant(apps, ADMINISTRATOR, [*keep, *(f"rounds.delete_{model}" for model in MODELS)])


class Migration(migrations.Migration):
    dependencies = [("rounds", "0004_unit_systems_and_regions"), ("core", "0004_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
