"""The 脱敏 check itself: pure functions over text, no database.

``find_flags`` finds what looks like real personal data or a real unit or place in a text: names in a person's
context, ID-card, phone, bank-card and plate numbers, exact amounts in a sentence that names someone, and the
office's own gazetteer and unit names. Anonymised forms (张某, 李某某, 王×, 示例县, 某局, A镇) never fire.
It errs towards few false alarms: a name counts only where the words around it say it is a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

CONTEXT_CHARS = 20


class FlagKind(models.TextChoices):
    PERSON_NAME = "person_name", _("Possible real name")
    ID_NUMBER = "id_number", _("ID card number")
    PHONE = "phone", _("Phone number")
    BANK_CARD = "bank_card", _("Bank card number")
    PLATE = "plate", _("Vehicle plate number")
    AMOUNT_WITH_NAME = "amount_with_name", _("Exact amount next to a name")
    PLACE = "place", _("Real place name")
    UNIT = "unit", _("Real unit name")


@dataclass(frozen=True)
class Flag:
    kind: str
    text: str
    start: int
    end: int
    context: str


# The double surnames still met today.
# The ~120 most common single surnames (general knowledge), then a second tier; characters that are far more
# often a word of their own (和, 由, 时, 司, 管, 单, 明, 谈, 国, 公, 党 ...) are left out on purpose.
SINGLE_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金"
    "石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常康施牛樊葛邢齐乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁符舒阮柯纪梅童凌毕季裴霍涂苗谷盛翁冉骆蓝辛靳柴蒙鲍喻祁"
    "蒲滕屈饶牟艾尤穆卓吉缪褚娄窦戚岑宫费卜冷晏席卫柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁巫寇桑郎甄丛仲虞敖巩佘苑邝鞠荆冀郁胥储栗燕楚"
    "鄢劳谌奚粟冼蔺阚屠朴禹祖漆狄宣扈晁芮浦戈鹿邸雍辜裘亓邰赫杭逯隆茹嵇湛戎茅揭尉冶昝衡尧"
)
DOUBLE_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "轩辕",
    "令狐",
    "端木",
    "独孤",
    "南宫",
    "西门",
    "司空",
)
# What stands in a given name's place in an anonymised text: 张某, 李某某, 王×, 赵某甲, 刘X.
ANONYMISED = set("某甲乙丙丁戊己庚辛壬癸XxＸｘ×*＊○〇") | {"□", "■"}
# Characters that end a name rather than continue it (particles, verbs, conjunctions).
NOT_IN_NAME = set(
    "的了在是和与及或等说将把被对向为于已也都还就又称要让给从以因而并曾所其这那个之们着过来去到上下中内外后前"
    "时年月日元万亿件次人名位家户收利违担任未没不无有可应当该对由叫系即均仅另分共全每各第副老总、，。；：！？“”（）"
)
# Words that start with a surname character but name no one. A candidate whose surname + first given
# character (or surname + both) is one of these is not a name.
COMMON_WORDS = set(
    """
    任免 任用 任期 任内 任满 任上 任选 程序性 钱物 金钱 高管 周转金
    高度 高速 高级 高层 高校 高于 王牌 王国 周年 周边 周期 周末 周围 周转 白色 白天
    方面 方式 方案 方法 方向 方便 常委 常务 常规 常态 于是 金额 金融 金钱 黄金 黄色
    马上 马路 张贴 陈述 陈列 程序 程度 余额 余下 时间 时期 时候 任务 任何 任职 任命
    许多 许可 何时 何况 安全 安排 安置 万元 江河 石头 林业 林地 钱款 钱财 田地 严格
    严重 严肃 董事 常年 康复 谢谢 关于 关系 包括 毛病 文件 文化 文明 向前 向上 向下
    史料 苏醒 宋体 明确 明显 明细 明年 全面 全体 全部 全年 全县 全镇 全市 国家 国有
    国企 平台 平时 计划 计算 计入 信息 信访 信用 党委 党员 党组 党支 党风 党建 党纪
    党政 党性 党费 都是 都有 原则 原因 原来 原有 来源 来自 来往 成为 成立 成员 成本
    成绩 成果 龙头 华侨 海关 燕麦 楼房 满意 闻讯 位于 强化 强调 干部 干预 但是 元旦
    束缚 富裕 由此 司法 司机 公司 公开 公款 公务 公车 公章 公示 公告 公安 公正 公平
    公共 东方 南方 南京 西门 上官 宁可 宁愿 尚未 符合 纪律 纪委 纪检 单位 季度 管理
    管辖 路线 游戏 简单 车辆 项目 连续 费用 卫生 宗教 应当 应该 边界 师生 和谐 商品
    商业 商务 沙发 荣誉 容易 敬请 普通 普遍 宿舍 鲜明 印章 印发 战略 危险 银行 利用
    利益 居民 干事 信任 阳光 时任 牟利 艾滋 解决 解释 屈服 房屋 房产 华为 蒲公 房地
    祁连 申请 申报 申诉 欧洲 詹氏 焦点 柳树 梅花 童年 毕业 曲线 谷物 盛行 冷静 米面
    桂花 池塘 麻烦 查处 查办 查明 查实 查看 查阅 封存 谈话 乐意 南部 劳务 劳动 皮肤
    练习 廉政 廉洁 禹州 井下 祖国 巴士 丰富 支付 支出 支部 支持 支援 卿卿 宣传 宣布
    晋升 相关 相应 相互 初步 初次 门口 云南 来访 都市 普及 戈壁 伏案 鹿角 薄弱 雍正
    羊肉 阿姨 乌鲁 母亲 修改 修订 赫然 杭州 况且 那么 那里 宿迁 逯某 隆重 茹素 诸多
    诸如 战斗 慕名 玉米 银两 湛江 宾馆 戎装 勾结 茅台 利息 呼吁 揭露 揭发 干扰 尉氏
    斯文 元素 檀木 衣服 展开 阴影 智能 幸福 奉献 植树 衡量 富有 尧都 闭会 由于 甘肃
    甘愿 祝贺 包干 舒适 柯城 纪要 梅州 凌晨 单独 裴氏 霍乱 涂改 苗木 谷底 翁源 冉冉
    骆驼 蓝色 靳氏 柴油 蒙古 鲍鱼 华北 华南 喻为 祁门 滕州 屈指 饶恕 牟平 艾草 尤其
    阳性 时而 穆斯 农业 农村 农民 卓越 古代 吉林 缪斯 车站 项下 连同 芦苇 麦子 褚橙
    娄底 窦性 戚属 岑溪 景区 景观 宫殿 费县 卜卦 冷库 晏婴 席位 卫星 米粮 柏油 宗旨
    瞿塘 桂林 全额 佟麟 应用 臧否 闵行 苟且 邬氏 边缘 卞氏 姬氏 师傅 和平 仇恨 栾城
    隋唐 商量 刁难 沙土 荣获 巫山 寇准 桑叶 郎中 甄别 丛林 仲裁 虞城 敖包 巩固 明天
    佘山 池州 查询 麻将 苑囿 迟到 邝氏 官员 官方 封面 谈论 匡正 鞠躬 惠民 荆州 乐观
    冀州 郁闷 胥吏 班子 储蓄 栗子 燕京 楚雄 鄢陵 劳动 谌氏 奚落 粟米 冼氏 蔺相 楼层
    盘点 满足 闻名 位置 厉害 伊犁 仝氏 区域 郜氏 海南 阚氏 花费 权力 权利 强制 帅气
    屠宰 豆腐 朴素 盖章 练兵 廉租 井冈 祖籍 漆黑 巴中 丰收 支援 国务 平安 计生 索要
    索取 宣讲 晋城 相对 初期 门卫 容量 敬老 来电 扈从 晁氏 芮城 普查 阙如 浦东 伏天
    鹿邑 薄膜 邸报 雍和 辜负 羊毛 阿里 乌海 母校 裘皮 亓官 修建 邰氏 杭锦 况钟 那曲
    宿州 鲜花 印刷 逯氏 隆回 诸暨 战友 慕课 危房 玉树 银川 亢奋 嵇康 公众 哈密 湛蓝
    宾客 戎马 勾兑 茅屋 利率 於潜 呼和 居住 揭阳 干净 但凡 尉犁 冶炼 斯里 元月 束河
    檀香 衣着 信件 展示 阴天 昝氏 智慧 幸运 奉命 植被 衡阳 富民 尧舜 闭幕 由来 于此
    于都 钟点 钟表 秦岭 邱北 江苏 江西 尹氏 薛氏 闫氏 段落 雷同 侯选 龙岩 史册 陶瓷
    黎明 贺信 顾问 毛泽 郝氏 龚氏 邵阳 万一 万分 钱包 严禁 覃塘 武装 武汉 戴帽 莫非
    孔雀 汤圆 常州 温州 温度 康定 施工 施行 文字 牛奶 樊城 葛根 邢台 安徽 齐全 易于
    乔迁 伍佰 庞大 颜色 倪氏 庄园 聂氏 章程 鲁迅 岳阳 翟氏 殷切 詹姆 申明 欧盟 耿直
    关注 关心 兰州 焦作 俞氏 左右 柳州 甘心 祝福 包含 宁波 尚且 符号 舒服 阮氏 柯桥
    纪念 梅雨 童话 凌驾 毕竟 单项 季节 裴氏 霍山 涂料 成都 苗族 谷歌 盛大 曲靖 翁氏
    冉氏 骆氏 蓝天 路段 游客 辛苦 靳氏 管控 柴氏 蒙受 鲍氏 华丽 喻氏 祁阳 蒲城 房租
    滕王 屈原 饶平 牟氏 艾氏 尤为 阳台 时代 穆氏 农田 司令 卓有 古今 吉利 张家 王家
    李家 刘家 陈家 杨家 黄家 赵家 吴家 周家 徐家 孙家 马家 朱家 胡家 郭家 何家 高家
    林家 罗家 梁家 宋家 唐家 许家 韩家 冯家 邓家 曹家 彭家 曾家 田家 董家 潘家 于家
    蒋家 蔡家 余家 杜家 叶家 程家 苏家 魏家 吕家 丁家 沈家 姚家 卢家 姜家 崔家 钟家
    金属 石油 石材 黄河 马克 朱熹 胡同 郭沫 何处 林木 罗马 郑重 郑州 梁山 谢绝 宋代
    唐代 韩国 冯氏 邓氏 曹操 彭湃 曾经 肖像 田野 董氏 袁氏 潘氏 蒋氏 蔡氏 杜绝 叶子
    程式 苏联 魏晋 吕梁 丁香 任意 沈阳 姚氏 卢沟 姜汤 崔氏 谭氏 陆续 陆地 汪洋 范围
    范例 金融 石家 廖氏 贾氏 夏季 夏天 韦氏 付款 付出 方针 白银 邹氏 孟子 熊猫 秦朝
    邱氏 江湖 尹氏 薛氏 闫氏 段位 雷达 侯门 龙江 史上 高达 王者 张力 刘海 杨柳 黄昏
    赵体 吴语 周到 周知 周全 孙子 马虎 朱门 胡乱 何在 林场 罗列 梁柱 谢意 宋朝 唐突
    许诺 韩语
    """.split()
)
# A surname character that ends a word with the character before it (面向, 对方, 现金, 情况): no name starts there.
PRECEDING_TRAPS = set(
    """
    面向 方向 导向 走向 指向 转向 倾向 取向 去向 动向 意向 志向 一向 对方 双方 一方 各方 地方 多方 官方 校方 院方
    甲方 乙方 我方 他方 警方 照顾 回顾 兼顾 不顾 光顾 对于 关于 由于 至于 在于 等于 属于 用于 便于 基于 处于 位于
    善于 终于 过于 勇于 敢于 易于 急于 出于 高于 低于 大于 小于 多于 少于 资金 现金 奖金 租金 基金 押金 薪金 黄金
    提高 最高 较高 崇高 价钱 挣钱 花钱 借钱 收钱 立马 明白 空白 坦白 园林 山林 森林 从严 庄严 尊严 威严 树叶 工程
    过程 流程 章程 规程 课程 日程 议程 全程 进程 责任 主任 信任 担任 兼任 就任 前任 现任 历任 继任 离任 委任 调任
    留任 专任 上任 胜任 放任 其余 多余 剩余 业余 结余 盈余 千万 百万 一周 每周 上周 本周 四周 子孙 农田 油田 华夏
    经常 正常 日常 异常 非常 通常 平常 反常 寻常 手段 阶段 地段 路段 时段 大陆 登陆 着陆 祝贺 庆贺 支付 应付 交付
    拨付 兑付 垫付 健康 小康 措施 实施 设施 承包 打包 红包 钱包 分包 转包 发包 相符 不符 党纪 违纪 法纪 风纪 军纪
    世纪 年纪 儿童 完毕 四季 旺季 挥霍 启蒙 保卫 门卫 自卫 环卫 卷宗 身边 周边 旁边 这边 那边 两边 安宁 庆祝 重申
    聚焦 相左 新郎 树苗 疫苗 山谷 稻谷 茂盛 丰盛 艰辛 委屈 富饶 亲戚 经费 会费 党费 浪费 收费 主席 出席 列席 缺席
    酒席 村庄 山庄 农庄 规章 文章 印章 盖章 整齐 看齐 队伍 比喻 报仇 草丛 忧郁 仓储 清楚 辛劳 功劳 疲劳 酬劳 简朴
    油漆 当初 年初 月初 最初 起初 单薄 淡薄 浅薄 官邸 无辜 显赫 平衡 均衡 岩石 荒唐 允许 也许 或许 些许 默许 准许
    期许 少许 不许 复苏 江苏 时钟 分钟 规范 防范 示范 模范 典范 历史 熏陶 如何 任何 为何 几何 奈何 紧张 主张 扩张
    开张 嚣张 夸张 铺张 金黄 未曾 不曾 何曾 长江 千万 尊严 戒严 气温 体温 高温 保温 容易 交易 贸易 简易 轻易 不易
    国王 帝王 霸王 行李 爱戴 佩戴 拥戴 切莫 面孔 威武 文武 感谢 致谢 答谢 代谢 桥梁 脊梁 白杨 木柴
    """.split()
)
# Words that say the neighbouring name is a person's: titles, relations, roles in a case.
PERSON_WORDS = """
    党委书记 党支部书记 支部书记 副书记 书记 副局长 局长 副主任 主任 副科长 科长 副镇长 镇长 副乡长
    乡长 副县长 县长 村长 村支书 会计 出纳 副校长 校长 副院长 院长 总经理 副经理 经理
    董事长 厂长 所长 站长 队长 组长 部长 处长 股长 主席 委员 同志 先生 女士
    村民 群众 干部 其妻 其夫 其子 其女 其弟 其兄 其母 其父 亲属 妻子 丈夫
    儿子 女儿 职工 员工 老板 法人 负责人 工作人员 老师 医生 护士 司机 承包人 村委委员
    监委委员 网格员 文书 主管
""".split()
PERSON_WORDS_AFTER = sorted(PERSON_WORDS, key=len, reverse=True)
# After these words a name must be followed by an action to count (向李四索要, 被王五发现).
LEAD_WORDS = ("名叫", "姓名", "对", "向", "与", "由", "被", "叫")
ACTION_WORDS = """
    收受 索要 索取 挪用 侵占 贪污 套取 虚报 冒领 骗取 违规 违反 利用 担任
    任职 接受 收取 领取 借用 借款 送 赠送 表示 说 称 讲 反映 举报 发现 查出 供认
    承认 交代 供述 签字 签名 签订 审批 批准 经手 私自 擅自 多次 先后 在
    于 将 把 以 通过 安排 指使 授意 打招呼 请托 谋取 退还 上交 主动
    涉嫌 因 被 为 系 是 等人 等 也 曾 家中 名下 账户
""".split()
_ACTION_PATTERN = "|".join(sorted(ACTION_WORDS, key=len, reverse=True))
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")

_SURNAME_PATTERN = "|".join([*DOUBLE_SURNAMES, *sorted(SINGLE_SURNAMES)])
_NAME_CANDIDATE = re.compile(rf"(?=({_SURNAME_PATTERN}))")
_HAN = re.compile(r"[\u4e00-\u9fff]")

_ID_18 = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_ID_15 = re.compile(r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9-])0\d{2,3}-?\d{7,8}(?![0-9-])")
_DIGIT_RUN = re.compile(r"(?<![0-9])\d(?: ?\d){15,22}(?![0-9])")
_PLATE = re.compile(
    r"(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z][·•]?(?=[A-HJ-NP-Z0-9]{0,5}\d)[A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])"
)
_AMOUNT = re.compile(
    r"(?:人民币)?(?<![0-9.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:余)?(?:亿元|万元|元|万)(?:人民币)?"
)
# What a 示例 or anonymised place or unit looks like: such a name in the gazetteer or unit list never fires.
_SAMPLE_NAME = re.compile(r"示例|某|^[A-Za-zＡ-Ｚ][\u4e00-\u9fff]{1,3}$|[XＸ×]{1,2}")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_checksum_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2, as on an 18-digit 居民身份证号码."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == number[17].upper()


def _plausible_date(yymmdd: str) -> bool:
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


def luhn_ok(number: str) -> bool:
    if not number.isdigit():
        return False
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS]


def _ids(text: str) -> list[tuple[str, int, int]]:
    found = [(FlagKind.ID_NUMBER, m.start(), m.end()) for m in _ID_18.finditer(text) if id_checksum_ok(m.group())]
    found += [
        (FlagKind.ID_NUMBER, m.start(), m.end())
        for m in _ID_15.finditer(text)
        if m.group()[0] != "0" and _plausible_date(m.group()[6:12])
    ]
    return found


def _phones(text: str) -> list[tuple[str, int, int]]:
    return [(FlagKind.PHONE, m.start(), m.end()) for m in (*_MOBILE.finditer(text), *_LANDLINE.finditer(text))]


def _bank_cards(text: str) -> list[tuple[str, int, int]]:
    found = []
    for match in _DIGIT_RUN.finditer(text):
        raw = match.group()
        if " " in raw and any(len(group) != 4 for group in raw.split(" ")[:-1]):
            continue
        digits = raw.replace(" ", "")
        if 16 <= len(digits) <= 19 and luhn_ok(digits) and not (len(digits) == 18 and id_checksum_ok(digits)):
            found.append((FlagKind.BANK_CARD, match.start(), match.end()))
    return found


def _plates(text: str) -> list[tuple[str, int, int]]:
    return [(FlagKind.PLATE, m.start(), m.end()) for m in _PLATE.finditer(text)]


def _is_person_word_at(text: str, position: int) -> bool:
    """A title or relation starts at ``position`` (副 allowed in front)."""
    if text.startswith("副", position):
        position += 1
    return any(text.startswith(word, position) for word in PERSON_WORDS_AFTER)


def _person_word_ends_at(text: str, position: int) -> bool:
    return any(text.endswith(word, 0, position) for word in PERSON_WORDS_AFTER)


def _lead_word_ends_at(text: str, position: int) -> bool:
    before = text[:position].rstrip("：: ")
    return any(before.endswith(word) for word in LEAD_WORDS)


def _after_name_label(text: str, position: int) -> bool:
    before = text[:position].rstrip("：: ")
    return before.endswith("姓名") or before.endswith("名叫")


def _action_at(text: str, position: int) -> bool:
    return re.match(_ACTION_PATTERN, text[position : position + 4]) is not None


def _given_ok(given: str) -> bool:
    return all(_HAN.fullmatch(char) and char not in NOT_IN_NAME and char not in ANONYMISED for char in given)


def _person_names(text: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    last_end = -1
    for candidate in _NAME_CANDIDATE.finditer(text):
        start = candidate.start()
        if start < last_end:
            continue
        surname = candidate.group(1)
        given_start = start + len(surname)
        if given_start >= len(text) or text[given_start] in ANONYMISED:
            continue
        if start and text[start - 1 : start + 1] in PRECEDING_TRAPS:
            continue
        for length in (2, 1):
            end = given_start + length
            given = text[given_start:end]
            if len(given) < length or not _given_ok(given):
                continue
            name = text[start:end]
            if name in COMMON_WORDS or text[start : given_start + 1] in COMMON_WORDS or given in COMMON_WORDS:
                continue
            if length == 2 and (
                text[given_start + 1 : given_start + 3] in COMMON_WORDS or _action_at(text, given_start + 1)
            ):
                continue
            if end < len(text) and text[end] in ANONYMISED:
                continue
            listed = text[:start].endswith(("、", "和")) and any(flag_end == start - 1 for _, _, flag_end in found)
            if (
                _is_person_word_at(text, end)
                or _person_word_ends_at(text, start)
                or _after_name_label(text, start)
                or (_lead_word_ends_at(text, start) and _action_at(text, end))
                or listed
            ):
                found.append((FlagKind.PERSON_NAME, start, end))
                last_end = end
                break
    return found


def _amounts_with_names(text: str, names: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    if not names:
        return []
    found = []
    for match in _AMOUNT.finditer(text):
        sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, match.start())), default=0)
        following = _SENTENCE_END.search(text, match.end())
        sentence_end = following.start() if following else len(text)
        if any(sentence_start <= start and end <= sentence_end for _, start, end in names):
            found.append((FlagKind.AMOUNT_WITH_NAME, match.start(), match.end()))
    return found


def _listed_names(text: str, names: Iterable[str], kind: str) -> list[tuple[str, int, int]]:
    usable = sorted({name.strip() for name in names if name and name.strip()} - {""}, key=len, reverse=True)
    usable = [name for name in usable if len(name) >= 2 and not _SAMPLE_NAME.search(name)]
    if not usable:
        return []
    pattern = re.compile("|".join(re.escape(name) for name in usable))
    return [(kind, m.start(), m.end()) for m in pattern.finditer(text)]


def _merge(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Overlapping matches: the longest wins (on a tie, the one found first in kind order)."""
    kept: list[tuple[str, int, int]] = []
    order = {kind: index for index, kind in enumerate(FlagKind.values)}
    for kind, start, end in sorted(spans, key=lambda span: (span[1] - span[2], order[span[0]], span[1])):
        if all(end <= other_start or start >= other_end for _, other_start, other_end in kept):
            kept.append((kind, start, end))
    return sorted(kept, key=lambda span: span[1])


def find_flags(text: str, *, place_names: Iterable[str] = (), unit_names: Iterable[str] = ()) -> list[Flag]:
    """Every likely piece of un-anonymised data in ``text``, by position."""
    if not text:
        return []
    names = _person_names(text)
    spans = [
        *_ids(text),
        *_phones(text),
        *_bank_cards(text),
        *_plates(text),
        *names,
        *_amounts_with_names(text, names),
        *_listed_names(text, place_names, FlagKind.PLACE),
        *_listed_names(text, unit_names, FlagKind.UNIT),
    ]
    return [
        Flag(kind=str(kind), text=text[start:end], start=start, end=end, context=_context(text, start, end))
        for kind, start, end in _merge(spans)
    ]
