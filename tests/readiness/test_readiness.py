"""Readiness per person and round: each state, each missing criterion, prerequisites, recomputation."""

import datetime

import pytest
from django.utils import timezone

from courses.models import ItemKind
from courses.services import record_completion
from declarations.models import Acknowledgement, AcknowledgementKind, AcknowledgementText
from declarations.services import confirm_for_round
from quizzes import services as quiz_services
from readiness.rules import State, readiness_for_round, readiness_for_user
from rounds.models import TeamMember
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.rounds.factories import (
    InspectedUnitFactory,
    InspectionRoundFactory,
    InspectionTeamFactory,
    ModuleFactory,
    StudyPackFactory,
    TeamMemberFactory,
    add_lessons,
)

pytestmark = pytest.mark.django_db


def take_quiz(quiz, user, *, right: bool):
    attempt = quiz_services.start_attempt(quiz=quiz, user=user)
    for answer in attempt.answers.select_related("question"):
        choices = [c.pk for c in answer.question.choices.all() if c.is_correct == right][:1]
        quiz_services.save_answer(attempt=attempt, position=answer.position, raw={"choices": choices})
    return quiz_services.submit_attempt(attempt=attempt)


def agree(user, kind):
    text = AcknowledgementText.objects.filter(kind=kind).order_by("-version").first()
    if text is None:
        text = AcknowledgementText.objects.create(kind=kind, version=1, title="测试承诺", body="测试正文")
    Acknowledgement.objects.create(user=user, text=text, agreed_at=timezone.now())
    # Commitments count per round (declarations.api.round_acknowledgement_times): confirmed for each round.
    for membership in TeamMember.objects.filter(user=user).select_related("team__round"):
        confirm_for_round(user=user, inspection_round=membership.team.round, kind=kind)


@pytest.fixture
def setup():
    """A round whose track has two modules: 1 (a lesson, a quiz, the commitment) and 2 (a lesson, needs 1)."""
    round_ = InspectionRoundFactory()
    first = ModuleFactory(track=round_.track, title="条例与规程", sort_order=1, requires_confidentiality=True)
    [first_lesson] = add_lessons(first)
    first.quiz = QuizFactory(questions=[QuestionFactory()], pass_mark=100, max_attempts=0)
    first.save()
    second = ModuleFactory(track=round_.track, title="个别谈话", sort_order=2)
    [second_lesson] = add_lessons(second)
    second.prerequisites.add(first)
    second.save()  # a ParentalManyToManyField writes on save
    member = TeamMemberFactory(team=InspectionTeamFactory(round=round_))
    return {
        "round": round_,
        "first": first,
        "second": second,
        "lessons": (first_lesson, second_lesson),
        "member": member,
    }


def readiness(setup):
    [result] = readiness_for_round(inspection_round=setup["round"])
    return result


def test_nothing_done_is_not_started_and_lists_everything(setup):
    result = readiness(setup)
    assert result.state == State.NOT_STARTED
    assert len(result.missing) == 5  # 2 lessons, the quiz, the commitment, module 2 waiting for module 1
    assert result.modules[1].locked


def test_studying_a_lesson_is_in_progress_and_counts_once(setup):
    user, (lesson, _) = setup["member"].user, setup["lessons"]
    record_completion(user=user, kind=ItemKind.LESSON, item_id=lesson.pk)
    record_completion(user=user, kind=ItemKind.LESSON, item_id=lesson.pk)
    result = readiness(setup)
    assert result.state == State.IN_PROGRESS
    assert result.modules[0].done_count == 1


def test_a_failed_quiz_means_retake_until_passed(setup):
    user = setup["member"].user
    take_quiz(setup["first"].quiz, user, right=False)
    result = readiness(setup)
    assert result.state == State.RETAKE
    quiz_criterion = next(c for c in result.modules[0].criteria if c.key.startswith("quiz:"))
    assert quiz_criterion.failed and not quiz_criterion.done
    take_quiz(setup["first"].quiz, user, right=True)
    assert readiness(setup).state == State.IN_PROGRESS


def test_everything_done_is_ready_with_the_date_reached(setup):
    user = setup["member"].user
    for lesson in setup["lessons"]:
        record_completion(user=user, kind=ItemKind.LESSON, item_id=lesson.pk)
    take_quiz(setup["first"].quiz, user, right=True)
    agree(user, AcknowledgementKind.CONFIDENTIALITY)
    result = readiness(setup)
    assert result.state == State.READY
    assert result.missing == []
    assert result.reached_at == max(c.done_at for c in result.criteria)


def test_a_module_is_not_complete_before_its_prerequisites(setup):
    user = setup["member"].user
    record_completion(user=user, kind=ItemKind.LESSON, item_id=setup["lessons"][1].pk)
    second = readiness(setup).modules[1]
    assert second.own_done and second.locked and not second.complete


def test_changing_a_criterion_recomputes(setup):
    user = setup["member"].user
    for lesson in setup["lessons"]:
        record_completion(user=user, kind=ItemKind.LESSON, item_id=lesson.pk)
    take_quiz(setup["first"].quiz, user, right=True)
    agree(user, AcknowledgementKind.CONFIDENTIALITY)
    assert readiness(setup).state == State.READY
    setup["second"].requires_recusal = True
    setup["second"].save()
    result = readiness(setup)
    assert result.state == State.IN_PROGRESS
    assert result.missing == ["提交回避申报"]
    # A new version of the commitment must be agreed again.
    AcknowledgementText.objects.create(
        kind=AcknowledgementKind.CONFIDENTIALITY, version=2, title="新版", body="新版正文"
    )
    assert "签署保密承诺" in readiness(setup).missing


def test_study_pack_applies_to_teams_inspecting_that_unit_type(setup):
    round_, member = setup["round"], setup["member"]
    village = InspectedUnitFactory(round=round_)
    pack = StudyPackFactory(round=round_, unit_type=village.unit_type)
    pack.quiz = QuizFactory(questions=[QuestionFactory()])
    pack.save()
    assert readiness(setup).pack == []
    member.team.units.add(village)
    member.team.save()
    pack_criteria = readiness(setup).pack
    assert [c.key for c in pack_criteria] == [f"quiz:{pack.quiz.pk}"]


def test_attendance_criterion_is_shown_and_missing(setup):
    setup["second"].min_sessions_attended = 2
    setup["second"].save()
    assert any("夜学" in text for text in readiness(setup).missing)


def test_round_readiness_queries_do_not_grow_with_members(setup, django_assert_max_num_queries):
    team = setup["member"].team
    for _ in range(30):
        TeamMemberFactory(team=team)
    with django_assert_max_num_queries(16):
        results = readiness_for_round(inspection_round=setup["round"])
    assert len(results) == 31


def test_a_person_sees_only_rounds_that_have_not_ended(setup):
    user = setup["member"].user
    past = InspectionRoundFactory(
        starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 3, 1), track=setup["round"].track
    )
    TeamMemberFactory(team=InspectionTeamFactory(round=past), user=user)
    assert [r.member.team.round for r in readiness_for_user(user=user)] == [setup["round"]]


def test_a_new_secondment_end_recaps_the_review_queue(setup, django_capture_on_commit_callbacks):
    from reviews.api import schedule_articles
    from reviews.models import ReviewCard
    from tests.factories import RegulationArticleFactory

    member = setup["member"]
    article = RegulationArticleFactory()
    schedule_articles(user=member.user, article_ids=[article.pk])
    card = ReviewCard.objects.get(user=member.user)
    assert card.due is not None
    with django_capture_on_commit_callbacks(execute=True):
        member.secondment_ends_on = datetime.date.today()
        member.save()
    card.refresh_from_db()
    assert card.due is None


def test_attended_sessions_count_towards_the_module(setup, monkeypatch):
    user = setup["member"].user
    setup["second"].min_sessions_attended = 2
    setup["second"].save()
    monkeypatch.setattr("readiness.records.sessions_attended", lambda **kwargs: {user.pk: 1})
    result = readiness(setup)
    [sessions] = [c for c in result.modules[1].criteria if c.key == "sessions"]
    assert (sessions.done, sessions.started) == (False, True)
    assert "（已参加 1 次）" in sessions.label
    assert result.state == State.IN_PROGRESS
    monkeypatch.setattr("readiness.records.sessions_attended", lambda **kwargs: {user.pk: 2})
    [sessions] = [c for c in readiness(setup).modules[1].criteria if c.key == "sessions"]
    assert sessions.done


def test_details_of_every_member_cost_one_query(setup, django_assert_num_queries):
    """Criteria, pack, missing and the date reached are built on first use: one query (the completion times)."""
    done, studying = setup["member"].user, TeamMemberFactory(team=setup["member"].team).user
    for lesson in setup["lessons"]:
        record_completion(user=done, kind=ItemKind.LESSON, item_id=lesson.pk)
    take_quiz(setup["first"].quiz, done, right=True)
    agree(done, AcknowledgementKind.CONFIDENTIALITY)
    record_completion(user=studying, kind=ItemKind.LESSON, item_id=setup["lessons"][1].pk)
    results = {r.member.user: r for r in readiness_for_round(inspection_round=setup["round"])}
    with django_assert_num_queries(1):
        for result in results.values():
            assert result.module_complete == tuple(m.complete for m in result.modules)
            assert result.missing == [] or result.state != State.READY
            assert result.pack == []
    assert results[done].state == State.READY and results[done].reached_at is not None
    assert results[done].module_complete == (True, True)
    assert results[studying].module_complete == (False, False)
    assert results[studying].modules[1].own_done and results[studying].modules[1].locked


def test_details_prepared_for_some_members_are_read_for_those_only(setup, django_assert_num_queries):
    from readiness.rules import prepare_details

    for _ in range(3):
        TeamMemberFactory(team=setup["member"].team)
    for member in TeamMember.objects.filter(team__round=setup["round"]):
        record_completion(user=member.user, kind=ItemKind.LESSON, item_id=setup["lessons"][0].pk)
    first, second, *others = readiness_for_round(inspection_round=setup["round"])
    prepare_details([first, second])
    with django_assert_num_queries(1):  # the two prepared, together
        assert first.modules[0].criteria[0].done_at is not None
        assert second.modules[0].criteria[0].done_at is not None
    with django_assert_num_queries(1):  # then the others, together, when one of them is read
        assert all(r.modules[0].criteria[0].done_at is not None for r in others)


def test_a_study_pack_citing_a_superseded_article_asks_for_the_article_in_force(setup):
    """Studying the 2023 text of a rule revised in 2025 does not count; the pack names and links the rule in force."""
    from tests.citation_chain import revised_regulation

    regulation = revised_regulation()
    round_, member = setup["round"], setup["member"]
    village = InspectedUnitFactory(round=round_)
    member.team.units.add(village)
    member.team.save()
    pack = StudyPackFactory(round=round_, unit_type=village.unit_type)
    pack.articles.set([regulation.old_article(2), regulation.old_article(4)])
    pack.save()
    changed, removed = readiness(setup).pack
    in_force = regulation.new_article(3)
    assert changed.key == f"{ItemKind.ARTICLE}:{in_force.pk}"
    assert "《巡察办法（2025）》第三条" in changed.label and changed.url == in_force.get_url()
    assert "该条已在现行版本中删除" in removed.label
    record_completion(user=member.user, kind=ItemKind.ARTICLE, item_id=regulation.old_article(2).pk)
    assert f"{ItemKind.ARTICLE}:{in_force.pk}" in [c.key for c in readiness(setup).pack if not c.done]
    record_completion(user=member.user, kind=ItemKind.ARTICLE, item_id=in_force.pk)
    assert f"{ItemKind.ARTICLE}:{in_force.pk}" not in [c.key for c in readiness(setup).pack if not c.done]
