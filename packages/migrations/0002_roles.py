"""Who may do what with packages.

编辑 prepare packages and import them (imported items arrive as drafts for review); 审核 and 管理员 also clear
脱敏 flags and approve a package for export (never their own). 管理员 name the office.
"""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_permissions_exist, grant

EDIT = ["packages.add_packageexport", "packages.view_packageexport", "packages.import_package"]
APPROVE = [*EDIT, "packages.approve_packageexport"]


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    grant(apps, EDITOR, EDIT)
    grant(apps, REVIEWER, APPROVE)
    grant(apps, ADMINISTRATOR, [*APPROVE, "packages.change_officeidentity"])


class Migration(migrations.Migration):
    dependencies = [("packages", "0001_initial"), ("core", "0004_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
