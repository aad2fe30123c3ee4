"""编辑, 审核 and 管理员 work through the revision impact list; 审核 and 管理员 may switch off withholding
questions from draws (the list's setting)."""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_permissions_exist, grant


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    for role in (EDITOR, REVIEWER, ADMINISTRATOR):
        grant(apps, role, ["revision_impact.work_on_impact_list"])
    for role in (REVIEWER, ADMINISTRATOR):
        grant(apps, role, ["revision_impact.change_revisionimpactsettings"])


class Migration(migrations.Migration):
    dependencies = [("revision_impact", "0001_initial"), ("core", "0005_separated_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
