"""The 审计员 role reads the audit log (三员分立: audit is neither system nor security administration).

The roles migration in core creates the group as well; get_or_create here keeps the order of the two free.
"""

from django.db import migrations

from core.roles import AUDITOR, ensure_permissions_exist, ensure_roles, grant


def grant_audit_log(apps, schema_editor):
    ensure_permissions_exist(apps)
    ensure_roles(apps)
    apps.get_model("auth", "Group").objects.get_or_create(name=AUDITOR)
    grant(apps, AUDITOR, ["wagtailadmin.access_admin", "audit.view_auditentry"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_people_and_subject_name"),
        ("core", "0004_roles"),
    ]

    operations = [migrations.RunPython(grant_audit_log, migrations.RunPython.noop)]
