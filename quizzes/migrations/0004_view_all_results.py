"""Quiz results are the people's of the rounds one manages; seeing everyone's is 管理员's (issue 13)."""

from django.db import migrations

from core.roles import ADMINISTRATOR, ensure_permissions_exist, grant


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    grant(apps, ADMINISTRATOR, ["quizzes.view_all_results"])


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0003_stem_label"), ("core", "0005_separated_roles")]

    operations = [
        migrations.AlterModelOptions(
            name="attempt",
            options={
                "ordering": ["quiz", "user", "number"],
                "permissions": [
                    ("mark_attempt", "Can mark attempts"),
                    ("view_all_results", "Can see everyone's quiz results, not only those of rounds one manages"),
                ],
                "verbose_name": "attempt",
                "verbose_name_plural": "attempts",
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
