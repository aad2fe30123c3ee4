import pytest

from tests.citation_chain import old_edition, revise
from tests.revision_impact.factories import citing_items


@pytest.fixture
def revised(db):
    """The 2023 edition, one item of each kind citing it, then the 2025 revision published over it (so its
    impact list is built): (first, second, cited)."""
    first = old_edition()
    cited = citing_items(first)
    second = revise(first)
    return first, second, cited
