"""The reminders a person was sent reach their own export; anonymising deletes them (they only stop repeats)."""

import pytest
from django.utils import timezone

from privacy.selectors import personal_data
from privacy.services import anonymise_person
from reminders.models import DigestSent, ReminderSent
from tests.factories import UserFactory
from tests.rounds.factories import InspectionRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    inspection_round = InspectionRoundFactory(name="示例轮次")
    person, manager = UserFactory(), UserFactory()
    reminder = ReminderSent.objects.create(
        user=person,
        round=inspection_round,
        key="ack:recusal",
        week="2026-W49",
        text="请签署回避申报",
        sent_at=timezone.now(),
    )
    DigestSent.objects.create(
        round=inspection_round, manager=manager, week="2026-W49", members_behind=3, sent_at=timezone.now()
    )
    return reminder, manager


def test_own_export_lists_reminders_and_digests_of_that_person_only(sent):
    reminder, manager = sent
    rows = personal_data(user=reminder.user)["已发送的提醒"]
    assert [list(row.values())[:2] for row in rows] == [["示例轮次", "请签署回避申报"]]
    digest_rows = personal_data(user=manager)["已发送的提醒"]
    assert len(digest_rows) == 1 and "3" in list(digest_rows[0].values())[1]
    assert personal_data(user=UserFactory())["已发送的提醒"] == []


def test_anonymising_deletes_the_persons_reminders(sent):
    reminder, _manager = sent
    changed = anonymise_person(subject=reminder.user, actor=UserFactory())
    assert changed["reminders_sent"] == 1
    assert not ReminderSent.objects.filter(pk=reminder.pk).exists()
    assert DigestSent.objects.count() == 1
