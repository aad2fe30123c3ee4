"""The citing apps, each asked through its api in the same shape (core.citing): which items cite these
articles, and re-point one item. A new citing app is one line here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cases import api as cases_api
from courses import api as courses_api
from quizzes import api as quizzes_api
from revision_impact.models import ItemKind
from rounds import api as rounds_api
from studysessions import api as studysessions_api
from supervision import api as supervision_api


@dataclass(frozen=True)
class Source:
    citations_of: Callable
    repoint: Callable


SOURCES: dict[str, Source] = {
    ItemKind.CASE: Source(cases_api.citations_of, cases_api.repoint),
    ItemKind.QUESTION: Source(quizzes_api.citations_of, quizzes_api.repoint),
    ItemKind.LESSON: Source(courses_api.citations_of, courses_api.repoint),
    ItemKind.EVENING: Source(studysessions_api.citations_of, studysessions_api.repoint),
    ItemKind.STUDY_PACK: Source(rounds_api.citations_of, rounds_api.repoint),
    ItemKind.SUPERVISION_POINT: Source(supervision_api.citations_of, supervision_api.repoint),
}
