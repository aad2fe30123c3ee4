"""courses.services.record_completion called directly: one row per (user, item), the first date kept, the race."""

import datetime
import sqlite3
import threading
from unittest import mock

import pytest
from django.db import IntegrityError, connection, connections
from django.utils import timezone

from courses.models import CompletionRecord, ItemKind
from courses.services import record_completion
from tests.factories import UserFactory

# Cases and guides: recording them touches nothing but the completion record (lessons and
# articles also announce the articles studied to the review queue, tested with it).
ITEM_ID = 4242


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now().replace(microsecond=0) - datetime.timedelta(days=days)


@pytest.mark.django_db
def test_recording_again_keeps_the_first_date_and_the_one_row():
    user = UserFactory()
    first_time, second_time = _days_ago(3), _days_ago(1)

    first, created_first = record_completion(user=user, kind=ItemKind.CASE, item_id=ITEM_ID, when=first_time)
    again, created_again = record_completion(user=user, kind=ItemKind.CASE, item_id=ITEM_ID, when=second_time)

    assert (created_first, created_again) == (True, False)
    assert again.pk == first.pk
    assert again.completed_at == first_time
    stored = CompletionRecord.objects.get(user=user, kind=ItemKind.CASE, item_id=ITEM_ID)
    assert stored.completed_at == first_time
    assert CompletionRecord.objects.count() == 1


@pytest.mark.django_db
def test_each_user_and_each_kind_of_item_has_its_own_row():
    """The row is per (user, kind, item): the same id under another kind, or another person, is another row."""
    user, colleague = UserFactory(), UserFactory()

    own_case, created_case = record_completion(user=user, kind=ItemKind.CASE, item_id=ITEM_ID)
    own_guide, created_guide = record_completion(user=user, kind=ItemKind.GUIDE, item_id=ITEM_ID)
    colleagues_case, created_colleague = record_completion(user=colleague, kind=ItemKind.CASE, item_id=ITEM_ID)

    assert created_case and created_guide and created_colleague
    assert len({own_case.pk, own_guide.pk, colleagues_case.pk}) == 3
    assert set(CompletionRecord.objects.values_list("user_id", "kind", "item_id")) == {
        (user.pk, ItemKind.CASE.value, ITEM_ID),
        (user.pk, ItemKind.GUIDE.value, ITEM_ID),
        (colleague.pk, ItemKind.CASE.value, ITEM_ID),
    }


@pytest.mark.django_db
def test_without_a_date_the_record_is_dated_now():
    user = UserFactory()
    before = timezone.now()
    record, created = record_completion(user=user, kind=ItemKind.GUIDE, item_id=ITEM_ID)
    after = timezone.now()
    assert created
    assert before <= record.completed_at <= after
    assert CompletionRecord.objects.get(pk=record.pk).completed_at == record.completed_at


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["exam", "", "Lesson", "lessons"])
def test_an_unknown_kind_is_refused_and_nothing_is_written(kind):
    user = UserFactory()
    with pytest.raises(ValueError, match="unknown completion kind"):
        record_completion(user=user, kind=kind, item_id=ITEM_ID)
    assert not CompletionRecord.objects.exists()


@pytest.mark.django_db
def test_losing_the_insert_to_a_concurrent_request_returns_that_requests_row():
    """The service's own IntegrityError fallback, made deterministic.

    The other request's row is in place (committed before ours reached the database), and our
    get_or_create is refused by the unique constraint. The row cannot be inserted from inside the
    patched get_or_create: record_completion runs it in a savepoint that the IntegrityError rolls back.
    """
    user = UserFactory()
    theirs = CompletionRecord.objects.create(user=user, kind=ItemKind.CASE, item_id=ITEM_ID, completed_at=_days_ago(2))
    refused = IntegrityError("UNIQUE constraint failed: courses_completionrecord.user_id, kind, item_id")

    with mock.patch.object(CompletionRecord.objects, "get_or_create", side_effect=refused) as get_or_create:
        record, created = record_completion(user=user, kind=ItemKind.CASE, item_id=ITEM_ID, when=_days_ago(0))

    get_or_create.assert_called_once()
    assert created is False
    assert record.pk == theirs.pk
    assert record.completed_at == theirs.completed_at
    assert CompletionRecord.objects.count() == 1


@pytest.fixture
def concurrently(tmp_path):
    """Run callables in threads released together by a barrier, each thread with a database connection of its own.

    On PostgreSQL (DATABASE_URL) the threads use the test database itself. The SQLite test database
    is in memory with a shared cache, where a second writer gets "database table is locked" at once
    instead of waiting; so on SQLite the threads use a file copy of it, taken at the first call, which
    behaves as a deployed SQLite database does (the project's WAL, BEGIN IMMEDIATE and busy timeout).
    Read the threads' results back through this helper too, so they come from the same database.
    """
    copy: dict = {}

    def thread_settings() -> dict | None:
        if "settings" not in copy:
            copy["settings"] = None
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                path = tmp_path / "concurrent.sqlite3"
                connection.ensure_connection()
                target = sqlite3.connect(path)
                try:
                    connection.connection.backup(target)
                finally:
                    target.close()
                copy["settings"] = {**connection.settings_dict, "NAME": str(path)}
        return copy["settings"]

    def run(*calls):
        settings = thread_settings()
        barrier = threading.Barrier(len(calls), timeout=30)
        results: list = [None] * len(calls)
        errors: list[BaseException] = []

        def work(slot, call):
            try:
                if settings:
                    connections["default"] = type(connections["default"])(settings, "default")
                connection.ensure_connection()
                barrier.wait()
                results[slot] = call()
            except BaseException as exc:  # re-raised in the test's thread below
                errors.append(exc)
                barrier.abort()
            finally:
                connection.close()

        threads = [threading.Thread(target=work, args=(slot, call)) for slot, call in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads), "a thread is still waiting for the database"
        if errors:
            raise errors[0]
        return results

    return run


# serialized_rollback: the flush after a transactional test re-creates content types and the root page,
# which the browser tests (serialized_rollback too) would then load a second time.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_recordings_of_the_same_item_leave_one_row_and_agree_on_it(concurrently):
    """A double tap: two requests record the same item at the same moment.

    On PostgreSQL both usually find no row and insert; the unique constraint refuses one and that
    request must come back with the other's row. On SQLite BEGIN IMMEDIATE makes the second wait for
    the first. Either way: one row, one created=True, and both callers hold that row and its date.
    """
    user = UserFactory()
    dates = [_days_ago(2), _days_ago(1)]

    def study(when):
        return lambda: record_completion(user=user, kind=ItemKind.CASE, item_id=ITEM_ID, when=when)

    results = concurrently(study(dates[0]), study(dates[1]))

    assert sorted(created for _record, created in results) == [False, True]
    [(winner, _), (loser, _)] = sorted(results, key=lambda result: not result[1])
    assert loser.pk == winner.pk
    winners_date = dates[[created for _record, created in results].index(True)]
    assert winner.completed_at == loser.completed_at == winners_date

    [rows] = concurrently(lambda: list(CompletionRecord.objects.filter(user=user).values("pk", "completed_at")))
    assert rows == [{"pk": winner.pk, "completed_at": winners_date}]
