"""Who looks up a certificate by its code: the office (管理员) and those who set up and manage rounds (编辑, 审核);
the 管理员 also sets the minutes a practice counts for."""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_permissions_exist, grant


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    grant(apps, ADMINISTRATOR, ["hours.verify_certificate", "hours.change_hourssettings"])
    grant(apps, EDITOR, ["hours.verify_certificate"])
    grant(apps, REVIEWER, ["hours.verify_certificate"])


class Migration(migrations.Migration):
    dependencies = [("hours", "0001_initial"), ("core", "0004_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
