"""The home page section, the round's reminders page (who may open it, its audit entry) and query counts."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEntry
from core import roles
from reminders.selectors import behind_in_round
from reminders.services import send_reminders
from tests.factories import UserFactory, client_for
from tests.reminders.factories import round_due_in, study

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_persons_items_under_the_next_step():
    _round, module, _lesson, [user] = round_due_in(-2)
    html = client_for(user).get("/").content.decode()
    assert html.index('data-testid="next-step"') < html.index('data-testid="reminders"')
    assert f'data-reminder="module:{module.pk}:overdue"' in html and "逾期" in html


def test_nothing_behind_shows_no_section_and_a_get_writes_nothing():
    _round, _module, lesson, [user] = round_due_in(5)
    study(user, lesson)
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert 'data-testid="reminders"' not in html
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert not [w for w in writes if "reminders_" in w]


def test_the_round_manager_sees_who_is_behind_and_who_was_reminded_and_it_is_audited():
    round_, _module, _lesson, [first, second] = round_due_in(5, members=2)
    second.email = ""
    second.save()
    manager = UserFactory(role=roles.ADMINISTRATOR)
    round_.managers.add(manager)
    round_.save()  # a ParentalManyToManyField writes on save
    send_reminders(now=timezone.now())
    assert len(mail.outbox) == 1
    html = client_for(manager).get(f"/reminders/rounds/{round_.pk}/").content.decode()
    assert "本周已提醒 1 人" in html
    assert html.count('data-testid="behind-row"') == 2
    assert "未发送" in html or "本周未邮件提醒" in html
    entry = AuditEntry.objects.get(action="reminders.round_viewed")
    assert set(entry.people.values_list("pk", flat=True)) == {first.pk, second.pk}


@pytest.mark.parametrize("role", [None, roles.TRAINEE, roles.EDITOR, roles.REVIEWER])
def test_anyone_but_its_managers_and_the_administrators_gets_a_404(role):
    round_, _module, _lesson, [member] = round_due_in(5)
    for user in (member, UserFactory(role=role)):
        assert client_for(user).get(f"/reminders/rounds/{round_.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action="reminders.round_viewed").exists()


def test_a_manager_of_another_round_gets_a_404():
    round_, *_rest = round_due_in(5)
    other, *_rest = round_due_in(5)
    manager = UserFactory(role=roles.TRAINEE)
    other.managers.add(manager)
    other.save()  # a ParentalManyToManyField writes on save
    assert client_for(manager).get(f"/reminders/rounds/{round_.pk}/").status_code == 404
    assert client_for(manager).get(f"/reminders/rounds/{other.pk}/").status_code == 200


def _selection_queries(round_) -> int:
    with CaptureQueriesContext(connection) as queries:
        found = behind_in_round(inspection_round=round_, today=timezone.localdate())
    assert found
    return len(queries)


def test_the_selection_reads_as_many_queries_for_5_members_as_for_50(django_assert_max_num_queries):
    small, *_rest = round_due_in(5, members=5, requires_recusal=True)
    large, *_rest = round_due_in(5, members=50, requires_recusal=True)
    _selection_queries(small)  # warm what is read once per process (content types, the site)
    small_count = _selection_queries(small)
    assert _selection_queries(large) == small_count
    with django_assert_max_num_queries(small_count):
        behind_in_round(inspection_round=large, today=timezone.localdate())


def test_the_round_page_reads_a_bounded_number_of_queries_for_5_and_50_members():
    counts = []
    for members in (5, 50):
        round_, *_rest = round_due_in(5, members=members)
        manager = UserFactory(role=roles.ADMINISTRATOR)
        round_.managers.add(manager)
        round_.save()  # a ParentalManyToManyField writes on save
        client = client_for(manager)
        client.get(f"/reminders/rounds/{round_.pk}/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/reminders/rounds/{round_.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
