"""Benchmark: the report workbench on a long draft, as a writer on a phone meets it.

Builds, in a throwaway SQLite database, a regulation with 60 articles (a revised edition and the one in force),
the problem taxonomy, and drafts of 10 and 40 problem entries (three evidence rows, two articles and two
categories each, one superseded citation in five, a recommendation per two problems, every section written with
a few vague wordings). Then times, several runs each, through the Django test client as the writer: the editor
page (every finding beside its item), the live check while typing (POST of unsaved section texts), the 三张清单
page, and the three .docx downloads. The check is what the writer waits for between keystrokes (debounced), so
it has the tightest target. Query counts must not grow with the draft. Not a test: run it by hand.

    .venv/bin/python bench/report_drafts.py [--runs 15]
"""

import argparse
import os
import random
import statistics

from round_dashboard import measure, p95
from throwaway_django import freeze_like_a_worker, setup_throwaway_django

SIZES = (10, 40)
TARGETS_MS = {"live check (POST)": 150, "editor page": 400, "report.docx": 500}


def build(size: int, *, writer, articles, categories, superseded):
    from django.utils import timezone

    from report_writing.models import ProblemEntry, ProblemEvidence, Recommendation
    from tests.report_writing.factories import ReportDraftFactory

    rng = random.Random(size)
    texts = {
        role: "本轮巡察个别谈话32人次，调阅资料140份。该局问题突出，影响恶劣。其中3项采购未经集体研究。"
        for role in ("basic", "problems", "previous_round", "recommendations")
    }
    draft = ReportDraftFactory(writer=writer, title=f"示例县某局巡察报告（基准{size}）", texts=texts)
    for n in range(size):
        problem = ProblemEntry.objects.create(
            draft=draft,
            position=n + 1,
            fact=f"2025年该局第{n + 1}项采购在合同签订后才补记党组会议研究，涉及金额{rng.randint(5, 90)}万元。"
            if n % 4
            else "该局执行“三重一大”制度问题较为严重。",
            severity="general",
        )
        chosen = rng.sample(articles, 2)
        if n % 5 == 0:
            chosen[0] = superseded
        problem.articles.set(chosen)
        problem.categories.set(rng.sample(categories, 2))
        ProblemEvidence.objects.bulk_create(
            ProblemEvidence(problem=problem, source=source, count=1 + (n % 3), note="示例：会议记录与合同")
            for source in ("document", "interview", "audit")[: 1 + n % 3]
        )
        if n % 2 == 0:
            recommendation = Recommendation.objects.create(
                draft=draft, position=n // 2 + 1, text=f"规范第{n + 1}项采购的集体决策程序。"
            )
            recommendation.problems.set([problem])
    draft.updated_at = timezone.now()
    draft.save(update_fields=["updated_at"])
    return draft


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    setup_throwaway_django()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from report_writing.checks import run_checks
    from report_writing.selectors import check_context, content_of_draft
    from tests.factories import (
        ProblemCategoryFactory,
        RegulationArticleFactory,
        RegulationIndexPageFactory,
        RegulationPageFactory,
        UserFactory,
    )

    call_command("migrate", verbosity=0)
    print("load average at the start: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    index = RegulationIndexPageFactory()
    old = RegulationPageFactory(parent=index, title="示例巡察工作办法（旧）", status="revised")
    current = RegulationPageFactory(parent=index, title="示例巡察工作办法", status="in_force")
    articles = [RegulationArticleFactory(regulation=current, number=n, label=f"第{n}条") for n in range(1, 61)]
    superseded = RegulationArticleFactory(regulation=old, number=1, label="第1条", current=articles[0])
    parents = [ProblemCategoryFactory(name=f"大类{n}", slug=f"top-{n}") for n in range(4)]
    categories = [
        ProblemCategoryFactory(name=f"小类{p}-{n}", slug=f"sub-{p}-{n}", parent=parent)
        for p, parent in enumerate(parents)
        for n in range(3)
    ]
    writer = UserFactory(username="bench-writer")
    drafts = {
        size: build(size, writer=writer, articles=articles, categories=categories, superseded=superseded)
        for size in SIZES
    }
    freeze_like_a_worker()

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(writer)
    rows = []
    for size, draft in drafts.items():
        findings = len(run_checks(content=content_of_draft(draft=draft), context=check_context()))
        positions = list(draft.sections.values_list("position", flat=True))
        typing = {f"section-{p}": "该局问题突出。其中3项采购未经集体研究。" for p in positions}

        def get(name, draft=draft):
            response = client.get(reverse(f"report_writing:{name}", args=[draft.pk]))
            assert response.status_code == 200, (name, response.status_code)

        def check(draft=draft, typing=typing):
            response = client.post(reverse("report_writing:check", args=[draft.pk]), typing)
            assert response.status_code == 200, response.status_code

        for label, action in (
            ("editor page", lambda get=get: get("draft")),
            ("live check (POST)", check),
            ("三张清单 page", lambda get=get: get("lists")),
            ("report.docx", lambda get=get: get("report_docx")),
            ("feedback.docx", lambda get=get: get("feedback_docx")),
            ("lists.docx", lambda get=get: get("lists_docx")),
        ):
            times, cpu, queries = measure(args.runs, action)
            rows.append((size, findings, label, statistics.median(times), p95(times), statistics.median(cpu), queries))

    print()
    header = f"{'problems':>8} | {'findings':>8} | {'measured':<18} | {'median ms':>9} | {'p95 ms':>7} | {'CPU ms':>7}"
    print(header + f" | {'SQL':>4}")
    print("-" * (len(header) + 7))
    for size, findings, label, median, worst, cpu, queries in rows:
        print(f"{size:>8} | {findings:>8} | {label:<18} | {median:>9.1f} | {worst:>7.1f} | {cpu:>7.1f} | {queries:>4}")
    by_label: dict[str, set[int]] = {}
    for _size, _findings, label, _median, _worst, _cpu, queries in rows:
        by_label.setdefault(label, set()).add(queries)
    constant = all(len(counts) == 1 for counts in by_label.values())
    print(f"\nqueries: {'constant' if constant else 'NOT constant'} between {SIZES[0]} and {SIZES[-1]} problems")
    for label, target in TARGETS_MS.items():
        median = next(r[3] for r in rows if r[0] == SIZES[-1] and r[2] == label)
        verdict = "meets" if median <= target else "MISSES"
        print(f"{label} at {SIZES[-1]} problems: median {median:.0f} ms, {verdict} the {target} ms target")


if __name__ == "__main__":
    main()
