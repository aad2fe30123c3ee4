"""Benchmark: the question import's rows per second, and other people's saves while it runs.

For each size, the old synchronous path (``quizzes.spreadsheets.import_question_bank``: one transaction, one
search-index commit per question, still callable) and the background job's batches
(``quizzes.spreadsheet_jobs.run_question_import``) import a generated workbook into a throwaway SQLite file
(the project's WAL, BEGIN IMMEDIATE and 20 s busy timeout) with the Whoosh index, while ``--savers`` threads
save quiz answers through ``quizzes.api.save_answer``, pausing ``--think`` seconds between two. Prints rows
per second, and the p95 and the longest of the other saves, and how many failed. Not a test: run it by hand.

    .venv/bin/python bench/question_import.py [--sizes 1000,5000] [--savers 20] [--paths before,after]
"""

from savers_harness import arguments, measured_row, print_table, quiz_savers, saves_during, setup_and_migrate


def main() -> None:
    args = arguments(default_sizes="1000,5000")
    setup_and_migrate()
    from django.contrib.auth import get_user_model

    from quizzes import spreadsheet_format as fmt
    from quizzes.models import QuestionCategory, QuestionImport
    from quizzes.spreadsheet_jobs import run_question_import
    from quizzes.spreadsheets import import_question_bank
    from tests.quizzes.workbooks import single_row, workbook

    editor = get_user_model().objects.create(username="bench-editor", is_superuser=True)
    parent = QuestionCategory.objects.create(name="巡察工作条例", slug="bench-regulation")
    QuestionCategory.objects.create(name="巡察程序", slug="bench-procedure", parent=parent)
    savers = quiz_savers(count=args.savers)

    def measure(path: str, size: int) -> tuple:
        data = workbook(*(single_row(**{fmt.STEM: f"{path}{size}第{n}题：巡察组对谁负责？"}) for n in range(size)))
        if path == "after":
            job = QuestionImport.objects.create(user=editor, file_name="bench.xlsx", rows=size, data=data)

        def write() -> None:
            if path == "after":
                run_question_import(job_id=job.pk)
                assert QuestionImport.objects.get(pk=job.pk).error == ""
            else:
                import_question_bank(data=data, user=editor)

        measured = saves_during(write, savers=savers, think=args.think, what=f"the {path} import")
        return measured_row(path, size, *measured)

    print_table(
        title=f"\nQuestion import on SQLite (WAL, BEGIN IMMEDIATE) with Whoosh, {args.savers} people saving answers"
        f" every {args.think} s",
        unit="rows",
        rate="rows/s",
        rows=[measure(path, int(size)) for size in args.sizes.split(",") for path in args.paths.split(",")],
        notes=[
            "before: quizzes.spreadsheets.import_question_bank, one transaction, one index commit per question",
            "after:  quizzes.spreadsheet_jobs.run_question_import, what the worker runs: batches, one index call each",
        ],
    )


if __name__ == "__main__":
    main()
