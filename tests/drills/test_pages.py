"""The drill pages: the drill shows only the facts before the answer, the search keeps what was entered, results
are their owner's, the confusion view counts, a round's view is scoped and names nobody, and marking goes
through the admin queue."""

import re

import pytest
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase

from audit.models import AuditEntry
from core import roles
from core.models import HomePage
from drills.models import DrillAttempt, DrillIndexPage
from tests.drills.factories import DrillIndexPageFactory, articles, attempt, drill_case, taxonomy
from tests.factories import CaseIndexPageFactory, UnitTypeFactory, UserFactory, client_for
from tests.rounds.factories import InspectionRoundFactory, InspectionTeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

CHARACTERISATION = "定性：违反群众纪律，优亲厚友的秘密答案。"
BASIS = "依据某办法第九条的秘密依据。"


@pytest.fixture
def tax():
    return taxonomy()


@pytest.fixture
def case(tax):
    (article,) = articles(1, text="村干部应当公开公正评定低保。")
    return drill_case(
        categories=[tax.mass],
        articles=[article],
        title="C村低保评定优亲厚友问题",
        summary="低保评定优亲厚友",
        facts="<p>某村将三户干部亲属纳入低保。</p>",
        characterisation=CHARACTERISATION,
        characterisation_basis=f"<p>{BASIS}</p>",
    )


@pytest.fixture
def trainee():
    return UserFactory(role=roles.TRAINEE)


def test_the_drill_page_shows_the_facts_and_never_the_answer(case, trainee):
    page = client_for(trainee).get(reverse("drills:drill", args=[case.pk])).content.decode()
    assert "某村将三户干部亲属纳入低保。" in page
    assert case.unit_type.name in page
    assert 'data-testid="training-material-notice"' in page
    for secret in (CHARACTERISATION, BASIS, case.title, case.summary, "优亲厚友", "第九条"):
        assert secret not in page
    # Every category is offered (so none is singled out as the case's), as a radio button.
    assert page.count('name="category"') >= 4


def test_an_unpublished_case_is_no_drill(case, trainee):
    case.unpublish()
    assert client_for(trainee).get(reverse("drills:drill", args=[case.pk])).status_code == 404


def test_searching_by_article_number_keeps_the_answer_and_offers_tick_boxes(case, tax, trainee):
    article = case.article_links.first().article
    response = client_for(trainee).post(
        reverse("drills:drill", args=[case.pk]),
        {
            "token": "6f1e7a4c-8a5e-4c59-9f6e-1c2b3d4e5f60",
            "category": tax.integrity.pk,
            "sentence": "我的半句定性",
            "q": f"第{article.label[1:-1]}条" if article.label.startswith("第") else article.label,
            "action": "search",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not DrillAttempt.objects.exists()  # a search writes nothing
    assert f'name="articles" value="{article.pk}"' in page
    assert 'value="我的半句定性"' in page
    assert re.search(rf'value="{tax.integrity.pk}"\s+checked', page)


def test_submitting_scores_redirects_to_a_result_only_its_owner_sees(case, tax, trainee):
    article = case.article_links.first().article
    client = client_for(trainee)
    response = client.post(
        reverse("drills:drill", args=[case.pk]),
        {
            "token": "6f1e7a4c-8a5e-4c59-9f6e-1c2b3d4e5f61",
            "category": tax.integrity.pk,
            "articles": [article.pk],
            "sentence": "违反廉洁纪律。",
            "action": "submit",
        },
    )
    attempt_ = DrillAttempt.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("drills:result", args=[attempt_.pk])
    result = client.get(response.url).content.decode()
    assert CHARACTERISATION in result and BASIS in result
    assert "违反廉洁纪律。" in result
    assert "部分正确" in result
    for other in (UserFactory(role=roles.TRAINEE), UserFactory(role=roles.ADMINISTRATOR)):
        assert client_for(other).get(response.url).status_code == 404


def test_a_refused_answer_is_shown_again_with_the_reason(case, tax, trainee):
    response = client_for(trainee).post(
        reverse("drills:drill", args=[case.pk]),
        {"token": "6f1e7a4c-8a5e-4c59-9f6e-1c2b3d4e5f62", "category": tax.mass.pk, "sentence": " ", "action": "submit"},
    )
    assert response.status_code == 200
    assert "一句话" in response.content.decode()
    assert not DrillAttempt.objects.exists()


def test_the_list_groups_drills_by_unit_type_with_the_last_result_in_few_queries(
    tax, trainee, django_assert_max_num_queries
):
    index = DrillIndexPageFactory()
    cases_index = CaseIndexPageFactory()
    unit = UnitTypeFactory(name="测试乡镇")
    first = drill_case(categories=[tax.mass], index=cases_index, unit_type=unit, title="不应出现的标题")
    attempt(user=trainee, case=first, category=tax.leadership)
    client = client_for(trainee)
    with django_assert_max_num_queries(40) as small:
        page = client.get(index.url).content.decode()
    assert "测试乡镇" in page and "不应出现的标题" not in page
    assert "错误" in page
    for _ in range(8):
        other = drill_case(categories=[tax.integrity], index=cases_index, unit_type=UnitTypeFactory())
        attempt(user=trainee, case=other, category=tax.integrity)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(index.url)


def test_the_confusion_view_counts_right_category_against_chosen(tax, trainee):
    DrillIndexPageFactory()
    articles_ = articles(2)
    index = CaseIndexPageFactory()
    mass_case = drill_case(categories=[tax.mass], articles=articles_, index=index)
    attempt(user=trainee, case=mass_case, category=tax.integrity)
    attempt(user=trainee, case=mass_case, category=tax.integrity, article_ids=[articles_[0].pk])
    attempt(user=trainee, case=mass_case, category=tax.mass)
    attempt(user=UserFactory(), case=mass_case, category=tax.leadership)  # someone else's
    page = client_for(trainee).get(reverse("drills:mine")).content.decode()
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(\d+)</td>", page)
    assert rows == [(str(tax.mass), str(tax.integrity), "2")]
    assert f"?category={tax.mass.slug}" in page
    # The second article was missed in all three answers, the first in two.
    missed = page.split('data-testid="missed-articles"')[1]
    assert "漏选 3 次" in missed and "漏选 2 次" in missed


def test_a_rounds_weak_categories_for_its_readers_only_without_names(tax):
    inspection_round = InspectionRoundFactory()
    team = InspectionTeamFactory(round=inspection_round)
    members = [TeamMemberFactory(team=team, user=UserFactory(first_name=f"组员{n}")).user for n in range(2)]
    outsider = UserFactory(first_name="局外人")
    index = CaseIndexPageFactory()
    mass_case = drill_case(categories=[tax.mass], index=index)
    lead_case = drill_case(categories=[tax.leadership], index=index)
    attempt(user=members[0], case=mass_case, category=tax.mass)
    attempt(user=members[1], case=mass_case, category=tax.integrity)
    attempt(user=members[1], case=lead_case, category=tax.leadership)
    attempt(user=outsider, case=lead_case, category=tax.mass)
    manager = UserFactory(role=roles.TRAINEE)
    inspection_round.managers.add(manager)
    inspection_round.save()  # a parental many-to-many is written with its round
    url = reverse("drills:round", args=[inspection_round.pk])

    page = client_for(manager).get(url).content.decode()
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td><td>(\d+)%</td><td>(\d+)%</td><td>(\d+)%</td>', page)
    assert rows == [(tax.discipline.name, "2", "50", "50", "0"), (tax.leadership.name, "1", "100", "0", "0")]
    assert "组员" not in page and "局外人" not in page
    mine = client_for(manager).get(reverse("drills:mine")).content.decode()
    assert mine.count(url) == 1  # once, in the page's body
    assert re.search(r"<title>\s*我的定性练习 · 巡察学堂\s*</title>", mine)
    assert url not in client_for(members[0]).get(reverse("drills:mine")).content.decode()
    assert client_for(UserFactory(role=roles.ADMINISTRATOR)).get(url).status_code == 200
    for reader in (members[0], UserFactory(role=roles.REVIEWER)):
        assert client_for(reader).get(url).status_code == 404


def test_marking_through_the_admin_queue(case, tax, trainee):
    result = attempt(user=trainee, case=case, category=tax.mass, sentence="违反群众纪律，优亲厚友。")
    marker = UserFactory(role=roles.REVIEWER)
    client = client_for(marker)
    queue = client.get(reverse("drills_marking")).content.decode()
    assert reverse("drills_mark_sentence", args=[result.pk]) in queue
    mark_url = reverse("drills_mark_sentence", args=[result.pk])
    page = client.get(mark_url).content.decode()
    assert "违反群众纪律，优亲厚友。" in page
    entry = AuditEntry.objects.get(action="drills.sentence_marking_viewed")
    assert (entry.actor, entry.subject, entry.object_id) == (marker, trainee, str(result.pk))

    # A missing criterion saves nothing.
    incomplete = {"facts_clear": 2, "evidence_corroborated": 2, "basis_accurate": 1, "wording_apt": 2}
    assert client.post(mark_url, incomplete).status_code == 200
    result.refresh_from_db()
    assert not result.is_marked

    response = client.post(mark_url, {**incomplete, "circumstances_distinguished": 0, "comment": "情节区分不够。"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.rubric_total, result.marked_by) == (7, marker)
    assert mark_url not in client.get(reverse("drills_marking")).content.decode()
    # The trainee sees the marks.
    own = client_for(trainee).get(reverse("drills:result", args=[result.pk])).content.decode()
    assert "7 / 10" in own and "情节区分不够。" in own


def test_the_marking_pages_are_refused_without_the_permission(case, tax, trainee):
    result = attempt(user=trainee, case=case, category=tax.mass)
    editor = client_for(UserFactory(role=roles.EDITOR))
    # Wagtail answers a refused admin page by sending the person back to the admin's start page.
    for url in (reverse("drills_marking"), reverse("drills_mark_sentence", args=[result.pk])):
        response = editor.get(url)
        assert (response.status_code, response.url) == (302, "/admin/")
    assert not AuditEntry.objects.filter(action="drills.sentence_marking_viewed").exists()


class TestDrillIndexPage(WagtailPageTestCase):
    def test_one_section_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, DrillIndexPage)
        self.assertAllowedSubpageTypes(DrillIndexPage, set())
        self.assertEqual(DrillIndexPage.max_count, 1)

    def test_an_empty_library_says_so(self):
        index = DrillIndexPageFactory()
        page = client_for(UserFactory(role=roles.TRAINEE)).get(index.url).content.decode()
        self.assertIn("暂无练习", page)


def test_the_quizzes_marking_page_lists_the_sentences_waiting(case, tax, trainee):
    marker = UserFactory(role=roles.REVIEWER)
    queue = reverse("quizzes_marking")
    assert reverse("drills_marking") in client_for(marker).get(queue).content.decode()  # listed, 0 waiting
    attempt(user=trainee, case=case, category=tax.mass)
    page = client_for(marker).get(queue).content.decode()
    line = re.search(r'data-testid="other-marking-queue"><a href="([^"]+)">定性表述</a>：(\d+) 条待阅', page)
    assert line and line.groups() == (reverse("drills_marking"), "1")
