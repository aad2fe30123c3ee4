"""Audit entries and the people who read them."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from audit.models import AuditCategory, AuditEntry
from core import roles
from tests.factories import UserFactory, client_for


def signed_in(user):
    """A client for this person, with the sign-in's own security entry removed: tests count what they cause."""
    client = client_for(user)
    AuditEntry.objects.filter(category=AuditCategory.SECURITY, actor=user).delete()
    return client


def auditor():
    """A 审计员: the role the audit app's migration lets into the log."""
    return UserFactory(role=roles.AUDITOR)


class AuditEntryFactory(DjangoModelFactory):
    at = factory.LazyFunction(timezone.now)
    category = AuditCategory.ACCESS
    action = "readiness.dashboard_viewed"
    actor = None
    actor_name = factory.LazyAttribute(lambda entry: entry.actor.get_username() if entry.actor else "")
    address = "10.0.0.1"

    class Meta:
        model = AuditEntry
