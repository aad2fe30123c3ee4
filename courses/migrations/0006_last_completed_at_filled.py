from django.db import migrations, models


def copy_completed_at(apps, schema_editor):
    """Until now a record kept only its first date: that is also its latest."""
    CompletionRecord = apps.get_model("courses", "CompletionRecord")
    CompletionRecord.objects.update(last_completed_at=models.F("completed_at"))


class Migration(migrations.Migration):
    dependencies = [("courses", "0005_validity_and_restudy")]

    operations = [
        migrations.RunPython(copy_completed_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="completionrecord",
            name="last_completed_at",
            field=models.DateTimeField(blank=True, verbose_name="last studied"),
        ),
    ]
