"""Unit types every office uses; editors can add more in the admin."""

from django.db import migrations

UNIT_TYPES = [
    ("county-department", "县直部门"),
    ("township", "乡镇"),
    ("village", "村"),
    ("community", "社区"),
    ("soe", "国企"),
    ("school", "学校"),
    ("hospital", "医院"),
    ("public-institution", "事业单位"),
]


def seed(apps, schema_editor):
    UnitType = apps.get_model("core", "UnitType")
    for position, (slug, name) in enumerate(UNIT_TYPES, start=1):
        UnitType.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": position})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
