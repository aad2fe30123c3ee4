"""Appointing a round's managers gives them its dashboard and export: 管理员 only (issue 13)."""

from django.db import migrations

from core.roles import ADMINISTRATOR, ensure_permissions_exist, grant


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    grant(apps, ADMINISTRATOR, ["rounds.appoint_round_managers"])


class Migration(migrations.Migration):
    dependencies = [("rounds", "0002_roles"), ("core", "0005_separated_roles")]
    operations = [
        migrations.AlterModelOptions(
            name="inspectionround",
            options={
                "ordering": ["-starts_on", "name"],
                "permissions": [
                    ("view_every_round", "Can see every round's dashboard"),
                    ("appoint_round_managers", "Can appoint the office staff managing a round"),
                ],
                "verbose_name": "inspection round",
                "verbose_name_plural": "inspection rounds",
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
