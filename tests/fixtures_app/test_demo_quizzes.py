"""The demo question bank and quizzes (示例): enough questions of every kind, each one answerable as
written, the quizzes with their settings, and a second load that changes nothing."""

from collections import Counter

import pytest

from fixtures.demo.quizzes import CATEGORIES, QUESTIONS, QUIZZES
from fixtures.loader import load_demo_content
from fixtures.quiz_loader import edition_in_force
from quizzes.models import (
    BlankAnswer,
    Choice,
    MarkingStatus,
    Question,
    QuestionCategory,
    QuestionKind,
    Quiz,
    QuizDraw,
    QuizQuestion,
    Scoring,
)
from quizzes.scoring import AnswerKey, blank_count, score, split_variants
from quizzes.services import start_attempt
from regulations.models import RegulationPage

DATA_BY_STEM = {d["stem"]: d for d in QUESTIONS}


@pytest.fixture
def bank(demo, db):
    return list(Question.objects.prefetch_related("choices", "blanks", "categories", "articles"))


def test_the_data_modules_agree_with_themselves():
    keys = [d["key"] for d in QUESTIONS]
    stems = [d["stem"] for d in QUESTIONS]
    assert len(set(keys)) == len(keys), [k for k, n in Counter(keys).items() if n > 1]
    assert len(set(stems)) == len(stems), "the stem is the natural key: it must be unique"
    slugs = {c["slug"] for c in CATEGORIES} | {child[0] for c in CATEGORIES for child in c["children"]}
    assert all(set(d["categories"]) <= slugs for d in QUESTIONS)
    for quiz in QUIZZES:
        assert quiz["title"].startswith("示例：") and "示例" in quiz["description"]
        assert set(quiz["questions"]) <= set(keys), quiz["slug"]
        assert {slug for slug, _ in quiz["draws"]} <= slugs, quiz["slug"]


def test_the_bank_has_every_kind(bank):
    assert len(bank) >= 60
    kinds = Counter(q.kind for q in bank)
    assert set(kinds) == set(QuestionKind.values), kinds
    assert kinds[QuestionKind.ESSAY] >= 3
    multiple = [q for q in bank if q.kind == QuestionKind.MULTIPLE]
    assert any(q.scoring == Scoring.PARTIAL for q in multiple)
    assert any(q.scoring == Scoring.ALL_OR_NOTHING for q in multiple)
    fill = [q for q in bank if q.kind == QuestionKind.FILL_BLANK]
    assert any(len(q.blanks.all()) >= 2 for q in fill)
    assert any(len(b.variants) >= 2 for q in fill for b in q.blanks.all())


def _right_answer(question: Question) -> dict:
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return {"choices": [c.pk for c in question.choices.all() if c.is_correct]}
    if question.kind == QuestionKind.TRUE_FALSE:
        return {"value": question.true_false_answer}
    return {"blanks": [b.variants[-1] for b in question.blanks.all()]}


def test_every_question_is_answerable_as_written(bank):
    for question in bank:
        choices, blanks = list(question.choices.all()), list(question.blanks.all())
        correct = [c for c in choices if c.is_correct]
        label = question.stem[:30]
        assert question.explanation.strip(), label
        assert question.categories.all(), label
        if question.kind == QuestionKind.SINGLE:
            assert len(choices) >= 3 and len(correct) == 1, label
        elif question.kind == QuestionKind.MULTIPLE:
            assert len(correct) >= 1 and len(choices) > len(correct), label
        else:
            assert not choices, label
        if question.kind == QuestionKind.TRUE_FALSE:
            assert question.true_false_answer is not None, label
        if question.kind == QuestionKind.FILL_BLANK:
            assert blank_count(question.stem) == len(blanks) >= 1, label
            assert all(split_variants(b.accepted) for b in blanks), label
        else:
            assert blank_count(question.stem) == 0 and not blanks, label
        if question.kind != QuestionKind.ESSAY:
            # The key the scorer builds gives full marks to the answer the data calls right.
            awarded, right = score(AnswerKey.for_question(question), _right_answer(question))
            assert right and awarded == question.points, label


def test_article_links_point_at_the_edition_in_force(bank):
    first = RegulationPage.objects.get(revises=None, title__contains="实施办法")
    in_force = edition_in_force(first)
    assert in_force.revises_id == first.pk
    regulation_tree = set(QuestionCategory.objects.get(slug="regulation").with_children_ids())
    for question in bank:
        data = DATA_BY_STEM[question.stem]
        # A question written against the 2025 edition is left open for the revision's impact list on purpose.
        edition = first if data.get("written_before_revision") else in_force
        assert {a.regulation_id for a in question.articles.all()} <= {edition.pk}
        assert sorted(a.number for a in question.articles.all()) == sorted(set(data["articles"])), data["key"]
        if regulation_tree & {c.pk for c in question.categories.all()}:
            assert data["articles"], f"{data['key']} tests the regulation but names no article"


def test_categories_are_two_levels_and_marked_as_demo(demo, db):
    categories = list(QuestionCategory.objects.select_related("parent"))
    assert {c.slug for c in categories if c.parent is None} >= {"regulation", "interviewing", "characterisation"}
    assert all(c.parent is None or c.parent.parent is None for c in categories)
    assert all("示例" in c.description for c in categories)
    for slug in ("regulation", "interviewing", "characterisation", "discipline"):
        parent = QuestionCategory.objects.get(slug=slug)
        assert Question.objects.filter(categories__in=parent.with_children_ids()).distinct().count() >= 10, slug


def test_the_four_quizzes_have_their_settings(demo, db):
    onboarding = Quiz.objects.get(slug="demo-onboarding-exam")
    assert (onboarding.pass_mark, onboarding.max_attempts, onboarding.grading) == (80, 2, "highest")
    assert not onboarding.exam_paper and not onboarding.is_draft
    placed = [p.question for p in onboarding.fixed_questions.order_by("sort_order")]
    assert [DATA_BY_STEM[q.stem]["key"] for q in placed] == QUIZZES[0]["questions"]
    assert [q.kind for q in placed].count(QuestionKind.ESSAY) == 1

    timed = Quiz.objects.get(slug="demo-timed-characterisation")
    assert (timed.time_limit_minutes, timed.feedback_mode) == (15, "end")

    drawn = Quiz.objects.get(slug="demo-category-draw")
    assert drawn.random_order and not drawn.fixed_questions.exists()
    assert [(d.category.slug, d.count) for d in drawn.draws.order_by("sort_order")] == [
        ("regulation", 8),
        ("interviewing", 4),
    ]

    evening = Quiz.objects.get(slug="demo-evening-session")
    assert evening.feedback_mode == "each" and evening.fixed_questions.count() <= 6

    assert all(q.title.startswith("示例：") for q in Quiz.objects.all())
    # Draw quizzes never hand a trainee an essay to wait on.
    essays = QuestionCategory.objects.get(slug="essays")
    assert not QuizDraw.objects.filter(category=essays).exists()


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("demo-onboarding-exam", 20),
        ("demo-timed-characterisation", 10),
        ("demo-category-draw", 12),
        ("demo-evening-session", 5),
        ("demo-village-pack", 6),
    ],
)
def test_a_trainee_can_start_each_quiz(demo, trainee, slug, expected):
    quiz = Quiz.objects.get(slug=slug)
    attempt = start_attempt(quiz=quiz, user=trainee)
    answers = list(attempt.answers.select_related("question").prefetch_related("question__categories"))
    assert len(answers) == expected
    assert attempt.max_score == sum(a.question.points for a in answers)
    if quiz.time_limit_minutes:
        assert attempt.deadline is not None
    pending = [a for a in answers if a.marking == MarkingStatus.PENDING]
    assert len(pending) == (1 if slug == "demo-onboarding-exam" else 0)
    if slug == "demo-category-draw":
        trees = {
            s: set(QuestionCategory.objects.get(slug=s).with_children_ids()) for s in ("regulation", "interviewing")
        }
        in_tree = Counter(
            next(s for s, ids in trees.items() if ids & {c.pk for c in a.question.categories.all()}) for a in answers
        )
        assert in_tree == {"regulation": 8, "interviewing": 4}


def _snapshot():
    return tuple(
        m.objects.count() for m in (QuestionCategory, Question, Choice, BlankAnswer, Quiz, QuizQuestion, QuizDraw)
    )


def test_loading_again_duplicates_nothing(demo, db):
    before = _snapshot()
    assert before[1] == len(QUESTIONS) and before[4] == len(QUIZZES)
    report = load_demo_content()
    assert _snapshot() == before
    assert report.created == []


def test_demo_results_fill_the_report_and_the_marking_queue(demo, db):
    from django.contrib.auth import get_user_model

    from fixtures.quiz_attempts import LEFT_FOR_THE_MARKER, TAKERS
    from quizzes.models import Attempt, AttemptStatus
    from quizzes.selectors import marking_queue

    exam = Quiz.objects.get(slug="demo-onboarding-exam")
    attempts = Attempt.objects.filter(quiz=exam, user__username__startswith="demo-taker-")
    assert attempts.count() == len(TAKERS)
    assert attempts.filter(status=AttemptStatus.COMPLETED).count() == len(TAKERS) - LEFT_FOR_THE_MARKER
    office = get_user_model().objects.get(username="guanli")  # the demo's marker, who marks everyone's attempts
    assert len([a for a in marking_queue(marker=office) if a.quiz_id == exam.pk]) == LEFT_FOR_THE_MARKER
    # Skills differ, so the scores spread and some pass and some fail.
    completed = attempts.filter(status=AttemptStatus.COMPLETED)
    assert completed.filter(passed=True).exists() and completed.filter(passed=False).exists()
    # Demo takers cannot log in.
    assert not any(a.user.has_usable_password() for a in attempts.select_related("user"))
    load_demo_content()
    assert Attempt.objects.filter(quiz=exam, user__username__startswith="demo-taker-").count() == len(TAKERS)
