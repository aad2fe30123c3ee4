"""How quiz numbers read, the same on every page: one rule for points, scores and percentages.

Scoring keeps hundredths (a partial share of 5 points for 1 of 3 options is 1.67), which nobody needs to
read. A number is shown whole when it is whole, else with one decimal, rounded down: 7.84 reads 7.8, 7.50
reads 7.5, 7.00 reads 7. Down, not to the nearest, so a shown score or percentage never reaches a pass mark
the stored one missed (79.96 % reads 79.9 %, not 80 %).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal, InvalidOperation

_TENTH = Decimal("0.1")


def quiz_number(value) -> str:
    """A score, points or a percentage as people read it; "" for None."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(_TENTH, rounding=ROUND_DOWN)
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        return str(int(number))
    return str(number)
