"""Who may build quizzes, see results and mark: editors build, reviewers and administrators also mark."""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_permissions_exist, grant

BANK = ("question", "questioncategory", "quiz")


def forwards(apps, schema_editor):
    ensure_permissions_exist(apps)
    build = [f"quizzes.{action}_{model}" for model in BANK for action in ("add", "change", "view")]
    delete = [f"quizzes.delete_{model}" for model in BANK]
    results = ["quizzes.view_attempt"]
    grant(apps, EDITOR, [*build, *results])
    grant(apps, REVIEWER, [*build, *delete, *results, "quizzes.mark_attempt"])
    grant(apps, ADMINISTRATOR, [*build, *delete, *results, "quizzes.mark_attempt"])


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0001_initial"), ("core", "0004_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
