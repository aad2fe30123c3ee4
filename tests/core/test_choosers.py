"""Snippet choosers (core.choosers): every registered snippet's chooser opens for the people who edit content
and is refused to the 三员, who have no business with question texts, quiz or round names."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from core import roles
from core.choosers import ScopedSnippetChooserViewSet, may_choose
from quizzes.models import Question, QuestionCategory
from tests.factories import UserFactory, client_for
from tests.rounds.factories import InspectionRoundFactory

pytestmark = pytest.mark.django_db

SNIPPET_MODELS = sorted(get_snippet_models(), key=lambda model: model._meta.label)


def _chooser_urls(model) -> list[str]:
    namespace = model.snippet_viewset.get_chooser_admin_url_namespace()
    return [
        reverse(f"{namespace}:choose"),
        reverse(f"{namespace}:choose_results"),
        reverse(f"{namespace}:chosen", args=[1]),
        reverse(f"{namespace}:chosen_multiple") + "?id=1",
    ]


def _round_manager():
    manager = UserFactory(role=roles.EDITOR)
    inspection_round = InspectionRoundFactory()
    inspection_round.managers.add(manager)
    inspection_round.save()
    return manager


def test_every_registered_snippet_has_the_scoped_chooser():
    assert len(SNIPPET_MODELS) > 10
    for model in SNIPPET_MODELS:
        assert isinstance(model.snippet_viewset.chooser_viewset, ScopedSnippetChooserViewSet), model


@pytest.mark.parametrize("role", roles.SEPARATED_ROLES)
def test_the_three_administrators_get_403_from_every_snippet_chooser(role):
    client = client_for(UserFactory(role=role))
    for model in SNIPPET_MODELS:
        for url in _chooser_urls(model):
            assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", [roles.EDITOR, roles.REVIEWER, roles.ADMINISTRATOR, "round manager"])
def test_the_office_opens_every_snippet_chooser(role):
    person = _round_manager() if role == "round manager" else UserFactory(role=role)
    client = client_for(person)
    for model in SNIPPET_MODELS:
        namespace = model.snippet_viewset.get_chooser_admin_url_namespace()
        for name in ("choose", "choose_results"):
            assert client.get(reverse(f"{namespace}:{name}")).status_code == 200, (model, name)


def test_a_chosen_object_is_returned_to_the_office_and_not_named_to_an_auditor():
    category = QuestionCategory.objects.create(name="纪律审查要点")
    url = reverse(f"{QuestionCategory.snippet_viewset.get_chooser_admin_url_namespace()}:chosen", args=[category.pk])
    office = client_for(UserFactory(role=roles.EDITOR)).get(url)
    assert office.status_code == 200 and office.json()["result"]["string"] == "纪律审查要点"
    auditor = client_for(UserFactory(role=roles.AUDITOR)).get(url)
    assert auditor.status_code == 403 and "纪律审查要点" not in auditor.content.decode()
    assert "application/json" not in auditor.get("Content-Type", "")


def test_one_permission_on_the_model_is_enough_and_none_is_refused():
    admin_user = UserFactory(role=roles.AUDITOR)  # in the admin, no content permission
    assert not may_choose(user=admin_user, model=QuestionCategory)
    admin_user.user_permissions.add(Permission.objects.get(codename="change_questioncategory"))
    admin_user = type(admin_user).objects.get(pk=admin_user.pk)  # fresh permission cache
    assert may_choose(user=admin_user, model=QuestionCategory)
    # Holding an edit permission on one snippet counts as editing content: its other choosers open too.
    assert may_choose(user=admin_user, model=Question)
    assert not may_choose(user=UserFactory(role=roles.TRAINEE), model=QuestionCategory)
