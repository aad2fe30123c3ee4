"""The usual specialisms, and who may do what.

Specialisms are a snippet: 编辑 add and change them, 审核 and 管理员 also delete. 管理员 read everyone's 成长档案,
search the 人才库 and correct a person's declared specialisms. Round managers are not a group: they read the
record by their appointment (talent.selectors.may_view_profiles), so the 编辑 group as a whole does not get
everyone's scores.
"""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_permissions_exist, grant

SPECIALISMS = [
    ("财经", "finance"),
    ("审计", "audit"),
    ("法律", "law"),
    ("组织人事", "organisation"),
    ("纪检监察", "discipline"),
    ("信息化", "it"),
    ("文字综合", "writing"),
]

SNIPPET = ["talent.add_specialism", "talent.change_specialism", "talent.view_specialism"]


def forwards(apps, schema_editor):
    Specialism = apps.get_model("talent", "Specialism")
    for order, (name, slug) in enumerate(SPECIALISMS):
        Specialism.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    ensure_permissions_exist(apps)
    grant(apps, EDITOR, SNIPPET)
    grant(apps, REVIEWER, [*SNIPPET, "talent.delete_specialism"])
    grant(
        apps,
        ADMINISTRATOR,
        [*SNIPPET, "talent.delete_specialism", "talent.view_profiles", "talent.change_personspecialism"],
    )


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial"), ("core", "0004_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
