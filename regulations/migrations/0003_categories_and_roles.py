"""Regulation categories to start with, the roles' permissions for importing, and one paragraph per line."""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, STAFF_ROLES, ensure_permissions_exist, grant

CATEGORIES = [
    ("inspection", "巡视巡察"),
    ("discipline", "纪律处分"),
    ("supervision", "党内监督"),
    ("organisation", "组织工作"),
    ("local-measures", "地方实施办法"),
]


def forwards(apps, schema_editor):
    RegulationCategory = apps.get_model("regulations", "RegulationCategory")
    for position, (slug, name) in enumerate(CATEGORIES, start=1):
        RegulationCategory.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": position})

    ensure_permissions_exist(apps)
    for role in STAFF_ROLES:
        grant(apps, role, ["regulations.add_regulationimport", "regulations.view_regulationimport"])
    category = [f"regulations.{action}_regulationcategory" for action in ("add", "change", "view")]
    grant(apps, EDITOR, category)
    grant(apps, REVIEWER, [*category, "regulations.delete_regulationcategory"])
    grant(apps, ADMINISTRATOR, [*category, "regulations.delete_regulationcategory"])

    # Articles written before this migration separated paragraphs with blank lines.
    RegulationArticle = apps.get_model("regulations", "RegulationArticle")
    for article in RegulationArticle.objects.filter(text__contains="\n\n"):
        article.text = "\n".join(line for line in article.text.splitlines() if line.strip())
        article.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [("regulations", "0002_editions_and_imports"), ("core", "0004_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
