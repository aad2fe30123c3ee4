"""The pure check: each kind fires on crafted text and not on the anonymised forms or common words."""

import pytest

from desensitisation.detect import FlagKind, find_flags, id_checksum_ok, luhn_ok


def kinds(text, **kwargs):
    return [(flag.kind, flag.text) for flag in find_flags(text, **kwargs)]


def with_id_check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def with_luhn(body: str) -> str:
    return next(body + str(digit) for digit in range(10) if luhn_ok(body + str(digit)))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("村党支部书记张建国利用职务便利", "张建国"),
        ("李明书记在会上表态", "李明"),
        ("经查，王小红同志多次违规", "王小红"),
        ("财务会计刘芳虚报冒领", "刘芳"),
        ("其妻陈丽丽经营一家超市", "陈丽丽"),
        ("向周大海索要好处费", "周大海"),
        ("姓名：欧阳明华", "欧阳明华"),
        ("被赵强发现后", "赵强"),
        ("镇长司马光华分管", "司马光华"),
    ],
)
def test_a_name_in_a_persons_context_fires(text, name):
    assert (FlagKind.PERSON_NAME, name) in kinds(text)


def test_names_listed_after_a_flagged_name_fire_too():
    assert kinds("村民王明、李强反映问题") == [(FlagKind.PERSON_NAME, "王明"), (FlagKind.PERSON_NAME, "李强")]


@pytest.mark.parametrize(
    "text",
    [
        "村党支部书记张某利用职务便利收受4.2万元",
        "会计李某某虚报冒领38650元",
        "经查，王×同志多次违规",
        "其妻赵某甲经营超市",
        "某某书记在会上表态",
        "向刘X索要好处费",
        "镇长孙＊分管财务",
        "示例县某局局长周某收受人民币12,345.67元",
        "A镇B村的村民反映某局的问题",
    ],
)
def test_anonymised_forms_never_fire(text):
    assert kinds(text, place_names=["示例县", "A镇", "B村"], unit_names=["某局", "示例县财政局"]) == []


# Words that start with a surname character and name no one, each next to a word that marks a person.
COMMON_WORD_TRAPS = [
    "局长高度重视整改",
    "书记于是召开会议",
    "对方面临的困难",
    "与周年庆活动一并安排",
    "主任常委会上发言",
    "会计金额核对不符",
    "经理王牌产品滞销",
    "干部白色污染治理",
    "校长时间观念不强",
    "书记关于整改的批示",
    "主任任何时候都要",
    "村民安全意识薄弱",
    "会计余额调节表",
    "群众许多意见",
    "干部程序意识不强",
    "同志严格执行",
    "书记明确要求",
    "主任全面负责",
    "党委书记高速公路项目",
    "局长马上整改",
]


@pytest.mark.parametrize("text", COMMON_WORD_TRAPS)
def test_common_words_are_not_names(text):
    assert [kind for kind, _ in kinds(text) if kind == FlagKind.PERSON_NAME] == []


def test_a_surname_without_a_persons_context_does_not_fire():
    assert kinds("张家口的王府井大街") == []


def test_id_numbers_with_a_valid_checksum_fire_and_others_do_not():
    valid = with_id_check("11010519491231002")
    invalid = valid[:-1] + ("1" if valid[-1] != "1" else "2")
    assert id_checksum_ok(valid) and not id_checksum_ok(invalid)
    assert kinds(f"身份证号{valid}。") == [(FlagKind.ID_NUMBER, valid)]
    assert [kind for kind, _ in kinds(f"身份证号{invalid}。")] != [FlagKind.ID_NUMBER]
    assert kinds("旧证号110105491231002。") == [(FlagKind.ID_NUMBER, "110105491231002")]


def test_phones_fire_but_not_inside_longer_digit_runs():
    assert kinds("手机13812345678，座机0571-88123456") == [
        (FlagKind.PHONE, "13812345678"),
        (FlagKind.PHONE, "0571-88123456"),
    ]
    assert FlagKind.PHONE not in [kind for kind, _ in kinds("编号2138123456789")]


def test_bank_cards_need_the_luhn_check():
    card = with_luhn("622202074185296")
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    grouped = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    assert kinds(f"卡号{card}。") == [(FlagKind.BANK_CARD, card)]
    assert kinds(f"卡号{grouped}。") == [(FlagKind.BANK_CARD, grouped)]
    assert kinds(f"卡号{wrong}。") == []


def test_an_id_number_that_passes_luhn_is_still_an_id_number():
    for serial in range(100, 999):
        number = with_id_check(f"11010519800101{serial}")
        if number[-1] != "X" and luhn_ok(number):
            assert kinds(number) == [(FlagKind.ID_NUMBER, number)]
            return
    pytest.fail("no such number in the range")


def test_plates():
    assert kinds("车牌苏A12345停在院内") == [(FlagKind.PLATE, "苏A12345")]
    assert kinds("新能源车粤BD12345") == [(FlagKind.PLATE, "粤BD12345")]
    assert kinds("型号苏ABCDEF") == []


def test_an_amount_fires_only_in_a_sentence_that_names_someone():
    assert kinds("局长李建国收受现金4.2万元。") == [
        (FlagKind.PERSON_NAME, "李建国"),
        (FlagKind.AMOUNT_WITH_NAME, "4.2万元"),
    ]
    assert kinds("局长李建国受到处分。该单位违规发放补贴38650元。") == [(FlagKind.PERSON_NAME, "李建国")]
    assert kinds("违规发放补贴人民币12,345.67元。") == []


def test_gazetteer_and_unit_names_fire_longest_first():
    text = "青石镇柳溪村的问题由青石镇财政所整改"
    found = kinds(text, place_names=["青石镇", "柳溪村"], unit_names=["青石镇财政所"])
    assert found == [
        (FlagKind.PLACE, "青石镇"),
        (FlagKind.PLACE, "柳溪村"),
        (FlagKind.UNIT, "青石镇财政所"),
    ]


def test_flags_carry_position_and_context():
    text = "一" * 30 + "手机13812345678" + "二" * 30
    (flag,) = find_flags(text)
    assert text[flag.start : flag.end] == "13812345678"
    assert flag.context == "一" * 18 + "手机13812345678" + "二" * 20
