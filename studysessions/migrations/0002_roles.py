"""Who plans the evenings: editors set up series and plan, cancel or move evenings; reviewers and
administrators also delete them; administrators may stand in for any host (projector and roster)."""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_permissions_exist, grant

PLANNED = ("studyseries", "studysession")


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    plan = [f"studysessions.{action}_{model}" for model in PLANNED for action in ("add", "change", "view")]
    delete = [f"studysessions.delete_{model}" for model in PLANNED]
    grant(apps, EDITOR, plan)
    grant(apps, REVIEWER, [*plan, *delete])
    grant(apps, ADMINISTRATOR, [*plan, *delete, "studysessions.host_any_session"])


class Migration(migrations.Migration):
    dependencies = [("studysessions", "0001_initial"), ("core", "0004_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
