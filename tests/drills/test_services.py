"""drills.services: an attempt is scored and stored once, bad answers leave nothing, missed articles reach the
review queue, and the marker's rubric is all or nothing."""

import uuid

import pytest
from django.contrib.auth.models import Permission

from core import roles
from drills.models import CategoryResult, DrillAttempt
from drills.services import DrillError, mark_sentence, submit_drill
from reviews.models import ReviewCard
from tests.citation_chain import revised_regulation
from tests.drills.factories import articles, attempt, drill_case, taxonomy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FULL_MARKS = {
    "facts_clear": 2,
    "evidence_corroborated": 1,
    "basis_accurate": 2,
    "wording_apt": 0,
    "circumstances_distinguished": 2,
}


def test_an_attempt_stores_the_answer_and_both_scores():
    tax = taxonomy()
    found, missed, extra = articles(3)
    case = drill_case(categories=[tax.mass, tax.leadership], articles=[found, missed])
    user = UserFactory()

    chosen = [found.pk, extra.pk]
    result = attempt(user=user, case=case, category=tax.integrity, article_ids=chosen, sentence="  违反\n纪律。 ")

    result.refresh_from_db()
    assert result.category_result == CategoryResult.PARTIAL
    assert result.expected_category == tax.mass
    assert (result.articles_hit, result.articles_missed, result.articles_extra) == (1, 1, 1)
    assert result.article_outcome["missed"] == [missed.pk]
    assert set(result.articles.values_list("pk", flat=True)) == {found.pk, extra.pk}
    assert result.sentence == "违反 纪律。"  # one line


def test_a_superseded_article_counts_for_the_one_in_force_it_became():
    chain = revised_regulation()
    tax = taxonomy()
    # The case was written against the 2023 edition: its 第二条 became the 2025 edition's 第三条.
    case = drill_case(categories=[tax.mass], articles=[chain.old_article(2)])
    result = attempt(user=UserFactory(), case=case, category=tax.mass, article_ids=[chain.new_article(3).pk])
    assert result.category_result == CategoryResult.EXACT
    assert (result.articles_hit, result.articles_missed, result.articles_extra) == (1, 0, 0)
    assert result.article_outcome["mapped"] == [chain.old_article(2).pk]


def test_the_same_form_posted_twice_is_one_attempt():
    tax = taxonomy()
    case = drill_case(categories=[tax.mass])
    user = UserFactory()
    token = uuid.uuid4()
    answer = dict(user=user, case=case, category_id=tax.mass.pk, article_ids=[], sentence="违反群众纪律。", token=token)
    first = submit_drill(**answer)
    second = submit_drill(**answer)
    assert first.pk == second.pk
    assert DrillAttempt.objects.count() == 1
    # A new form (a new token) is a new attempt: drills are repeatable.
    submit_drill(**{**answer, "token": uuid.uuid4()})
    assert DrillAttempt.objects.filter(user=user, case=case).count() == 2


@pytest.mark.parametrize(
    ("category", "sentence", "message"),
    [(None, "违反纪律。", "问题类别"), ("mass", "", "一句话"), ("mass", "违" * 201, "200")],
)
def test_an_incomplete_answer_is_refused_and_leaves_nothing(category, sentence, message):
    tax = taxonomy()
    (article,) = articles(1)
    case = drill_case(categories=[tax.mass], articles=[article])
    user = UserFactory()
    with pytest.raises(DrillError) as refused:
        submit_drill(
            user=user,
            case=case,
            category_id=getattr(tax, category).pk if category else None,
            article_ids=[],
            sentence=sentence,
            token=uuid.uuid4(),
        )
    assert message in str(refused.value)
    assert not DrillAttempt.objects.exists()
    assert not ReviewCard.objects.exists()


def test_missed_articles_come_back_in_the_review_queue_as_the_article_in_force():
    chain = revised_regulation()
    tax = taxonomy()
    case = drill_case(categories=[tax.mass], articles=[chain.old_article(2), chain.new_article(1)])
    user = UserFactory()
    attempt(user=user, case=case, category=tax.mass, article_ids=[chain.new_article(1).pk])
    cards = ReviewCard.objects.filter(user=user)
    assert list(cards.values_list("article_id", flat=True)) == [chain.new_article(3).pk]


def test_a_marker_marks_a_sentence_and_a_second_mark_corrects_it():
    tax = taxonomy()
    case = drill_case(categories=[tax.mass])
    result = attempt(user=UserFactory(), case=case, category=tax.mass)
    marker = UserFactory(role=roles.REVIEWER)
    marked = mark_sentence(attempt=result, marker=marker, scores=FULL_MARKS, comment="表述再精炼。")
    assert marked.rubric_total == 7
    assert marked.marked_by == marker
    again = mark_sentence(attempt=result, marker=marker, scores={**FULL_MARKS, "wording_apt": 2})
    assert again.rubric_total == 9


def test_marking_is_refused_whole_without_the_permission_or_with_a_score_out_of_range():
    tax = taxonomy()
    result = attempt(user=UserFactory(), case=drill_case(categories=[tax.mass]), category=tax.mass)
    with pytest.raises(DrillError):
        mark_sentence(attempt=result, marker=UserFactory(role=roles.EDITOR), scores=FULL_MARKS)
    with pytest.raises(DrillError) as refused:
        mark_sentence(attempt=result, marker=UserFactory(role=roles.REVIEWER), scores={**FULL_MARKS, "wording_apt": 3})
    assert "表述恰当" in str(refused.value)
    result.refresh_from_db()
    assert not result.is_marked
    assert result.facts_clear is None


def test_reviewers_and_administrators_hold_the_marking_permission():
    permission = Permission.objects.get(codename="mark_drill_sentence")
    assert set(permission.group_set.values_list("name", flat=True)) == {roles.REVIEWER, roles.ADMINISTRATOR}


def test_a_persons_own_records_list_only_their_answers():
    from drills.api import personal_records

    tax = taxonomy()
    case = drill_case(categories=[tax.mass])
    user = UserFactory()
    attempt(user=user, case=case, category=tax.mass, sentence="我的定性。")
    attempt(user=UserFactory(), case=case, category=tax.mass, sentence="别人的定性。")
    (rows,) = personal_records(user=user).values()
    assert [row["定性表述"] for row in rows] == ["我的定性。"]


def test_anonymising_a_person_replaces_their_sentences_and_keeps_the_scores():
    from drills.api import anonymise_person_data

    tax = taxonomy()
    case = drill_case(categories=[tax.mass])
    user, other = UserFactory(), UserFactory()
    mine = attempt(user=user, case=case, category=tax.integrity, sentence="我的定性。")
    theirs = attempt(user=other, case=case, category=tax.mass, sentence="别人的定性。")
    assert anonymise_person_data(user=user, placeholder="（已匿名）") == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.sentence, mine.category_result) == ("（已匿名）", CategoryResult.PARTIAL)
    assert theirs.sentence == "别人的定性。"
