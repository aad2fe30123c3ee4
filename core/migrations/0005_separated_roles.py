"""三员分立: the groups 系统管理员 (users and roles), 安全管理员 and 审计员, and users moved off 管理员.

管理员 keeps the office's work (rounds, hosts, content, workflows); managing accounts and groups is the
system administrator's. The security administrator's own permissions (lockouts, second factor) come from
the accounts app's migration and the auditor's (the audit log) from the audit app's; both reach the admin.
"""

from django.db import migrations

from core.roles import (
    ADMINISTRATOR,
    SEPARATED_ROLES,
    SYSTEM_ADMINISTRATION,
    SYSTEM_ADMINISTRATOR,
    ensure_permissions_exist,
    ensure_separated_roles,
    grant,
    revoke,
)


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    ensure_separated_roles(apps)
    for role in SEPARATED_ROLES:
        grant(apps, role, ["wagtailadmin.access_admin"])
    grant(apps, SYSTEM_ADMINISTRATOR, SYSTEM_ADMINISTRATION)
    revoke(apps, ADMINISTRATOR, SYSTEM_ADMINISTRATION)


def backwards(apps, schema_editor):
    grant(apps, ADMINISTRATOR, [*(f"auth.{a}_user" for a in ("add", "change", "delete", "view")), "auth.view_group"])


class Migration(migrations.Migration):
    dependencies = [("core", "0004_roles")]
    operations = [migrations.RunPython(forwards, backwards)]
