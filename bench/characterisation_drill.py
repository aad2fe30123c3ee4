"""Benchmark: the 定性 drill's pages with a small and a large case library.

Builds, in a throwaway SQLite database, a library of 30 cases and one of 300 (each case under two categories,
the measured case linking 3 or 30 articles), a trainee who has answered a tenth of the drills, and one answer to
the measured case. Then times, several runs each with the Django test client: the drill list (定性练习), the
drill page, the drill page after an article search (第十二条), the result page and 我的定性练习; wall time, this
process's CPU time and the queries of each page. A query per case or per article would show as a count that
differs between the two libraries. Not a test: run it by hand.

    .venv/bin/python bench/characterisation_drill.py [--runs 15]
"""

import argparse
import os
import statistics
import time
import uuid

from throwaway_django import freeze_like_a_worker, setup_throwaway_django

SIZES = ((30, 3), (300, 30))  # (cases, articles the measured case links)


def build_library(*, cases: int, linked: int, trainee, tax, label: str):
    """A case index with ``cases`` drills; returns the drill index, the measured case and the trainee's answer."""
    from drills.services import submit_drill
    from tests.drills.factories import articles, drill_case
    from tests.factories import CaseIndexPageFactory, UnitTypeFactory

    index = CaseIndexPageFactory(slug=f"cases-{label}", title=f"案例库{label}")
    unit_types = [UnitTypeFactory() for _ in range(6)]
    linked_articles = articles(max(linked, 12), text="巡察组应当如实报告巡察情况。")
    subs = [tax.integrity, tax.mass]
    measured = drill_case(
        categories=[tax.mass, tax.leadership], articles=linked_articles[:linked], index=index, unit_type=unit_types[0]
    )
    for n in range(1, cases):
        case = drill_case(
            categories=[subs[n % 2], tax.leadership], index=index, unit_type=unit_types[n % len(unit_types)]
        )
        if n % 10 == 0:
            submit_drill(
                user=trainee,
                case=case,
                category_id=subs[(n + 1) % 2].pk,
                article_ids=[linked_articles[0].pk],
                sentence="违反纪律。（基准）",
                token=uuid.uuid4(),
            )
    answer = submit_drill(
        user=trainee,
        case=measured,
        category_id=tax.integrity.pk,
        article_ids=[a.pk for a in linked_articles[: linked // 2]],
        sentence="违反廉洁纪律。（基准）",
        token=uuid.uuid4(),
    )
    return measured, answer


def measure(runs: int, action) -> tuple[list[float], list[float], int]:
    """Wall and CPU milliseconds of each run after one warm-up, and the queries of the last run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action()
    times, cpu = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            action()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
    return times, cpu, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    setup_throwaway_django()
    from django.core.management import call_command
    from django.db.models import Max
    from django.test import Client
    from django.urls import reverse

    from drills.models import DrillAttempt
    from tests.drills.factories import DrillIndexPageFactory, taxonomy
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    tax = taxonomy()
    index_page = DrillIndexPageFactory()
    libraries = []
    for cases, linked in SIZES:
        trainee = UserFactory(username=f"bench-trainee-{cases}")
        # Each trainee sees both libraries (every live case is a drill): the list grows with the larger one.
        measured, answer = build_library(cases=cases, linked=linked, trainee=trainee, tax=tax, label=str(cases))
        libraries.append((cases, linked, trainee, measured, answer))
    total = DrillAttempt.objects.aggregate(n=Max("pk"))["n"]
    print(f"built {sum(s[0] for s in SIZES)} cases and {total} answers in {time.perf_counter() - started:.1f} s")
    freeze_like_a_worker()

    rows = []
    for cases, linked, trainee, measured, answer in libraries:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(trainee)
        drill_url = reverse("drills:drill", args=[measured.pk])
        search = {"token": str(uuid.uuid4()), "category": tax.mass.pk, "sentence": "半句", "q": "第十二条"}

        def get(url, client=client):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        def searched(client=client, drill_url=drill_url, search=search):
            response = client.post(drill_url, {**search, "action": "search"})
            assert response.status_code == 200 and "第十二条" in response.content.decode()

        pages = (
            ("drill list", lambda: get(index_page.url)),
            ("drill page", lambda drill_url=drill_url: get(drill_url)),
            ("drill page, searched", searched),
            ("result page", lambda answer=answer: get(reverse("drills:result", args=[answer.pk]))),
            ("my practice", lambda: get(reverse("drills:mine"))),
        )
        for label, action in pages:
            times, cpu, queries = measure(args.runs, action)
            rows.append((cases, linked, label, statistics.median(times), statistics.median(cpu), queries))

    print()
    print(f"{'cases':>5} | {'linked':>6} | {'page':<21} | {'median ms':>9} | {'CPU ms':>7} | {'SQL':>4}")
    print("-" * 68)
    for cases, linked, label, median, cpu_median, queries in rows:
        print(f"{cases:>5} | {linked:>6} | {label:<21} | {median:>9.1f} | {cpu_median:>7.1f} | {queries:>4}")
    by_label: dict[str, set[int]] = {}
    for _cases, _linked, label, _median, _cpu, queries in rows:
        by_label.setdefault(label, set()).add(queries)
    varying = [label for label, counts in by_label.items() if len(counts) > 1]
    print(f"\nqueries per page: {'constant' if not varying else 'NOT constant: ' + ', '.join(varying)}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end: {load} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
