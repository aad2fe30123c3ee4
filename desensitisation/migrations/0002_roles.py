"""审核 and 管理员 clear 脱敏 flags; 编辑, 审核 and 管理员 keep the gazetteer (anyone who may edit a page may
run the check on it)."""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_permissions_exist, grant

GAZETTEER = [f"desensitisation.{action}_placename" for action in ("add", "change", "delete", "view")]


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    for role in (EDITOR, REVIEWER, ADMINISTRATOR):
        grant(apps, role, GAZETTEER)
    for role in (REVIEWER, ADMINISTRATOR):
        grant(apps, role, ["desensitisation.clear_flag"])


class Migration(migrations.Migration):
    dependencies = [("desensitisation", "0001_initial"), ("core", "0005_separated_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
