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


_DIGIT_VALUES = {digit: value for value, digit in enumerate(_DIGITS)}
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}


def from_chinese(text: str) -> int:
    """一百零五 -> 105: the inverse of to_chinese, also reading 两 as 二 and 〇 as 零.

    Only the forms to_chinese writes (plus 一十五 for 十五) are accepted, so that typos
    such as 十十 or 一百零 raise instead of silently becoming another number.
    """
    normalized = text.replace("两", "二").replace("〇", "零")
    total = digit = 0
    for char in normalized:
        if char in _UNIT_VALUES:
            total += (digit or 1) * _UNIT_VALUES[char]
            digit = 0
        elif char in _DIGIT_VALUES:
            digit = _DIGIT_VALUES[char]
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    total += digit
    if 1 <= total <= 9999:
        canonical = to_chinese(total)
        if normalized == canonical or (canonical.startswith("十") and normalized == "一" + canonical):
            return total
    raise ValueError(f"not a Chinese numeral: {text!r}")
