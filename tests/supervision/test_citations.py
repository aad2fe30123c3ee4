"""A point's articles in the revision impact list's shape (core.citing): listed by cited article, re-pointed."""

from __future__ import annotations

import pytest

from core.models import UnitType
from revision_impact.models import ItemKind
from revision_impact.sources import SOURCES
from supervision.models import SupervisionPointPage
from tests.factories import RegulationArticleFactory, UserFactory
from tests.supervision.factories import make_point

pytestmark = pytest.mark.django_db


def test_points_citing_an_article_are_listed_and_repointed_in_the_live_page():
    old, new, other = RegulationArticleFactory(), RegulationArticleFactory(), RegulationArticleFactory()
    point = make_point(title="依据要点", unit_types=[UnitType.objects.get(name="村")], articles=[old, other])
    source = SOURCES[ItemKind.SUPERVISION_POINT]

    items = source.citations_of(article_ids=[old.pk])
    assert [(i.kind, i.object_id, i.title, i.article_id) for i in items] == [
        (ItemKind.SUPERVISION_POINT, point.pk, "依据要点", old.pk)
    ]

    assert source.repoint(item_id=point.pk, old_article_id=old.pk, new_article_id=new.pk, user=UserFactory()) is True
    cited = set(SupervisionPointPage.objects.get(pk=point.pk).article_links.values_list("article_id", flat=True))
    assert cited == {new.pk, other.pk}
    assert source.citations_of(article_ids=[old.pk]) == []
