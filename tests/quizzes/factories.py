"""Factories for the question bank and quizzes. Each test builds only what it needs."""

import factory
from factory.django import DjangoModelFactory

from core import roles
from quizzes.models import BlankAnswer, Choice, Question, QuestionCategory, QuestionKind, Quiz, QuizDraw, QuizQuestion
from tests.factories import UserFactory
from tests.rounds.factories import InspectionRoundFactory, InspectionTeamFactory, TeamMemberFactory


class QuestionCategoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"题目分类{n}")
    slug = factory.Sequence(lambda n: f"question-category-{n}")

    class Meta:
        model = QuestionCategory


class QuestionFactory(DjangoModelFactory):
    """A question of the given kind. Pass ``options=[("text", True), ...]`` for choices and
    ``blanks=["一把手|主要负责人", ...]`` for fill-in-the-blank; true/false defaults to "true"."""

    kind = QuestionKind.SINGLE
    stem = factory.Sequence(lambda n: f"测试题干{n}")
    explanation = "测试解析"

    class Meta:
        model = Question
        skip_postgeneration_save = True

    @factory.lazy_attribute
    def true_false_answer(self):
        return True if self.kind == QuestionKind.TRUE_FALSE else None

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None and self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            extracted = [("正确选项", True), ("错误选项一", False), ("错误选项二", False)]
            if self.kind == QuestionKind.MULTIPLE:
                extracted = [("正确选项一", True), ("正确选项二", True), ("错误选项", False)]
        for order, (text, correct) in enumerate(extracted or []):
            Choice.objects.create(question=self, text=text, is_correct=correct, sort_order=order)

    @factory.post_generation
    def blanks(self, create, extracted, **kwargs):
        if not create or self.kind != QuestionKind.FILL_BLANK:
            return
        for order, accepted in enumerate(extracted or ["答案"]):
            BlankAnswer.objects.create(question=self, accepted=accepted, sort_order=order)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


class QuizFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"测试测验{n}")
    slug = factory.Sequence(lambda n: f"quiz-{n}")

    class Meta:
        model = Quiz
        skip_postgeneration_save = True

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if create and extracted:
            for order, question in enumerate(extracted):
                QuizQuestion.objects.create(quiz=self, question=question, sort_order=order)


class QuizDrawFactory(DjangoModelFactory):
    quiz = factory.SubFactory(QuizFactory)
    category = factory.SubFactory(QuestionCategoryFactory)
    count = 1

    class Meta:
        model = QuizDraw


def marker_managing(*members, role: str = roles.REVIEWER, **user_fields):
    """A marker (审核 by default) named a manager of a new round whose one team holds ``members``: the
    members' attempts are in their marking scope, nobody else's."""
    inspection_round = InspectionRoundFactory()
    team = InspectionTeamFactory(round=inspection_round)
    for member in members:
        TeamMemberFactory(team=team, user=member)
    marker = UserFactory(role=role, **user_fields)
    inspection_round.managers.add(marker)
    inspection_round.save()  # managers is a ParentalManyToManyField: saved with the round
    return marker
