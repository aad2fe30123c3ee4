"""Benchmark: the office dashboard of a round of 500 members and 12 modules, with realistic records.

Builds, in a throwaway SQLite database, a track of 12 modules (1-3 lessons each, four with a quiz, two
needing the commitments), a round of 500 members in 10 teams with a spread of states (completions,
passed and failed attempts, agreements confirmed for the round, a few recusal declarations that meet the
round's units), and a small round of 50 members on the same track. Completions expire (courses.validity):
lessons count for 12 months, the last quiz for this round only; about one member in ten studied 14 months
ago (需复训), and the first lesson quotes an article revised ten days ago, so those who studied it before
need a refresher of that article (readiness.refreshers). Then times, several runs each: the dashboard page (Django
test client, as the round's manager), the readiness computation alone, and the Excel export; wall time
and this process's CPU time (another process on the machine slows the first, less the second). A query
per member would show as a count that differs between the two rounds. Not a test: run it by hand.

Like a gunicorn worker (site/deploy/gunicorn.conf.py, post_worker_init), the process freezes what it
holds before serving (gc.freeze()); one more row measures the page without that.

    .venv/bin/python bench/round_dashboard.py [--members 500] [--runs 15]
"""

import argparse
import gc
import os
import random
import re
import statistics
import time
from datetime import timedelta

from throwaway_django import freeze_like_a_worker, setup_throwaway_django

MODULES = 12
TEAMS = 10
TARGET_MS = 300


def build_track():
    from courses.models import Module
    from quizzes.models import Quiz
    from tests.citation_chain import article, old_edition
    from tests.quizzes.factories import QuestionFactory, QuizFactory
    from tests.rounds.factories import ModuleFactory, TrackFactory, add_lessons

    regulation = old_edition()

    track = TrackFactory(name="巡察干部岗前培训（基准）")
    rng = random.Random(7)
    question = QuestionFactory()
    modules: list[Module] = []
    for i in range(MODULES):
        module = ModuleFactory(
            track=track,
            title=f"第{i + 1}单元 巡察工作条例与个别谈话要点{i + 1}",
            sort_order=i,
            requires_confidentiality=i == 0,
            requires_recusal=i == 1,
            lessons_valid_months=12,
        )
        add_lessons(module, rng.randint(1, 3))
        if i == 0:  # the first lesson quotes 第二条, which the revision changes (revise_regulation)
            lesson = module.lessons.first().lesson.specific
            lesson.body = [("article", {"article": article(regulation, 2), "note": ""})]
            lesson.save()
        if i % 3 == 2:
            quiz: Quiz = QuizFactory(questions=[question], pass_mark=60)
            module.quiz = quiz
            module.quiz_valid_months = 0 if i == MODULES - 1 else None
            module.save()
        if i >= 2:
            module.prerequisites.add(modules[0])
            module.save()
        modules.append(module)
    return track, modules, regulation


def revise_regulation(regulation) -> None:
    """The revision goes in force; its 施行日期 ten days ago (readiness.refreshers dates the change by it)."""
    from django.utils import timezone

    from regulations.models import RegulationPage
    from tests.citation_chain import revise

    edition = revise(regulation)
    RegulationPage.objects.filter(pk=edition.pk).update(effective_date=timezone.localdate() - timedelta(days=10))


def build_round(*, name: str, track, modules, members: int, seed: int, case_index):
    """A round with ``members`` people in TEAMS teams, units, a study pack, and records in a spread of states."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from courses.models import CompletionRecord, ItemKind
    from declarations.models import (
        Acknowledgement,
        AcknowledgementKind,
        AcknowledgementText,
        RecusalEntry,
        RelationKind,
        RoundDeclaration,
    )
    from quizzes.models import Attempt
    from rounds.models import InspectedUnit, InspectionRound, InspectionTeam, StudyPack, TeamMember
    from tests.factories import CasePageFactory, UnitTypeFactory
    from tests.quizzes.factories import QuestionFactory, QuizFactory

    rng = random.Random(seed)
    User = get_user_model()
    now = timezone.now()
    today = timezone.localdate()
    round_ = InspectionRound.objects.create(
        name=name, starts_on=today + timedelta(days=10), ends_on=today + timedelta(days=70), track=track
    )
    # Set up before its members started (their progress goes back 20 days): "this round only" counts it.
    InspectionRound.objects.filter(pk=round_.pk).update(created_at=now - timedelta(days=25))
    round_.refresh_from_db()
    manager = User.objects.create(username=f"{name}-office", first_name="巡察办")
    round_.managers.add(manager)
    round_.save()

    village, township = UnitTypeFactory(name=f"{name}村"), UnitTypeFactory(name=f"{name}乡镇")
    units = [
        InspectedUnit.objects.create(round=round_, name=f"{town}镇人民政府", unit_type=township, sort_order=i)
        for i, town in enumerate(("城关", "东风", "红旗", "新华", "向阳", "和平", "团结", "胜利", "前进", "光明"))
    ] + [
        InspectedUnit.objects.create(round=round_, name=f"{village_name}村", unit_type=village, sort_order=10 + i)
        for i, village_name in enumerate(
            ("李家", "王庄", "张湾", "刘集", "陈寨", "赵岗", "孙楼", "周店", "吴营", "郑台")
        )
    ]
    pack = StudyPack.objects.create(round=round_, unit_type=village, title="村级“三资”管理专题")
    pack.cases.set([CasePageFactory(parent=case_index, unit_type=village) for _ in range(2)])
    pack.quiz = QuizFactory(questions=[QuestionFactory()])
    pack.save()

    teams = []
    for t in range(TEAMS):
        team = InspectionTeam.objects.create(round=round_, name=f"第{t + 1}巡察组")
        team.units.set([units[t], units[10 + t]] if t % 2 else [units[t]])
        team.save()
        teams.append(team)
    users = User.objects.bulk_create(
        [User(username=f"{name}-m{n}", first_name=f"学员{n}", last_name="") for n in range(members)]
    )
    TeamMember.objects.bulk_create(
        [
            TeamMember(team=teams[n % TEAMS], user=user, role="leader" if n < TEAMS else "member", sort_order=n)
            for n, user in enumerate(users)
        ]
    )

    texts = {
        kind: AcknowledgementText.objects.get_or_create(kind=kind, version=1, defaults={"title": kind, "body": "正文"})[
            0
        ]
        for kind in AcknowledgementKind.values
    }
    completions, attempts, acknowledgements, declared = [], [], [], []
    lessons = {m.pk: [ml.lesson_id for ml in m.lessons.all()] for m in modules}
    for n, user in enumerate(users):
        roll = rng.random()
        # 15% not started, 45% part-way, 12% failed a quiz, 28% everything done.
        done_modules = 0 if roll < 0.15 else MODULES if roll >= 0.72 else rng.randint(1, MODULES - 1)
        failed = 0.60 <= roll < 0.72
        at = now - timedelta(days=rng.randint(0, 20), minutes=n)
        if 0.15 <= roll < 0.25:  # studied for last year's round: 需复训
            at -= timedelta(days=425)
        for module in modules[:done_modules]:
            for lesson_id in lessons[module.pk]:
                completions.append(
                    CompletionRecord(user=user, kind="lesson", item_id=lesson_id, completed_at=at, last_completed_at=at)
                )
            if module.quiz_id:
                attempts.append(_attempt(module.quiz_id, user, 1, passed=True, at=at))
        if failed:
            quiz_module = next(m for m in modules if m.quiz_id)
            attempts.append(_attempt(quiz_module.quiz_id, user, 2, passed=False, at=at))
        if done_modules:
            acknowledgements.append(
                Acknowledgement(user=user, text=texts[AcknowledgementKind.CONFIDENTIALITY], agreed_at=at)
            )
            acknowledgements.append(Acknowledgement(user=user, text=texts[AcknowledgementKind.RECUSAL], agreed_at=at))
            if n % 25 == 0:
                declared.append((n, user))
        if done_modules == MODULES and n % TEAMS % 2:  # a team inspecting a village: its study pack too
            for case in pack.cases.all():
                completions.append(
                    CompletionRecord(
                        user=user, kind=ItemKind.CASE, item_id=case.pk, completed_at=at, last_completed_at=at
                    )
                )
            attempts.append(_attempt(pack.quiz_id, user, 1, passed=True, at=at))
    CompletionRecord.objects.bulk_create(completions)
    Attempt.objects.bulk_create(attempts)
    Acknowledgement.objects.bulk_create(acknowledgements)
    # Commitments count per round: each agreement confirmed for this round (declarations, per round).
    RoundDeclaration.objects.bulk_create(
        [
            RoundDeclaration(
                inspection_round=round_, user=a.user, kind=a.text.kind, acknowledgement=a, confirmed_at=a.agreed_at
            )
            for a in Acknowledgement.objects.filter(user__in=users).select_related("text", "user")
        ]
    )
    recusals = {
        a.user_id: a for a in Acknowledgement.objects.filter(user__in=[u for _, u in declared], text__kind="recusal")
    }
    RecusalEntry.objects.bulk_create(
        [
            RecusalEntry(
                acknowledgement=recusals[user.pk],
                relation=RelationKind.RELATIVE if n % 2 else RelationKind.FORMER_WORKPLACE,
                person_name="某某" if n % 2 else "",
                relationship="配偶" if n % 2 else "",
                unit_name=units[n % len(units)].name.replace("人民政府", "") if n % 50 == 0 else "县财政局",
            )
            for n, user in declared
        ]
    )
    return round_, manager


def _attempt(quiz_id, user, number, *, passed, at):
    from quizzes.models import Attempt, AttemptStatus

    return Attempt(
        quiz_id=quiz_id,
        user=user,
        number=number,
        status=AttemptStatus.COMPLETED,
        started_at=at - timedelta(minutes=20),
        finished_at=at,
        score=9 if passed else 3,
        max_score=10,
        percent=90 if passed else 30,
        passed=passed,
    )


def measure(runs: int, action) -> tuple[list[float], list[float], int]:
    """Wall and CPU milliseconds of each run after one warm-up, and the queries of the last run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action()
    times, cpu = [], []
    for _ in range(runs):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            action()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
    return times, cpu, statements(queries.captured_queries)


def statements(captured: list[dict]) -> int:
    """The queries, counting one bulk INSERT once: SQLite splits it at 999 parameters (the audit entry's 500
    people go in two), which is the driver's batching, not a query per member."""
    count, previous = 0, None
    for query in captured:
        shape = re.sub(r"\([^()]*\)(, \([^()]*\))*", "(…)", query["sql"]) if query["sql"].startswith("INSERT") else None
        if shape is None or shape != previous:
            count += 1
        previous = shape
    return count


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    setup_throwaway_django()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from readiness.dashboard import DashboardFilter
    from readiness.rules import State, readiness_for_round
    from readiness.services import export_dashboard
    from tests.factories import CaseIndexPageFactory

    call_command("migrate", verbosity=0)
    print("load average at the start: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    started = time.perf_counter()
    track, modules, regulation = build_track()
    case_index = CaseIndexPageFactory()
    sizes = sorted({50, args.members})
    rounds = [
        build_round(
            name=f"基准轮次{size}", track=track, modules=modules, members=size, seed=size, case_index=case_index
        )
        for size in sizes
    ]
    revise_regulation(regulation)
    print(f"built {len(sizes)} rounds ({', '.join(map(str, sizes))} members) in {time.perf_counter() - started:.1f} s")
    freeze_like_a_worker()

    rows = []
    for size, (round_, manager) in zip(sizes, rounds, strict=True):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(manager)
        url = reverse("readiness:dashboard", args=[round_.pk])
        team_url = f"{url}?team={round_.teams.order_by('name').first().pk}"

        def page(target=url, client=client):
            response = client.get(target)
            assert response.status_code == 200, response.status_code

        def readiness(round_=round_):
            readiness_for_round(inspection_round=round_)

        def export(round_=round_, manager=manager):
            export_dashboard(inspection_round=round_, user=manager, dashboard_filter=DashboardFilter())

        states = {s: 0 for s in State.ORDER}
        for result in readiness_for_round(inspection_round=round_):
            states[result.state] += 1
        for label, action in (
            ("dashboard page", page),
            ("dashboard, one team", lambda team_url=team_url, page=page: page(team_url)),
            ("readiness alone", readiness),
            ("Excel export", export),
        ):
            times, cpu, queries = measure(args.runs, action)
            rows.append((size, label, statistics.median(times), p95(times), statistics.median(cpu), queries))
        print(f"{size} members: " + ", ".join(f"{s} {n}" for s, n in states.items()))
        last_page = page

    # The same page without the worker's gc.freeze(): every start-up object back in the collector's sight.
    gc.unfreeze()
    times, cpu, queries = measure(args.runs, last_page)
    label = "page, no gc.freeze()*"
    rows.append((sizes[-1], label, statistics.median(times), p95(times), statistics.median(cpu), queries))

    print()
    print(f"{'members':>7} | {'measured':<21} | {'median ms':>9} | {'p95 ms':>7} | {'CPU ms':>7} | {'SQL':>4}")
    print("-" * 71)
    for size, label, median, worst, cpu_median, queries in rows:
        print(f"{size:>7} | {label:<21} | {median:>9.1f} | {worst:>7.1f} | {cpu_median:>7.1f} | {queries:>4}")
    by_label: dict[str, set[int]] = {}
    for _size, label, _median, _worst, _cpu, queries in rows:
        by_label.setdefault(label, set()).add(queries)
    constant = all(len(counts) == 1 for label, counts in by_label.items() if not label.endswith("*"))
    page_median, page_cpu = next((r[2], r[4]) for r in rows if r[0] == sizes[-1] and r[1] == "dashboard page")
    print(f"\nqueries: {'constant' if constant else 'NOT constant'} between {sizes[0]} and {sizes[-1]} members")
    verdict = "meets" if page_median < TARGET_MS else "MISSES"
    print(
        f"dashboard page at {sizes[-1]} members: median {page_median:.0f} ms (CPU {page_cpu:.0f} ms), "
        f"{verdict} the {TARGET_MS} ms target"
    )
    print("* without the worker's gc.freeze() (site/deploy/gunicorn.conf.py, post_worker_init): how the site ran")
    print("  before it; somewhat pessimistic, as this process also holds what building the data left behind")
    # Other work on the machine slows every number above; say how busy it was.
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end: {load} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
