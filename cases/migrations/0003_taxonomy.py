"""The problem taxonomy and discovery methods the office starts with; editors manage them afterwards."""

from django.db import migrations

CATEGORIES = [
    ("party-leadership", "党的领导弱化", []),
    ("party-building", "党的建设缺失", []),
    ("strict-governance", "全面从严治党不力", []),
    ("personnel", "选人用人", []),
    (
        "six-disciplines",
        "违反六项纪律",
        [
            ("political-discipline", "政治纪律"),
            ("organisational-discipline", "组织纪律"),
            ("integrity-discipline", "廉洁纪律"),
            ("mass-discipline", "群众纪律"),
            ("work-discipline", "工作纪律"),
            ("life-discipline", "生活纪律"),
        ],
    ),
    ("rectification", "整改落实", []),
]

DISCOVERY_METHODS = [
    ("interview", "个别谈话"),
    ("document-review", "查阅资料"),
    ("field-visit", "走访暗访"),
    ("petitions", "来信来访"),
    ("special-audit", "专项审计"),
    ("meeting-attendance", "列席会议"),
    ("questionnaire", "问卷调查"),
]


def seed(apps, schema_editor):
    ProblemCategory = apps.get_model("cases", "ProblemCategory")
    DiscoveryMethod = apps.get_model("cases", "DiscoveryMethod")
    for position, (slug, name, children) in enumerate(CATEGORIES, start=1):
        parent, _ = ProblemCategory.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": position})
        for child_position, (child_slug, child_name) in enumerate(children, start=1):
            ProblemCategory.objects.get_or_create(
                slug=child_slug, defaults={"name": child_name, "parent": parent, "sort_order": child_position}
            )
    for position, (slug, name) in enumerate(DISCOVERY_METHODS, start=1):
        DiscoveryMethod.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": position})


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
