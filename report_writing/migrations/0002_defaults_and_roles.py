"""What a new office starts with, all of it editable: the common six-part outline, a list of vague wordings,
the one-line rule behind each check; and who does what (编辑 keeps these, 审核 and 管理员 mark drafts)."""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_permissions_exist, grant

OUTLINE = [
    # title, role, guidance, in the feedback opinion
    ("基本情况", "basic", "被巡察单位概况，巡察组个别谈话、调阅资料、走访的数量。", True),
    (
        "发现的主要问题",
        "problems",
        "按问题类别逐条写：一句话事实、证据、依据。用数字和具体事例说话，不用形容词下结论。",
        True,
    ),
    ("问题线索移交情况", "clues", "移交问题线索的数量和去向，不写线索细节。反馈意见不含本部分。", False),
    ("上轮巡察整改情况", "previous_round", "上轮巡察反馈问题的整改进度：已完成、正在推进、未整改的数量和原因。", True),
    ("意见建议", "recommendations", "每条建议对应一个或几个问题，写明整改要求和时限。", True),
    ("其他", "other", "需要说明的其他事项。", True),
]

VAGUE_WORDINGS = [
    "问题突出",
    "影响恶劣",
    "较为严重",
    "十分严重",
    "比较普遍",
    "大量存在",
    "屡禁不止",
    "问题较多",
    "群众反映强烈",
]
SUGGESTION = "写出次数、金额、人数，或举一个具体事例。"

RULES = {
    "vague_wording": "问题要用事实和数字说话，结论须有具体事实支撑。",
    "no_evidence": "写入报告的问题须事实清楚、证据确凿。",
    "single_source": "孤证不能定性：一个问题至少需要两个相互印证的证据来源。",
    "no_article": "定性须有依据：写明违反的党规党纪或制度条款。",
    "several_disciplines": "一个问题按主要违纪事实定性；涉及多项纪律的，拆分为多个问题分别表述。",
    "recommendation_without_problem": "意见建议要针对发现的问题，不提与问题无关的泛泛建议。",
    "problem_without_recommendation": "每个发现的问题都应有对应的整改意见建议。",
    "no_previous_round": "巡察报告应当反映上轮巡察整改落实情况。",
    "superseded_article": "引用条款以现行有效版本为准，已修订或废止的版本不能作为定性依据。",
}

MANAGED = ["reportoutline", "outlinesection", "vaguewording", "checkbasis"]


def forwards(apps, schema_editor):
    ReportOutline = apps.get_model("report_writing", "ReportOutline")
    OutlineSection = apps.get_model("report_writing", "OutlineSection")
    VagueWording = apps.get_model("report_writing", "VagueWording")
    CheckBasis = apps.get_model("report_writing", "CheckBasis")
    if not ReportOutline.objects.exists():
        outline = ReportOutline.objects.create(
            name="巡察报告（六部分）", description="常用的六部分结构，可按本办要求修改。", is_default=True
        )
        for order, (title, role, guidance, in_feedback) in enumerate(OUTLINE):
            OutlineSection.objects.create(
                outline=outline, sort_order=order, title=title, role=role, guidance=guidance, in_feedback=in_feedback
            )
    for phrase in VAGUE_WORDINGS:
        VagueWording.objects.get_or_create(phrase=phrase, defaults={"suggestion": SUGGESTION})
    for code, rule in RULES.items():
        CheckBasis.objects.get_or_create(code=code, defaults={"rule": rule})

    ensure_permissions_exist(apps)
    keep = [f"report_writing.{action}_{model}" for model in MANAGED for action in ("add", "change", "delete", "view")]
    grant(apps, EDITOR, keep)
    grant(apps, REVIEWER, [*keep, "report_writing.mark_report_draft"])
    grant(apps, ADMINISTRATOR, [*keep, "report_writing.mark_report_draft"])


class Migration(migrations.Migration):
    dependencies = [("report_writing", "0001_initial"), ("core", "0004_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
