"""The list in the admin: who may open it, what a row shows, the actions (all POST), the admin home count."""

import pytest
from django.urls import reverse

from core import roles
from revision_impact.models import ImpactItem, ImpactStatus, ItemKind
from tests.citation_chain import article
from tests.factories import UserFactory, client_for
from tests.revision_impact.factories import impact_row

pytestmark = pytest.mark.django_db

LIST = "revision_impact_list"


@pytest.mark.parametrize("role", [roles.EDITOR, roles.REVIEWER, roles.ADMINISTRATOR])
def test_office_roles_open_the_list(revised, role):
    response = client_for(UserFactory(role=role)).get(reverse(LIST))
    assert response.status_code == 200
    html = response.content.decode()
    assert "修订影响清单" in html and "还有 8 项待核对" in html


@pytest.mark.parametrize(
    "role", [roles.TRAINEE, roles.SYSTEM_ADMINISTRATOR, roles.SECURITY_ADMINISTRATOR, roles.AUDITOR]
)
def test_trainees_and_the_three_separated_roles_get_no_access(revised, role):
    client = client_for(UserFactory(role=role))
    row = impact_row(ItemKind.CASE, 2)
    assert client.get(reverse(LIST)).status_code in (302, 403)
    for name, args in [
        ("revision_impact_repoint", [row.pk]),
        ("revision_impact_check", [row.pk]),
        ("revision_impact_repoint_all", []),
    ]:
        assert client.post(reverse(name, args=args)).status_code in (302, 403)
    assert ImpactItem.objects.filter(status=ImpactStatus.OPEN).count() == 8
    assert "修订影响" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_row_shows_the_old_and_new_text_with_the_inline_diff(revised, editor):
    html = client_for(editor).get(reverse(LIST)).content.decode()
    assert "巡察组应当在十个工作日内报告" in html  # the old text
    assert "巡察组应当在十<ins>五</ins>个工作日内报告" in html  # the text in force, the change marked
    assert "改指现行第三条" in html and "该条已在现行版本中删除" in html
    assert "用于测验：巡察程序测验" in html and "暂停抽取" in html
    # Open items come first; a removed article offers no re-point button.
    removed = impact_row(ItemKind.CASE, 4)
    assert reverse("revision_impact_repoint", args=[removed.pk]) not in html
    assert reverse("revision_impact_check", args=[removed.pk]) in html


def test_repointing_from_the_list_posts_and_comes_back(revised, editor):
    _first, second, cited = revised
    client = client_for(editor)
    row = impact_row(ItemKind.STUDY_PACK, 3)
    url = reverse("revision_impact_repoint", args=[row.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"back": reverse(LIST) + "?page=1"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(LIST) + "?page=1"
    assert "已改为引用现行条文" in response.content.decode()
    assert article(second, 4) in cited.pack.articles.all()
    assert ImpactItem.objects.get(pk=row.pk).status == ImpactStatus.REPOINTED


def test_a_removed_article_gets_a_chinese_refusal_then_is_checked_with_a_note(revised, editor):
    client = client_for(editor)
    row = impact_row(ItemKind.CASE, 4)
    response = client.post(reverse("revision_impact_repoint", args=[row.pk]), follow=True)
    assert "该条已在现行版本中删除，无法改指" in response.content.decode()
    response = client.post(reverse("revision_impact_check", args=[row.pk]), {"note": "已人工核对"}, follow=True)
    assert "已标记为已核对" in response.content.decode()
    row.refresh_from_db()
    assert row.status == ImpactStatus.CHECKED and row.check_note == "已人工核对"
    closed = client.get(reverse(LIST) + "?show=all").content.decode()
    assert "已人工核对" in closed


def test_repoint_all_from_the_list(revised, reviewer):
    response = client_for(reviewer).post(reverse("revision_impact_repoint_all"), follow=True)
    assert "已改指 3 项" in response.content.decode()
    assert ImpactItem.objects.filter(status=ImpactStatus.OPEN).count() == 5


def test_a_foreign_back_address_is_not_followed(revised, editor):
    row = impact_row(ItemKind.LESSON, 3)
    response = client_for(editor).post(
        reverse("revision_impact_check", args=[row.pk]), {"back": "https://example.com/"}
    )
    assert response["Location"] == reverse(LIST)


def test_the_open_count_is_on_the_admin_home(revised, editor):
    html = client_for(editor).get(reverse("wagtailadmin_home")).content.decode()
    assert "8 项修订影响待处理" in html and reverse(LIST) in html


def test_the_list_costs_the_same_queries_for_few_and_many_rows(revised, editor):
    client = client_for(editor)
    client.get(reverse(LIST))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(reverse(LIST))
    first = revised[0]
    from tests.revision_impact.test_build import _many_citing

    _many_citing(first, 10)
    from revision_impact.services import build_impact_list

    build_impact_list(edition=revised[1], touched_article_ids=[article(first, 2).pk, article(first, 4).pk])
    with CaptureQueriesContext(connection) as after:
        client.get(reverse(LIST))
    assert len(after.captured_queries) == len(before.captured_queries)
