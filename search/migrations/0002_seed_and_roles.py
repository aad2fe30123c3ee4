"""A few synonym groups to start with, and who may edit them."""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_permissions_exist, grant

GROUPS = [
    ("一把手、主要负责人、党组织书记", "示例：常见称呼"),
    ("巡察、巡视", "示例：上下级监督方式相近"),
]


def forwards(apps, schema_editor):
    SynonymGroup = apps.get_model("site_search", "SynonymGroup")
    for words, note in GROUPS:
        SynonymGroup.objects.get_or_create(words=words, defaults={"note": note})
    ensure_permissions_exist(apps)
    perms = [f"site_search.{action}_synonymgroup" for action in ("add", "change", "view")]
    grant(apps, EDITOR, perms)
    grant(apps, REVIEWER, [*perms, "site_search.delete_synonymgroup"])
    grant(apps, ADMINISTRATOR, [*perms, "site_search.delete_synonymgroup"])


class Migration(migrations.Migration):
    dependencies = [("site_search", "0001_synonyms"), ("core", "0004_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
