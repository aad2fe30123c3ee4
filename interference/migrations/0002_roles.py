"""管理员 read every round's register on the site; 审计员 read every report in the admin's read-only list (the
round's leaders read theirs by being its leaders, with no permission)."""

from django.db import migrations

from core.roles import ADMINISTRATOR, AUDITOR, ensure_permissions_exist, ensure_roles, ensure_separated_roles, grant


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    ensure_roles(apps)
    ensure_separated_roles(apps)
    grant(apps, ADMINISTRATOR, ["interference.read_every_report"])
    grant(apps, AUDITOR, ["interference.view_approachreport"])


class Migration(migrations.Migration):
    dependencies = [("interference", "0001_initial"), ("core", "0005_separated_roles"), ("audit", "0003_auditor_role")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
