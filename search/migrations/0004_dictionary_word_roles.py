"""Who may add dictionary words."""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_permissions_exist, grant


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    perms = [f"site_search.{action}_dictionaryword" for action in ("add", "change", "view")]
    grant(apps, EDITOR, perms)
    grant(apps, REVIEWER, [*perms, "site_search.delete_dictionaryword"])
    grant(apps, ADMINISTRATOR, [*perms, "site_search.delete_dictionaryword"])


class Migration(migrations.Migration):
    dependencies = [("site_search", "0003_dictionary_words")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
