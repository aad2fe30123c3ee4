"""``{{ attempt.score|quiz_number }}``: quizzes.formatting's one rule for every score shown."""

from django import template

from quizzes.formatting import quiz_number as _quiz_number

register = template.Library()


@register.filter
def quiz_number(value) -> str:
    return _quiz_number(value)
