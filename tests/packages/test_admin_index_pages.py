"""The imported-items list shows a county's whole library a hundred rows at a time."""

import pytest
from django.utils import timezone

from core.roles import EDITOR
from packages.models import ImportedItem
from tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


def _imported(n: int) -> None:
    ImportedItem.objects.bulk_create(
        ImportedItem(
            origin_code="00000000-0000-4000-8000-000000000001",
            origin_key=f"question:{i}",
            source_name="示例甲县巡察办",
            package_key="k",
            version=1,
            model="quizzes.question",
            object_id=i,
            title=f"示例试题{i:03d}",
            incoming_sha256="x",
            local_sha256="y",
            imported_at=timezone.now(),
        )
        for i in range(1, n + 1)
    )


def test_the_imported_items_are_listed_a_page_at_a_time(django_assert_max_num_queries):
    _imported(101)
    client = client_for(UserFactory(role=EDITOR))

    with django_assert_max_num_queries(25):
        first = client.get("/admin/packages/").content.decode()
    second = client.get("/admin/packages/?page=2").content.decode()

    assert first.count("示例试题") == 100 and "第 1 页，共 2 页" in first
    assert second.count("示例试题") == 1 and "示例试题001" in second
