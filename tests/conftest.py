import pytest
from django.test import Client

from core import roles
from tests.factories import UserFactory


@pytest.fixture
def trainee(db):
    return UserFactory(role=roles.TRAINEE)


@pytest.fixture
def editor(db):
    return UserFactory(role=roles.EDITOR)


@pytest.fixture
def reviewer(db):
    return UserFactory(role=roles.REVIEWER)


@pytest.fixture
def trainee_client(trainee) -> Client:
    client = Client()
    client.force_login(trainee)
    return client
