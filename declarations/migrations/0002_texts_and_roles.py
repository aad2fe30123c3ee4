"""Version 1 of both texts, so a fresh site can be used at once, and who may edit them.

The wording is our own demo text (示例 in the title): the office replaces it by adding version 2 in the admin.
Editors, reviewers and administrators write the texts and may see who agreed.
"""

from django.db import migrations

from core.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_permissions_exist, grant

CONFIDENTIALITY_BODY = """本人参加本轮巡察工作，对保密纪律作如下承诺：
一、对巡察工作中知悉的问题线索、信访举报、谈话内容、被巡察单位内部资料以及巡察组内部研究讨论的情况，不向与工作无关的任何人透露，包括家人和同事。
二、不在个人手机、电脑、网盘、私人邮箱或聊天群组中存储、传送、拍摄巡察工作材料；工作材料按规定登记、使用、保管，不私自复制、摘抄，不带离工作场所。
三、不向被巡察单位及其人员透露举报人、谈话对象的身份及其反映的情况，不打听与本人分工无关的巡察事项。
四、有人向本人打听巡察情况或请托说情的，如实向巡察组组长报告。
五、巡察工作结束或本人离开巡察组时，交回全部工作材料，此后继续履行保密义务。
本人清楚违反上述承诺应承担的纪律责任。"""

RECUSAL_BODY = """为保证巡察工作客观公正，本人如实申报可能影响公正履职的下列关系：
一、本人的配偶、父母、子女、兄弟姐妹及其他近亲属在哪些单位工作或任职；
二、本人曾经工作过的单位；
三、与本人存在其他利害关系、可能影响公正履职的单位。
请逐项填写单位全称。巡察办将申报情况与本轮被巡察单位比对，需要回避的，调整本人的分工；本人不参与相关单位的谈话、调阅材料和问题研判。
如没有需要申报的情形，请勾选“无需申报的情形”后提交。
本人承诺申报内容真实、完整；情况发生变化时及时更新申报。"""

TEXTS = [
    ("confidentiality", "保密承诺（示例）", CONFIDENTIALITY_BODY),
    ("recusal", "回避申报（示例）", RECUSAL_BODY),
]


def forwards(apps, schema_editor):
    AcknowledgementText = apps.get_model("declarations", "AcknowledgementText")
    for kind, title, body in TEXTS:
        AcknowledgementText.objects.get_or_create(kind=kind, version=1, defaults={"title": title, "body": body})

    ensure_permissions_exist(apps)
    texts = [f"declarations.{action}_acknowledgementtext" for action in ("add", "change", "view")]
    for role in (EDITOR, REVIEWER, ADMINISTRATOR):
        grant(apps, role, [*texts, "declarations.view_acknowledgement"])


class Migration(migrations.Migration):
    dependencies = [("declarations", "0001_initial"), ("core", "0004_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
