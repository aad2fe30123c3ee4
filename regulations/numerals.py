"""Chinese numerals as used in article headings (第一百零五条)."""

_DIGITS = "零一二三四五六七八九"


def to_chinese(number: int) -> str:
    """1 -> 一, 10 -> 十, 15 -> 十五, 105 -> 一百零五, 110 -> 一百一十, 200 -> 二百."""
    if not 1 <= number <= 9999:
        raise ValueError(f"article number out of range: {number}")
    parts = []
    units = [(1000, "千"), (100, "百"), (10, "十")]
    remainder = number
    pending_zero = False
    for value, unit in units:
        digit, remainder = divmod(remainder, value)
        if digit:
            if pending_zero:
                parts.append("零")
                pending_zero = False
            # 十五 rather than 一十五 when ten is the leading unit.
            if not (value == 10 and digit == 1 and not parts):
                parts.append(_DIGITS[digit])
            parts.append(unit)
        elif parts:
            pending_zero = True
    if remainder:
        if pending_zero:
            parts.append("零")
        parts.append(_DIGITS[remainder])
    return "".join(parts)


def article_label(number: int) -> str:
    return f"第{to_chinese(number)}条"
