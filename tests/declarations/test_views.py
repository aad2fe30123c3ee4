"""The trainee's pages, driven through the test client as a phone without JavaScript would."""

import pytest
from django.urls import reverse

from declarations import selectors, services
from declarations.models import Acknowledgement, AcknowledgementKind, AcknowledgementText, RecusalEntry
from tests.declarations.factories import AcknowledgementTextFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONFIDENTIALITY = AcknowledgementKind.CONFIDENTIALITY
RECUSAL = AcknowledgementKind.RECUSAL
INDEX = reverse("declarations:index")
CONFIDENTIALITY_URL = reverse("declarations:confidentiality")
RECUSAL_URL = reverse("declarations:recusal")


def recusal_post(rows=(), *, nothing=False, confirm=True, initial=0, total=None) -> dict:
    rows = list(rows)
    total = total if total is not None else max(len(rows), initial + 3)
    data = {
        "entries-TOTAL_FORMS": str(total),
        "entries-INITIAL_FORMS": str(initial),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(rows):
        data.update({f"entries-{index}-{field}": value for field, value in row.items()})
    if nothing:
        data["nothing_to_declare"] = "on"
    if confirm:
        data["confirm"] = "on"
    return data


def test_the_pages_need_a_login(client):
    for url in (INDEX, CONFIDENTIALITY_URL, RECUSAL_URL):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_the_list_shows_each_kind_and_what_is_missing(trainee_client, trainee, django_assert_max_num_queries):
    # Two queries are ours (texts, the person's agreements); the rest is session, user, site and menu.
    with django_assert_max_num_queries(10):
        page = trainee_client.get(INDEX)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="missing"') == 2
    assert CONFIDENTIALITY_URL in html and RECUSAL_URL in html
    services.agree(user=trainee, kind=CONFIDENTIALITY)
    statuses = {s.kind: s for s in trainee_client.get(INDEX).context["statuses"]}
    assert statuses[CONFIDENTIALITY].acknowledgement is not None
    assert statuses[RECUSAL].acknowledgement is None
    assert trainee_client.get(INDEX).content.decode().count('data-testid="agreed"') == 1


def test_signing_the_commitment(trainee_client, trainee):
    page = trainee_client.get(CONFIDENTIALITY_URL)
    text = selectors.current_text(CONFIDENTIALITY)
    assert page.status_code == 200 and text.title in page.content.decode()
    assert 'name="agree"' in page.content.decode()

    refused = trainee_client.post(CONFIDENTIALITY_URL, {})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not Acknowledgement.objects.exists()

    response = trainee_client.post(CONFIDENTIALITY_URL, {"agree": "on"})
    assert response.status_code == 302 and response.url == CONFIDENTIALITY_URL
    acknowledgement = Acknowledgement.objects.get(user=trainee)
    assert acknowledgement.text == text
    page = trainee_client.get(CONFIDENTIALITY_URL).content.decode()
    assert 'data-testid="agreed"' in page and acknowledgement.agreed_at.strftime("%Y") in page
    assert 'name="agree"' not in page
    # A second tap records nothing new.
    trainee_client.post(CONFIDENTIALITY_URL, {"agree": "on"})
    assert Acknowledgement.objects.get(user=trainee).agreed_at == acknowledgement.agreed_at


def test_a_new_version_asks_for_a_new_signature(trainee_client, trainee):
    services.agree(user=trainee, kind=CONFIDENTIALITY)
    AcknowledgementTextFactory(kind=CONFIDENTIALITY, title="保密承诺第二版")
    page = trainee_client.get(CONFIDENTIALITY_URL).content.decode()
    assert "保密承诺第二版" in page and 'data-testid="outdated"' in page and 'name="agree"' in page
    assert 'data-testid="outdated"' in trainee_client.get(INDEX).content.decode()
    trainee_client.post(CONFIDENTIALITY_URL, {"agree": "on"})
    assert selectors.current_acknowledgement(user=trainee, kind=CONFIDENTIALITY).text.version == 2


def test_declaring_ties_through_the_formset(trainee_client, trainee):
    page = trainee_client.get(RECUSAL_URL)
    assert page.status_code == 200
    assert len(page.context["formset"].forms) == 3
    rows = [
        {"relation": "relative", "person_name": "王五", "relationship": "配偶", "unit_name": "城关镇人民政府"},
        {},
        {"relation": "former_workplace", "unit_name": "县财政局", "position": "科员"},
    ]
    response = trainee_client.post(RECUSAL_URL, recusal_post(rows))
    assert response.status_code == 302
    acknowledgement = selectors.current_acknowledgement(user=trainee, kind=RECUSAL)
    assert [e.unit_name for e in acknowledgement.entries.all()] == ["城关镇人民政府", "县财政局"]

    page = trainee_client.get(RECUSAL_URL)
    html = page.content.decode()
    assert 'data-testid="declared-entries"' in html and "王五" in html and "县财政局" in html
    # The form starts from the declaration: two rows to edit, three empty ones.
    assert len(page.context["formset"].forms) == 5 and page.context["formset"].initial_form_count() == 2


def test_updating_replaces_the_entries(trainee_client, trainee):
    services.agree(
        user=trainee,
        kind=RECUSAL,
        entries=[
            {"relation": "former_workplace", "unit_name": "县财政局"},
            {"relation": "other", "unit_name": "某公司"},
        ],
    )
    rows = [
        {"relation": "former_workplace", "unit_name": "县财政局", "DELETE": "on"},
        {"relation": "other", "unit_name": "某某有限公司"},
        {"relation": "former_workplace", "unit_name": "县审计局"},
    ]
    trainee_client.post(RECUSAL_URL, recusal_post(rows, initial=2, total=5))
    assert list(RecusalEntry.objects.values_list("unit_name", flat=True)) == ["某某有限公司", "县审计局"]
    assert Acknowledgement.objects.filter(user=trainee).count() == 1


def test_nothing_to_declare(trainee_client, trainee):
    assert trainee_client.post(RECUSAL_URL, recusal_post(nothing=True)).status_code == 302
    acknowledgement = selectors.current_acknowledgement(user=trainee, kind=RECUSAL)
    assert acknowledgement.nothing_to_declare
    page = trainee_client.get(RECUSAL_URL)
    assert 'data-testid="nothing-declared"' in page.content.decode()
    assert page.context["form"].initial["nothing_to_declare"] is True


@pytest.mark.parametrize(
    ("rows", "nothing", "confirm", "error_rows"),
    [
        ([], False, True, []),  # neither ties nor the tick
        ([{"relation": "former_workplace", "unit_name": "县财政局"}], True, True, []),  # both
        ([{"relation": "former_workplace", "unit_name": "县财政局"}], False, False, []),  # not confirmed
        ([{}, {"relation": "relative", "unit_name": "城关镇"}], False, True, [1]),  # relative without a name
        ([{"position": "科员"}], False, True, [0]),  # no unit, no kind of tie
        ([{"relation": "bogus", "unit_name": "县财政局"}], False, True, [0]),
    ],
)
def test_refused_declarations_write_nothing_and_show_the_errors(trainee_client, rows, nothing, confirm, error_rows):
    response = trainee_client.post(RECUSAL_URL, recusal_post(rows, nothing=nothing, confirm=confirm))
    assert response.status_code == 200
    assert not Acknowledgement.objects.exists() and not RecusalEntry.objects.exists()
    formset, form = response.context["formset"], response.context["form"]
    assert [i for i, row in enumerate(formset.forms) if row.errors] == error_rows
    assert form.errors or error_rows
    assert 'class="message error"' in response.content.decode()
    # What was typed is kept.
    for row in rows:
        if row.get("unit_name"):
            assert f'value="{row["unit_name"]}"' in response.content.decode()


def test_one_trainee_never_sees_another_trainees_declarations(trainee_client, trainee):
    other = UserFactory()
    services.agree(user=other, kind=CONFIDENTIALITY)
    services.agree(
        user=other,
        kind=RECUSAL,
        entries=[{"relation": "relative", "person_name": "赵六", "relationship": "兄弟", "unit_name": "东风村"}],
    )
    for url in (INDEX, CONFIDENTIALITY_URL, RECUSAL_URL):
        html = trainee_client.get(url).content.decode()
        assert "赵六" not in html and "东风村" not in html and 'data-testid="agreed"' not in html
    trainee_client.post(RECUSAL_URL, recusal_post(nothing=True))
    assert RecusalEntry.objects.get().acknowledgement.user == other
    assert selectors.current_acknowledgement(user=other, kind=RECUSAL).entries.count() == 1


def test_a_kind_without_a_text_says_so(trainee_client):
    AcknowledgementText.objects.filter(kind=RECUSAL).delete()
    response = trainee_client.get(RECUSAL_URL)
    assert response.status_code == 200 and "formset" not in response.context
    assert trainee_client.post(RECUSAL_URL, recusal_post(nothing=True)).status_code == 200
    assert not Acknowledgement.objects.exists()
