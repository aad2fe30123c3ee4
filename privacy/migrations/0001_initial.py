"""The two permissions of personal data, on a model without a table, granted to 系统管理员.

The group is made with get_or_create: core's migration for 三员分立 makes the same group, in either order.
"""

from django.db import migrations, models

from core.roles import SYSTEM_ADMINISTRATOR, ensure_permissions_exist, ensure_roles, grant


def grant_system_administrator(apps, schema_editor):
    ensure_permissions_exist(apps)
    ensure_roles(apps)
    apps.get_model("auth", "Group").objects.get_or_create(name=SYSTEM_ADMINISTRATOR)
    grant(apps, SYSTEM_ADMINISTRATOR, ["privacy.export_personal_data", "privacy.anonymise_person"])


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonalData",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ],
            options={
                "verbose_name": "personal data",
                "verbose_name_plural": "personal data",
                "permissions": [
                    ("export_personal_data", "Can export one person's data"),
                    ("anonymise_person", "Can anonymise a person"),
                ],
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.RunPython(grant_system_administrator, migrations.RunPython.noop),
    ]
