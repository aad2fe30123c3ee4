"""Benchmark: a content package of 500 cases and 2,000 questions (issue 20), exported and imported.

Builds, in a throwaway SQLite database, the demo regulation's two editions (``load_demo --regulations-only``:
the 2026 revision in force), 500 published cases citing 2-3 articles each (every fifth case cites an article of
the 2025 edition that the revision changed, renumbered or removed) and 2,000 questions (four options, a
category, an article each). Then, through the real services:

- export: ``create_export`` + ``approve_export`` (the 脱敏 check of every item, the zip built); 脱敏 flags the
  generated texts raise are cleared first, outside the timing;
- upload + preview: ``upload_package`` (every entry's checksum) + ``preview_import`` (every citation resolved);
- apply: ``apply_import`` into the same database under another office code (2,500 new items);
- failed imports: a copy cut short and a copy with one entry altered are refused, and the row counts of Page,
  Question, ImportedItem and PackageUpload are unchanged.

Each step runs twice: once for time and queries, once under tracemalloc for its peak memory (tracemalloc slows
Python down, so its run is not timed). Prints a markdown table. Not a test: run it by hand.

    .venv/bin/python bench/packages.py [--cases 500] [--questions 2000]
"""

import argparse
import io
import sys
import time
import tracemalloc
import uuid
import zipfile

from throwaway_django import setup_throwaway_django

SENDERS = [uuid.UUID(f"00000000-0000-4000-8000-00000000000{n}") for n in "ab"]
RECEIVERS = [uuid.UUID(f"00000000-0000-4000-8000-00000000000{n}") for n in "cd"]


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(fn, *, traced: bool):
    """(result, ms, queries, peak MiB): time and queries when not traced, peak memory when traced."""
    from django.db import connection

    counter = QueryCounter()
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        result = fn()
    elapsed = (time.perf_counter() - start) * 1000
    peak = 0.0
    if traced:
        peak = tracemalloc.get_traced_memory()[1] / 1024**2
        tracemalloc.stop()
    return result, elapsed, counter.count, peak


def be(code: uuid.UUID, name: str):
    from packages.models import OfficeIdentity

    office = OfficeIdentity.objects.first() or OfficeIdentity(name=name)
    office.code, office.name = code, name
    office.save()


def build_content(case_count: int, question_count: int):
    from django.contrib.auth import get_user_model

    from cases.models import CaseArticleLink, CaseIndexPage, CasePage, DiscoveryMethod, ProblemCategory
    from core.models import UnitType
    from fixtures.demo.regulation import REGULATION
    from fixtures.demo.regulation_revision import REVISION
    from fixtures.loader import load_demo_regulations
    from quizzes.models import Choice, Question, QuestionCategory
    from regulations.models import RegulationPage

    load_demo_regulations()
    first = RegulationPage.objects.get(title=REGULATION["title"])
    in_force = RegulationPage.objects.get(title=REVISION["title"])
    # Articles the revision changed, renumbered or removed: a case citing one shows the re-linking.
    old_articles = list(first.articles.exclude(change_to_current__in=["", "unchanged"]).order_by("ordinal"))
    articles = list(in_force.articles.order_by("ordinal"))
    index = CaseIndexPage.objects.get()
    unit_types, categories = list(UnitType.objects.all()), list(ProblemCategory.objects.all())
    methods = list(DiscoveryMethod.objects.all())
    for n in range(case_count):
        case = CasePage(
            title=f"某局第{n + 1}号问题（示例）",
            slug=f"bench-case-{n + 1}",
            unit_type=unit_types[n % len(unit_types)],
            summary=f"某局第{n + 1}号示例问题：主要负责人绕开集体决策，会议记录事后补写。",
            facts="<p>"
            + "巡察组调阅某局近三年党组会议记录，发现多项采购事项在合同签订之后才补记为会议研究同意。" * 4
            + "</p>",
            characterisation="违反民主集中制原则，属于党的领导弱化问题（示例）。",
            characterisation_basis="<p>依据本办法有关条款，执行民主集中制情况是巡察监督的重点内容。</p>",
            rectification="<p>该局修订议事规则，明确“三重一大”事项清单。</p>",
            inspection_tips="<ul><li>对照合同签订日期与会议记录日期。</li><li>留意补记的页码。</li></ul>",
        )
        case.categories = [categories[n % len(categories)], categories[(n + 3) % len(categories)]]
        case.discovery_methods = [methods[n % len(methods)]]
        chosen = [articles[(n + k * 7) % len(articles)] for k in range(2 + n % 2)]
        if n % 5 == 0:  # written against the revised edition
            old = old_articles[(n // 5) % len(old_articles)]
            # Not beside the article it became: two citations landing on one article here fail the import (the
            # case's article links are unique), a limit of the core reported with this bench.
            chosen = [old] + [a for a in chosen[1:] if a.pk != old.current_id]
        case.article_links = [CaseArticleLink(article=a) for a in chosen]
        index.add_child(instance=case)
        case.save_revision().publish()
    question_categories = list(QuestionCategory.objects.all()) or [
        QuestionCategory.objects.create(name="示例类别", slug="bench-category")
    ]
    questions = Question.objects.bulk_create(
        Question(
            kind="single",
            stem=f"第{n + 1}题（示例）：巡察组发现问题线索后，应当按照哪一项规定移交？",
            explanation="见本办法有关条款（示例）。",
        )
        for n in range(question_count)
    )
    Choice.objects.bulk_create(
        Choice(question=q, text=f"选项{letter}（示例）", is_correct=letter == "A", sort_order=k)
        for q in questions
        for k, letter in enumerate("ABCD")
    )
    Question.categories.through.objects.bulk_create(
        Question.categories.through(question=q, questioncategory=question_categories[n % len(question_categories)])
        for n, q in enumerate(questions)
    )
    Question.articles.through.objects.bulk_create(
        Question.articles.through(question=q, regulationarticle=articles[n % len(articles)])
        for n, q in enumerate(questions)
    )
    cases = list(CasePage.objects.live().order_by("pk").values_list("pk", flat=True))
    User = get_user_model()
    return [("case", pk) for pk in cases] + [("question", q.pk) for q in questions], User


def export_once(items, *, editor, reviewer, key: str):
    from packages.exporting import approve_export, clear_item_flag, create_export
    from packages.selectors import export_report

    export = create_export(user=editor, title="示例基准内容包", key=key, items=items)
    cleared = 0
    for entry in export_report(export=export).entries:
        for flag in entry.uncleared:
            clear_item_flag(
                export=export,
                kind=entry.kind.key,
                object_id=entry.instance.pk,
                flag_kind=flag.kind,
                text=flag.text,
                reason="示例材料中的虚构内容",
                reviewer=reviewer,
            )
            cleared += 1

    def build():
        # A new version each time: approval freezes an export once.
        fresh = create_export(user=editor, title="示例基准内容包", key=key, items=items)
        return bytes(approve_export(export=fresh, reviewer=reviewer).file)

    return build, cleared


def altered(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "items/00001.json":
                content = content.replace("示例".encode(), "真实".encode(), 1)
            target.writestr(info, content)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--questions", type=int, default=2000)
    args = parser.parse_args()
    setup_throwaway_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import logging

    logging.disable(logging.INFO)
    from wagtail.models import Page

    from core.roles import EDITOR, REVIEWER
    from packages.format import PackageError
    from packages.importing import Outcome, apply_import, preview_import, upload_package
    from packages.models import ImportedItem, PackageUpload
    from quizzes.models import Question

    start = time.perf_counter()
    items, User = build_content(args.cases, args.questions)
    build_s = time.perf_counter() - start
    from django.contrib.auth.models import Group

    def user(name, role):
        person = User.objects.create(username=name, first_name=name)
        person.groups.add(Group.objects.get(name=role))
        return User.objects.get(pk=person.pk)

    editor, reviewer, importer = user("bench-editor", EDITOR), user("bench-reviewer", REVIEWER), user("bi", EDITOR)
    print(f"built {args.cases} cases and {args.questions} questions in {build_s:.1f} s")

    # Each step twice, the second under tracemalloc: two senders (two office codes), so the second package's
    # items are new to the receiver as the first one's were.
    build, cleared = export_once(items, editor=editor, reviewer=reviewer, key="bench")
    rows, runs = [], []
    for sender, receiver, traced in zip(SENDERS, RECEIVERS, (False, True), strict=True):
        be(sender, "示例甲县巡察办")
        runs.append({"receiver": receiver, "traced": traced, "export": measure(build, traced=traced)})
    data = runs[0]["export"][0]
    rows.append(
        (
            "export: create + approve",
            len(items),
            *runs[0]["export"][1:3],
            runs[1]["export"][3],
            f"{len(data) / 1024**2:.1f} MiB zip",
        )
    )
    for run in runs:
        be(run["receiver"], "示例乙县巡察办")

        def upload_and_preview(package=run["export"][0]):
            upload = upload_package(data=package, file_name="bench.zip", user=importer)
            return preview_import(upload=upload)

        run["preview"] = measure(upload_and_preview, traced=run["traced"])
    preview = runs[0]["preview"][0]
    citations = [c.outcome for item in preview.items for c in item.citations]
    outcome_note = ", ".join(f"{o} {citations.count(o)}" for o in sorted(set(citations)))
    rows.append(
        (
            "upload + preview",
            len(preview.items),
            *runs[0]["preview"][1:3],
            runs[1]["preview"][3],
            f"citations: {outcome_note}",
        )
    )
    for run in runs:
        be(run["receiver"], "示例乙县巡察办")
        upload = run["preview"][0].upload
        run["apply"] = measure(
            lambda upload=upload: apply_import(upload=upload, user=importer, keep_local=set()), traced=run["traced"]
        )
    results = runs[0]["apply"][0]
    new = sum(1 for r in results if r["outcome"] == Outcome.NEW)
    new_traced = sum(1 for r in runs[1]["apply"][0] if r["outcome"] == Outcome.NEW)
    rows.append(
        (
            "apply import",
            len(results),
            *runs[0]["apply"][1:3],
            runs[1]["apply"][3],
            f"{new} new ({new_traced} in the traced run)",
        )
    )

    def counts():
        return (
            Page.objects.count(),
            Question.objects.count(),
            ImportedItem.objects.count(),
            PackageUpload.objects.count(),
        )

    be(uuid.uuid4(), "示例丙县巡察办")
    failures = []
    for label, damaged in (("failed: cut short", data[: len(data) // 2]), ("failed: entry altered", altered(data))):
        before = counts()

        def attempt(damaged=damaged):
            try:
                upload_package(data=damaged, file_name="bench.zip", user=importer)
            except PackageError as error:
                return error.message
            return None

        message, ms, queries, _ = measure(attempt, traced=False)
        unchanged = counts() == before
        failures.append(message is not None and unchanged)
        rows.append((label, len(preview.items), ms, queries, 0.0, f"refused: {message}; rows unchanged: {unchanged}"))

    print(f"脱敏 flags cleared before the export: {cleared}")
    print()
    print("| step | items | ms | queries | peak MiB | notes |")
    print("|---|---:|---:|---:|---:|---|")
    for label, count, ms, queries, peak, note in rows:
        peak_text = f"{peak:.0f}" if peak else ""
        print(f"| {label} | {count} | {ms:.0f} | {queries} | {peak_text} | {note} |")
    ok = all(failures) and new == args.cases + args.questions
    print()
    print(
        f"all items new: {new == args.cases + args.questions}; damaged files refused, nothing written: {all(failures)}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
