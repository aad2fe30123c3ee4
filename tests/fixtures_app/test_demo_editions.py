"""The demo after its regulation was revised (示例): everything cites the edition in force except the open items
left on purpose for the revision's impact list (修订影响清单), which existed, citing the 2025 edition, when the
revision went in force; case prose names the numbers in force; the home page names the edition it links to."""

import re

import pytest
from django.db import transaction

from cases.models import CaseArticleLink, CasePage
from core.models import HomePage
from courses.models import LessonPage
from fixtures.demo.cases import CASES
from fixtures.demo.quizzes import QUESTIONS
from fixtures.demo.regulation import REGULATION
from fixtures.demo.regulation_revision import REVISION
from fixtures.loader import load_demo_content
from quizzes.models import Question
from regulations import events
from regulations.models import RegulationArticle, RegulationPage, RegulationStatus
from regulations.numerals import from_chinese
from reviews.models import ReviewCard
from rounds.models import StudyPack
from studysessions.models import StudySession
from tests.factories import client_for

OPEN_CASES = {d["slug"] for d in CASES if d.get("written_before_revision")}
OPEN_QUESTIONS = {d["stem"] for d in QUESTIONS if d.get("written_before_revision")}
PROSE_REFERENCE = re.compile(r"本办法((?:第[一二三四五六七八九十]+条[、和]?)+)")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for this module and roll it back afterwards (see test_demo_quizzes). Records what
    cited the articles the revision touched at the moment it went in force, as the impact list sees it."""
    seen = {}

    def listener(sender, edition, previous, touched_article_ids, **kwargs):
        seen["edition"] = edition.pk
        seen["cases"] = set(
            CaseArticleLink.objects.filter(article_id__in=touched_article_ids).values_list("case__slug", flat=True)
        )
        seen["questions"] = set(
            Question.objects.filter(articles__in=touched_article_ids).values_list("stem", flat=True)
        )
        seen["removed"] = set(
            CaseArticleLink.objects.filter(
                article_id__in=touched_article_ids, article__successor__isnull=True
            ).values_list("case__slug", flat=True)
        )

    events.edition_in_force.connect(listener, dispatch_uid="test_demo_editions")
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            load_demo_content()
            yield seen
            transaction.set_rollback(True)
    finally:
        events.edition_in_force.disconnect(dispatch_uid="test_demo_editions")


@pytest.fixture
def editions(demo, db):
    first = RegulationPage.objects.get(title=REGULATION["title"])
    in_force = RegulationPage.objects.get(title=REVISION["title"])
    assert first.status == RegulationStatus.REVISED and in_force.status == RegulationStatus.IN_FORCE
    return first, in_force


def _superseded(articles) -> set[int]:
    return {a.pk for a in articles if a.regulation.status != RegulationStatus.IN_FORCE}


def test_the_data_marks_one_case_and_one_question_as_left_open():
    assert OPEN_CASES == {"bureau-paper-rectification"}
    assert len(OPEN_QUESTIONS) == 1
    (case,) = [d for d in CASES if d["slug"] in OPEN_CASES]
    assert set(REVISION["remove"]) & set(case["articles"]), "the open case cites the article the revision deleted"
    (question,) = [d for d in QUESTIONS if d["stem"] in OPEN_QUESTIONS]
    assert set(REVISION["reword"]) & set(question["articles"]) == {34}, "it asks about the changed time limit"
    assert "十五个工作日" in question["explanation"]


def test_the_open_items_cited_the_touched_articles_when_the_revision_went_in_force(demo, editions):
    _first, in_force = editions
    assert demo["edition"] == in_force.pk
    assert demo["cases"] == OPEN_CASES
    assert demo["removed"] == OPEN_CASES
    assert demo["questions"] == OPEN_QUESTIONS


def test_only_the_open_items_cite_the_superseded_edition(editions):
    first, in_force = editions
    links = CaseArticleLink.objects.select_related("case", "article__regulation")
    old_links = [link for link in links if link.article.regulation_id != in_force.pk]
    assert {link.case.slug for link in old_links} == OPEN_CASES
    assert {link.article.regulation_id for link in old_links} == {first.pk}
    assert [link.article.change_to_current for link in old_links if link.article.number == 16] == ["removed"]

    questions = Question.objects.prefetch_related("articles__regulation")
    assert {q.stem for q in questions if _superseded(q.articles.all())} == OPEN_QUESTIONS
    (open_question,) = [q for q in questions if q.stem in OPEN_QUESTIONS]
    (article,) = open_question.articles.all()
    assert (article.regulation_id, article.number, article.change_to_current) == (first.pk, 34, "changed")
    assert "十五个工作日" in article.text and "二十个工作日" in article.current.text

    for lesson in LessonPage.objects.all():
        cited = [block.value["article"] for block in lesson.body if block.block_type == "article"]
        assert not _superseded(cited), lesson.slug
    for pack in StudyPack.objects.prefetch_related("articles__regulation"):
        assert pack.articles.exists() and not _superseded(pack.articles.all()), pack.title
    sessions = [s for s in StudySession.objects.all() if s.agenda]
    assert sessions
    for session in sessions:
        editions_named = {b.value["regulation"].pk for b in session.agenda if b.block_type == "articles"}
        assert editions_named == {in_force.pk}, session.pk
    cards = ReviewCard.objects.filter(article__isnull=False).select_related("article__regulation")
    assert cards.exists() and not _superseded(c.article for c in cards)


def _prose_numbers(case: CasePage) -> set[int]:
    prose = " ".join([case.characterisation, str(case.characterisation_basis), str(case.facts)])
    return {
        from_chinese(label)
        for run in PROSE_REFERENCE.findall(prose)
        for label in re.findall(r"第([一二三四五六七八九十]+)条", run)
    }


def test_case_prose_names_the_articles_the_case_cites(editions):
    """Prose and 相关条文 agree, so a case citing the edition in force names its numbers in its text."""
    cases = CasePage.objects.prefetch_related("article_links__article")
    assert cases.count() == len(CASES)
    for case in cases:
        cited = {link.article.number for link in case.article_links.all()}
        assert _prose_numbers(case) and _prose_numbers(case) <= cited, case.slug


@pytest.mark.parametrize(
    ("number", "words"),
    [(7, "如实反映情况"), (14, "村（社区）"), (15, "三资"), (16, "选人用人")],
)
def test_renumbered_articles_named_in_case_prose_say_what_the_cases_rely_on(editions, number, words):
    """The revision moved old 第六条–第十五条 one down: a case naming 第十五条 now means what was 第十四条."""
    _first, in_force = editions
    article = RegulationArticle.objects.get(regulation=in_force, number=number)
    assert words in article.text
    citing = CasePage.objects.filter(article_links__article=article).exclude(slug__in=OPEN_CASES)
    assert citing.exists()


def test_the_case_that_cited_the_deleted_article_now_cites_one_in_force(editions):
    _first, in_force = editions
    case = CasePage.objects.get(slug="health-centre-insurance-overbilling")
    assert {link.article.regulation_id for link in case.article_links.all()} == {in_force.pk}
    assert "第十六条" not in str(case.characterisation_basis)


def test_the_home_page_names_the_edition_in_force_from_the_page_it_links_to(editions, trainee):
    _first, in_force = editions
    home = HomePage.objects.get()
    linked = [block.value["page"] for block in home.start_steps if block.value["page"]]
    assert in_force.pk in {page.pk for page in linked}
    assert not any(REGULATION["title"] in block.value["text"] for block in home.start_steps)
    html = client_for(trainee).get("/").content.decode()
    assert REVISION["title"] in html and REGULATION["title"] not in html

    in_force.title = "某县党委巡察工作实施办法（2026年修订　示例　改名）"
    in_force.save_revision().publish()
    html = client_for(trainee).get("/").content.decode()
    assert "某县党委巡察工作实施办法（2026年修订　示例　改名）" in html


def test_loading_again_changes_no_citation(editions):
    def citations():
        return (
            sorted(CaseArticleLink.objects.values_list("case_id", "article_id")),
            sorted(Question.articles.through.objects.values_list("question_id", "regulationarticle_id")),
            Question.objects.count(),
            CasePage.objects.count(),
        )

    before = citations()
    assert load_demo_content().created == []
    assert citations() == before


def test_an_editor_finds_the_open_items_in_the_impact_list_after_the_demo_loads(editions):
    """The workflow an editor can try on the demo: the revision's list holds the open case and question, the
    question is kept out of quiz draws, and the admin home counts what is open."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from revision_impact.models import ImpactItem, ImpactStatus

    _first, in_force = editions
    rows = ImpactItem.objects.filter(edition=in_force, status=ImpactStatus.OPEN)
    assert {r.title for r in rows.filter(kind="case")} == set(
        CasePage.objects.filter(slug__in=OPEN_CASES).values_list("title", flat=True)
    )
    (question,) = Question.objects.filter(stem__in=OPEN_QUESTIONS)
    assert rows.filter(kind="question", object_id=question.pk).exists()
    assert question.withheld_from_draws
    editor = client_for(get_user_model().objects.get(username="bianji"))
    listing = editor.get(reverse("revision_impact_list")).content.decode()
    assert question.stem[:20] in listing and "该条已在现行版本中删除" in listing
    assert f"{rows.count()} 项修订影响待处理" in editor.get(reverse("wagtailadmin_home")).content.decode()
