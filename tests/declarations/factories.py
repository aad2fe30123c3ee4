"""Factories for acknowledgement texts, agreements and recusal entries.

Migration 0002 seeds version 1 of both texts: tests that need another version make version 2 and up.
"""

import factory
from django.db.models import Max
from django.utils import timezone
from factory.django import DjangoModelFactory

from declarations.models import (
    Acknowledgement,
    AcknowledgementKind,
    AcknowledgementText,
    RecusalEntry,
    RelationKind,
    RoundDeclaration,
)
from tests.factories import UserFactory


def next_version(kind: str) -> int:
    return (AcknowledgementText.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0) + 1


class AcknowledgementTextFactory(DjangoModelFactory):
    """A new, current version of the kind (confidentiality unless told)."""

    kind = AcknowledgementKind.CONFIDENTIALITY
    version = factory.LazyAttribute(lambda o: next_version(o.kind))
    title = factory.LazyAttribute(lambda o: f"测试文本第{o.version}版")
    body = "第一条 测试条款。\n第二条 测试条款。"

    class Meta:
        model = AcknowledgementText


class AcknowledgementFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    text = factory.LazyFunction(
        lambda: AcknowledgementText.objects.filter(kind=AcknowledgementKind.CONFIDENTIALITY).order_by("-version")[0]
    )
    agreed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Acknowledgement


class RecusalEntryFactory(DjangoModelFactory):
    acknowledgement = factory.SubFactory(AcknowledgementFactory)
    relation = RelationKind.FORMER_WORKPLACE
    unit_name = factory.Sequence(lambda n: f"申报单位{n}")

    class Meta:
        model = RecusalEntry


class RoundDeclarationFactory(DjangoModelFactory):
    """A confirmation for a round of an existing agreement (give ``acknowledgement`` and ``inspection_round``)."""

    user = factory.LazyAttribute(lambda o: o.acknowledgement.user)
    kind = factory.LazyAttribute(lambda o: o.acknowledgement.text.kind)
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = RoundDeclaration
