"""Who marks the sentences of 定性 drills: 审核 and 管理员, as they mark quiz essays."""

from django.db import migrations

from core.roles import ADMINISTRATOR, REVIEWER, ensure_permissions_exist, grant


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    grant(apps, REVIEWER, ["drills.mark_drill_sentence"])
    grant(apps, ADMINISTRATOR, ["drills.mark_drill_sentence"])


class Migration(migrations.Migration):
    dependencies = [("drills", "0001_initial"), ("core", "0004_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
