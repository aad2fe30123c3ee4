"""Bench: publishing a revision of a 300-article regulation cited by 100 and by 500 items builds the
revision impact list (修订影响清单) in under 5 s, with a query count that does not grow with the items.

Run: DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/revision_impact.py
It builds a throwaway SQLite database (migrated from scratch), so it touches nothing of yours.
The items are split across the five citing kinds: cases, questions, lessons, upcoming evenings, study packs.
Timed: the whole publication of the revision (succession, the event, the list), and the list alone.
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django
from django.conf import settings

_tmp = tempfile.mkdtemp(prefix="bench-impact-")
settings.DATABASES["default"]["NAME"] = os.path.join(_tmp, "bench.sqlite3")
settings.DATABASES["default"].pop("TEST", None)
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

ARTICLES = 300


def _text(edition: int) -> str:
    """Edition 1, or its revision: every third article reworded, every tenth removed (the rest move up)."""
    from regulations.numerals import article_label

    texts = []
    for n in range(1, ARTICLES + 1):
        if edition == 2 and n % 10 == 0:
            continue
        days = n % 20 + (15 if edition == 2 and n % 3 == 0 else 5)
        texts.append(f"巡察组第{n}项工作应当在{days}个工作日内完成并报告情况。")
    return "".join(f"{article_label(i)}　{text}\n" for i, text in enumerate(texts, 1))


def run(items: int) -> tuple[float, float, int, int, int, int]:
    from cases.models import CaseArticleLink
    from regulations.models import RegulationArticle
    from regulations.services import import_regulation
    from revision_impact.models import ImpactItem
    from revision_impact.services import build_impact_list
    from tests.factories import CasePageFactory
    from tests.quizzes.factories import QuestionFactory
    from tests.revision_impact.factories import case_index
    from tests.rounds.factories import LessonPageFactory, StudyPackFactory
    from tests.studysessions.factories import StudySeriesFactory, evening

    first = import_regulation(source=_text(1).encode(), filename="x.txt", title=f"基准办法{items}（旧）", publish=True)
    articles = list(RegulationArticle.objects.filter(regulation=first).order_by("number"))
    parent = case_index()
    start = timezone.localtime() + datetime.timedelta(days=1)
    start = start.replace(hour=19, minute=30, second=0, microsecond=0)
    weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][start.weekday()]
    series = StudySeriesFactory(first_date=start.date(), weekdays=weekday)
    for i in range(items):
        cited = articles[(i * 7) % ARTICLES]
        kind = i % 5
        if kind == 0:
            CaseArticleLink.objects.create(case=CasePageFactory(parent=parent), article=cited, sort_order=0)
        elif kind == 1:
            QuestionFactory().articles.add(cited)
        elif kind == 2:
            LessonPageFactory(body=[("article", {"article": cited, "note": ""})])
        elif kind == 3:
            session = evening(
                series,
                start + datetime.timedelta(weeks=i // 5),
                agenda=[("articles", {"regulation": first, "first": cited.number, "last": cited.number})],
            )
            assert session.pk
        else:
            pack = StudyPackFactory()
            pack.articles.add(cited)
            pack.save()
    ImpactItem.objects.all().delete()
    started = time.perf_counter()
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as publishing:
        second = import_regulation(
            source=_text(2).encode(), filename="x.txt", title=f"基准办法{items}（新）", revises=first, publish=True
        )
    whole = time.perf_counter() - started
    rows = ImpactItem.objects.filter(edition=second).count()
    old = RegulationArticle.objects.filter(regulation=first)
    touched = list(old.exclude(change_to_current="unchanged").values_list("pk", flat=True))
    ImpactItem.objects.filter(edition=second).delete()
    started = time.perf_counter()
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as building:
        build_impact_list(edition=second, touched_article_ids=touched)
    alone = time.perf_counter() - started
    assert ImpactItem.objects.filter(edition=second).count() == rows
    inserts = sum(1 for q in building.captured_queries if q["sql"].lstrip().upper().startswith("INSERT"))
    return whole, alone, len(publishing.captured_queries), len(building.captured_queries) - inserts, inserts, rows


def main() -> None:
    settings.DEBUG = True
    call_command("migrate", verbosity=0)
    run(10)  # warm up: the first publication loads the search index and dictionary
    results = [(items, *run(items)) for items in (100, 500)]
    print(
        f"{'items':>6} {'rows':>6} {'publish s':>10} {'publish queries':>16} {'list s':>8} {'list reads':>11}"
        f" {'list INSERTs':>13}"
    )
    for items, whole, alone, publish_queries, reads, inserts, rows in results:
        print(f"{items:>6} {rows:>6} {whole:>10.2f} {publish_queries:>16} {alone:>8.2f} {reads:>11} {inserts:>13}")
    print("list reads: the same for any number of items; INSERTs: bulk_create batches (SQLite puts at most")
    print("999 parameters in one statement, so about 76 rows each; PostgreSQL 500).")


if __name__ == "__main__":
    main()
