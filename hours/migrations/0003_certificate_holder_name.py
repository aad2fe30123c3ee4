from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("hours", "0002_roles")]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="holder_name",
            field=models.CharField(default="", max_length=150, verbose_name="name"),
            preserve_default=False,
        ),
    ]
