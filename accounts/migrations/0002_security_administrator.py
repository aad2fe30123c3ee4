"""The 安全管理员 role resets second factors and unlocks accounts (三员分立: security administration, apart
from system administration and audit).

The roles migration in core may create the group as well; get_or_create here keeps the order of the two free.
"""

from django.db import migrations

from core.roles import SECURITY_ADMINISTRATOR, ensure_permissions_exist, ensure_roles, grant


def grant_security_administration(apps, schema_editor):
    ensure_permissions_exist(apps)
    ensure_roles(apps)
    apps.get_model("auth", "Group").objects.get_or_create(name=SECURITY_ADMINISTRATOR)
    grant(
        apps,
        SECURITY_ADMINISTRATOR,
        ["wagtailadmin.access_admin", "accounts.reset_second_factor", "accounts.unlock_account"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("core", "0004_roles"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant_security_administration, migrations.RunPython.noop)]
