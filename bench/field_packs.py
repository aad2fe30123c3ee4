"""Benchmark: every team's field pack (监督要点) for a round of 10 teams and 40 units, on the phone page's
selector and as the .docx.

Builds, in a throwaway SQLite database, 60 published 监督要点 over six unit types (each with documents, red
flags, linked interview questions and articles), a round of 40 units in 10 teams (2 to 6 units each) with a
few coverage ticks, then times, several runs each, building every team's pack (``supervision.packs.field_pack``)
and its .docx (``supervision.documents.build_field_pack``), and counts the queries per pack. A query per unit
or per point would show as counts that differ between teams of 2 and of 6 units. Not a test: run it by hand.

    .venv/bin/python bench/field_packs.py [--runs 5]
"""

import argparse
import statistics
import time

from throwaway_django import setup_throwaway_django

TEAMS = 10
UNITS = 40
POINTS = 60
UNIT_TYPES = 6


def build():
    from core.models import UnitType
    from rounds.models import InspectedUnit, InspectionTeam, TeamMember
    from supervision.packs import field_pack
    from supervision.services import set_covered
    from tests.factories import (
        GuideIndexPageFactory,
        InterviewGuidePageFactory,
        InterviewQuestionFactory,
        ProblemCategoryFactory,
        RegulationArticleFactory,
        UserFactory,
    )
    from tests.rounds.factories import InspectionRoundFactory
    from tests.supervision.factories import make_point

    types = list(UnitType.objects.order_by("sort_order")[:UNIT_TYPES])
    tops = [ProblemCategoryFactory(sort_order=i) for i in range(4)]
    categories = [*tops, *(ProblemCategoryFactory(parent=top) for top in tops)]
    guides_index = GuideIndexPageFactory()
    roles = ["top_leader", "leadership_member", "middle_manager", "staff", "public"]
    questions = []
    for role in roles:
        guide = InterviewGuidePageFactory(parent=guides_index, interviewee_role=role)
        questions += [InterviewQuestionFactory(guide=guide) for _ in range(6)]
    articles = [RegulationArticleFactory() for _ in range(20)]
    for n in range(POINTS):
        make_point(
            title=f"基准监督要点{n:02d}",
            category=categories[n % len(categories)],
            unit_types=[types[n % UNIT_TYPES], types[(n + 2) % UNIT_TYPES]],
            documents=[(f"基准资料{n % 25}", "看日期"), ("党委会议记录", ""), (f"台账{n}", "")],
            red_flags=[f"基准信号{n}", "会议纪要缺失"],
            questions=[questions[(n * 3 + k) % len(questions)] for k in range(3)],
            articles=[articles[n % 20], articles[(n + 7) % 20]],
        )
    inspection_round = InspectionRoundFactory(name="基准轮次")
    units = [
        InspectedUnit.objects.create(round=inspection_round, name=f"基准单位{i:02d}", unit_type=types[i % UNIT_TYPES])
        for i in range(UNITS)
    ]
    sizes = [2, 3, 4, 5, 6, 6, 5, 4, 3, 2]  # 40 units in 10 teams
    teams, start = [], 0
    for t, size in enumerate(sizes):
        team = InspectionTeam.objects.create(round=inspection_round, name=f"第{t + 1}组")
        team.units.set(units[start : start + size])
        team.save()
        start += size
        member = UserFactory()
        TeamMember.objects.create(team=team, user=member)
        for section in field_pack(team=team, with_ticks=False).units[:2]:
            entry = section.groups[0].entries[0]
            set_covered(team=team, unit_id=section.unit.pk, point_id=entry.point.pk, user=member, covered=True)
        teams.append(team)
    assert start == UNITS
    return teams


def measure(teams, runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from supervision.documents import build_field_pack
    from supervision.packs import field_pack

    print(f"{'team':<6}{'units':>6}{'points':>8}{'docs':>6}{'pack ms':>10}{'docx ms':>10}{'queries':>9}")
    pack_all, docx_all = [], []
    for team in teams:
        pack_times, docx_times = [], []
        for _ in range(runs):
            connection.queries_log.clear()  # the log keeps 9,000 queries: a full one counts nothing new
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                pack = field_pack(team=team)
                pack_times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            build_field_pack(pack=pack)
            docx_times.append((time.perf_counter() - started) * 1000)
        pack_all += pack_times
        docx_all += docx_times
        print(
            f"{team.name:<6}{len(pack.units):>6}{len(pack.points):>8}{len(pack.documents):>6}"
            f"{statistics.median(pack_times):>10.1f}{statistics.median(docx_times):>10.1f}{len(queries):>9}"
        )
    print(
        f"all {len(teams)} teams: pack median {statistics.median(pack_all):.1f} ms, docx median "
        f"{statistics.median(docx_all):.1f} ms, {runs} runs each"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_throwaway_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    teams = build()
    print(f"built {TEAMS} teams, {UNITS} units, {POINTS} points in {time.perf_counter() - started:.1f} s")
    measure(teams, args.runs)


if __name__ == "__main__":
    main()
