import datetime

import pytest

from tests.reviews.support import second


@pytest.fixture
def seconded(trainee):
    """The trainee is seconded until 30 June 2025 (the fixed clock's NOW is 3 March 2025)."""
    second(trainee, ends_on=datetime.date(2025, 6, 30))
    return trainee
