"""Factories of the 脱敏 check: gazetteer entries and a reviewer's clearance."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from desensitisation.detect import FlagKind
from desensitisation.models import FlagClearance, PlaceName


class PlaceNameFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"青石{n}镇")

    class Meta:
        model = PlaceName


class FlagClearanceFactory(DjangoModelFactory):
    kind = FlagKind.PERSON_NAME
    text = "张建国"
    reason = "虚构的示例人名"
    cleared_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = FlagClearance
