"""What the exercise, 范文 and section pages show beside their fields: the writer's standing, the numbered
material, the lists of the section. Reads only (report_writing.exercises)."""

from django import template

from report_writing import exercises
from report_writing.model_reports import content_of_model_report

register = template.Library()


@register.simple_tag
def model_report_reading(page):
    return exercises.reading(content=content_of_model_report(page=page))


@register.simple_tag
def exercise_panel(page, user):
    """The writer's state on the exercise, its live cases, and its facts and evidence numbered separately."""
    return {
        "state": exercises.exercise_state(user=user, exercise=page),
        "cases": [case for case in page.cases.all() if case.live],
        **exercises.exercise_material(exercise=page),
    }


@register.simple_tag
def section_lists(page, user):
    """The section page's exercises (each with this writer's latest draft on it) and 范文."""
    found = exercises.exercises_under(page=page)
    latest = exercises.latest_drafts(user=user, exercise_ids=[e.pk for e in found])
    return {
        "exercises": [{"page": e, "draft": latest.get(e.pk)} for e in found],
        "model_reports": exercises.model_reports_under(page=page),
    }
