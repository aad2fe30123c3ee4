"""The check page in the admin: who may open it, clearing from it, the header button and the save warning."""

import html

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from core import roles
from desensitisation.models import FlagClearance
from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    DiscoveryMethodFactory,
    ProblemCategoryFactory,
    UserFactory,
    client_for,
)

pytestmark = pytest.mark.django_db
CHECK = "desensitisation_page_check"


@pytest.fixture
def case():
    page = CasePageFactory(parent=CaseIndexPageFactory(), facts="<p>局长李建国收受现金4.2万元。</p>")
    page.save_revision()
    return page


def test_an_editor_sees_the_flags_grouped_with_the_match_marked(case, editor):
    response = client_for(editor).get(reverse(CHECK, args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "发现 2 处疑似未脱敏内容，其中 0 处已由审核人员确认" in body
    assert "<mark>李建国</mark>" in body and "<mark>4.2万元</mark>" in body
    assert "基本事实（已脱敏）" in body
    assert reverse("wagtailadmin_pages:edit", args=[case.pk]) in body
    assert 'name="reason"' not in body  # an editor may not clear
    assert "style=" not in body.split("<main", 1)[-1]


def test_a_get_writes_nothing(case, reviewer):
    client_for(reviewer).get(reverse(CHECK, args=[case.pk]))
    assert not FlagClearance.objects.exists()


@pytest.mark.parametrize(
    "role", [roles.TRAINEE, roles.SYSTEM_ADMINISTRATOR, roles.SECURITY_ADMINISTRATOR, roles.AUDITOR]
)
def test_people_who_may_not_edit_the_page_are_refused(case, role):
    client = client_for(UserFactory(role=role))
    assert client.get(reverse(CHECK, args=[case.pk])).status_code in (302, 403, 404)
    response = client.post(
        reverse("desensitisation_clear", args=[case.pk]), {"kind": "person_name", "text": "李建国", "reason": "x"}
    )
    assert response.status_code in (302, 403, 404)
    assert not FlagClearance.objects.exists()


def test_an_unknown_page_is_404(editor):
    assert client_for(editor).get(reverse(CHECK, args=[999999])).status_code == 404


def test_a_reviewer_clears_and_withdraws_from_the_page(case, reviewer):
    client = client_for(reviewer)
    url = reverse(CHECK, args=[case.pk])
    assert 'name="reason"' in client.get(url).content.decode()
    response = client.post(
        reverse("desensitisation_clear", args=[case.pk]),
        {"kind": "person_name", "text": "李建国", "reason": "虚构的示例人名"},
        follow=True,
    )
    body = response.content.decode()
    assert "其中 1 处已由审核人员确认" in body and "虚构的示例人名" in body
    clearance = FlagClearance.objects.get()
    client.post(reverse("desensitisation_withdraw", args=[case.pk]), {"clearance": clearance.pk})
    assert not FlagClearance.objects.exists()


def test_a_clear_without_a_reason_says_why_and_writes_nothing(case, reviewer):
    response = client_for(reviewer).post(
        reverse("desensitisation_clear", args=[case.pk]),
        {"kind": "person_name", "text": "李建国", "reason": ""},
        follow=True,
    )
    assert "请说明理由" in html.unescape(response.content.decode())
    assert not FlagClearance.objects.exists()


def test_the_page_editor_links_to_the_check(case, editor):
    body = client_for(editor).get(reverse("wagtailadmin_pages:edit", args=[case.pk])).content.decode()
    assert reverse(CHECK, args=[case.pk]) in body


def _case_form(page, facts: str) -> dict:
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "unit_type": page.unit_type_id,
            "tags": "",
            "facts": rich_text(facts),
            "characterisation": page.characterisation,
            "characterisation_basis": rich_text("依据。"),
            "rectification": rich_text(""),
            "inspection_tips": rich_text(""),
            "article_links": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data["categories"] = [ProblemCategoryFactory().pk]
    data["discovery_methods"] = [DiscoveryMethodFactory().pk]
    return data


def test_saving_a_page_with_uncleared_flags_warns_with_the_count_and_a_link(case, editor):
    client = client_for(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[case.pk])
    response = client.post(edit_url, _case_form(case, "会计刘芳虚报冒领，电话13812345678。"), follow=True)
    shown = [html.unescape(str(message)) for message in response.context["messages"]]
    warnings = [message for message in shown if "疑似未脱敏" in message]
    assert response.redirect_chain, response.context["form"].errors
    assert len(warnings) == 1 and "2 处" in warnings[0]
    assert reverse(CHECK, args=[case.pk]) in warnings[0]


def test_saving_a_clean_page_gives_no_warning(case, editor):
    response = client_for(editor).post(
        reverse("wagtailadmin_pages:edit", args=[case.pk]), _case_form(case, "某局会计张某虚报冒领。"), follow=True
    )
    assert not [message for message in response.context["messages"] if "疑似未脱敏" in str(message)]
