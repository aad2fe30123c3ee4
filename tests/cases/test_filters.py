"""The case library's filters: category (a parent includes its children), unit type, how found, with counts."""

import pytest
from django.test import Client

from cases.models import ProblemCategory
from cases.selectors import CaseFilter, filtered_cases
from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    DiscoveryMethodFactory,
    ProblemCategoryFactory,
    UnitTypeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    """Four cases over a small taxonomy, and one unpublished draft that must never show."""
    index = CaseIndexPageFactory()
    discipline = ProblemCategoryFactory(name="纪律大类", slug="discipline")
    integrity = ProblemCategoryFactory(name="廉洁", slug="integrity", parent=discipline)
    mass = ProblemCategoryFactory(name="群众", slug="mass", parent=discipline)
    leadership = ProblemCategoryFactory(name="领导", slug="leadership")
    village = UnitTypeFactory(name="村级", slug="vil")
    bureau = UnitTypeFactory(name="局级", slug="bur")
    interview = DiscoveryMethodFactory(name="谈话", slug="talk")
    records = DiscoveryMethodFactory(name="查账", slug="books")
    cases = {
        "village_integrity": CasePageFactory(
            parent=index,
            unit_type=village,
            classification__categories=[integrity],
            classification__discovery_methods=[interview, records],
        ),
        "village_mass": CasePageFactory(
            parent=index,
            unit_type=village,
            classification__categories=[mass],
            classification__discovery_methods=[records],
        ),
        "bureau_both": CasePageFactory(
            parent=index,
            unit_type=bureau,
            classification__categories=[integrity, leadership],
            classification__discovery_methods=[interview],
        ),
        "bureau_leadership": CasePageFactory(
            parent=index,
            unit_type=bureau,
            classification__categories=[leadership],
            classification__discovery_methods=[records],
        ),
    }
    CasePageFactory(
        parent=index,
        live=False,
        unit_type=village,
        classification__categories=[integrity],
        classification__discovery_methods=[interview],
    )
    return index, cases


def run(index, **filters):
    return filtered_cases(index_page=index, case_filter=CaseFilter(**filters))


def titles(result) -> set[str]:
    return {case.title for case in result["cases"]}


def names(cases, *keys) -> set[str]:
    return {cases[key].title for key in keys}


def facet(result, key, slug):
    for option in result[key]:
        if option.slug == slug:
            return option
        for child in option.children:
            if child.slug == slug:
                return child
    raise AssertionError(slug)


def test_no_filter_lists_every_live_case(library):
    index, cases = library
    assert titles(run(index)) == names(cases, *cases)


def test_parent_category_includes_cases_filed_under_its_children(library):
    index, cases = library
    assert titles(run(index, category="discipline")) == names(cases, "village_integrity", "village_mass", "bureau_both")
    assert titles(run(index, category="integrity")) == names(cases, "village_integrity", "bureau_both")


def test_unit_type_and_method_filters_combine(library):
    index, cases = library
    assert titles(run(index, unit_type="vil")) == names(cases, "village_integrity", "village_mass")
    assert titles(run(index, found="talk")) == names(cases, "village_integrity", "bureau_both")
    assert titles(run(index, category="leadership", found="books")) == names(cases, "bureau_leadership")
    assert titles(run(index, category="mass", unit_type="bur")) == set()


def test_counts_show_what_each_choice_would_leave(library):
    index, _ = library
    everything = run(index)
    # A case under two children of the same parent counts once for the parent.
    assert facet(everything, "category_facets", "discipline").count == 3
    assert facet(everything, "category_facets", "integrity").count == 2
    assert facet(everything, "category_facets", "leadership").count == 2
    assert facet(everything, "unit_type_facets", "vil").count == 2
    assert facet(everything, "found_facets", "books").count == 3

    in_villages = run(index, unit_type="vil")
    # Counts for the other facets narrow to villages; the unit-type facet itself does not.
    assert facet(in_villages, "category_facets", "leadership").count == 0
    assert facet(in_villages, "found_facets", "talk").count == 1
    assert facet(in_villages, "unit_type_facets", "bur").count == 2
    assert facet(in_villages, "unit_type_facets", "vil").selected


def test_unknown_filter_values_are_reported_not_applied(library):
    index, cases = library
    result = run(index, category="no-such-thing", unit_type="vil")
    assert result["invalid_filters"] == ["category"]
    assert titles(result) == names(cases, "village_integrity", "village_mass")


def test_index_page_filters_through_the_query_string(library, trainee_client: Client, django_assert_max_num_queries):
    index, cases = library
    with django_assert_max_num_queries(25):
        response = trainee_client.get(index.url, {"category": "integrity", "unit_type": "vil"})
    html = response.content.decode()
    assert response.status_code == 200
    assert cases["village_integrity"].title in html
    assert cases["bureau_both"].title not in html
    assert "共 1 个案例" in html
    assert "部分筛选条件无法识别" not in html
    assert "部分筛选条件无法识别" in trainee_client.get(index.url, {"found": "bogus"}).content.decode()


def test_index_page_query_count_does_not_grow_with_cases(library, trainee_client, django_assert_num_queries):
    index, _ = library
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    trainee_client.get(index.url)  # fills the caches (site root paths, header menu) a first request fills
    with CaptureQueriesContext(connection) as few:
        trainee_client.get(index.url)
    for _ in range(6):
        CasePageFactory(
            parent=index,
            classification__categories=[ProblemCategory.objects.get(slug="mass")],
            classification__discovery_methods=[],
        )
    trainee_client.get(index.url)  # new pages drop the cached header menu: the next request reads it again
    with CaptureQueriesContext(connection) as many:
        trainee_client.get(index.url)
    assert len(many) == len(few)


def test_seeded_taxonomy_has_the_required_categories():
    top = set(ProblemCategory.objects.filter(parent=None).values_list("name", flat=True))
    assert {"党的领导弱化", "党的建设缺失", "全面从严治党不力", "选人用人", "违反六项纪律", "整改落实"} <= top
    six = set(ProblemCategory.objects.filter(parent__name="违反六项纪律").values_list("name", flat=True))
    assert six == {"政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"}


def test_categories_are_at_most_two_levels_deep():
    from django.core.exceptions import ValidationError

    child = ProblemCategory.objects.get(name="廉洁纪律")
    grandchild = ProblemCategory(name="三级", slug="third", parent=child)
    with pytest.raises(ValidationError):
        grandchild.full_clean()


def test_categories_list_as_a_tree_with_children_after_their_parent():
    names = [c.name for c in ProblemCategory.objects.in_tree_order()]
    parent = names.index("违反六项纪律")
    assert names[parent + 1 : parent + 7] == ["政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"]
    assert names[0] == "党的领导弱化" and names[-1] == "整改落实"
