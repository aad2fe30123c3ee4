"""Hosting an evening gives its roster, minutes and record: appointing hosts is 管理员's only (issue 13)."""

from django.db import migrations

from core.roles import ADMINISTRATOR, ensure_permissions_exist, grant


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    grant(apps, ADMINISTRATOR, ["studysessions.appoint_host"])


class Migration(migrations.Migration):
    dependencies = [("studysessions", "0002_roles"), ("core", "0005_separated_roles")]

    operations = [
        migrations.AlterModelOptions(
            name="studyseries",
            options={
                "ordering": ["-first_date", "title"],
                "permissions": [("appoint_host", "Can appoint or change the host of a series or an evening")],
                "verbose_name": "study series",
                "verbose_name_plural": "study series",
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
