"""Benchmark: the regulation import's articles per second, and other people's saves while it runs.

For each size, the old path (``regulations.services.import_regulation`` inside one transaction, as the admin's
confirmation ran it in the request: parse, page, every article, the index and the revision under one write
lock) and the background job (``regulations.import_jobs.run_regulation_import``: what the worker runs) import a
generated regulation into a throwaway SQLite file (the project's WAL, BEGIN IMMEDIATE and 20 s busy timeout)
with the Whoosh index, while ``--savers`` threads save quiz answers through ``quizzes.api.save_answer``, pausing
``--think`` seconds between two. Prints articles per second, the p95 and the longest of the other saves, and
how many failed. Not a test: run it by hand.

    .venv/bin/python bench/regulation_import_writes.py [--sizes 1000,3000] [--savers 20] [--paths before,after]
"""

from savers_harness import arguments, measured_row, print_table, quiz_savers, saves_during, setup_and_migrate


def main() -> None:
    args = arguments(default_sizes="1000,3000")
    setup_and_migrate()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from regulation_import import generated_text

    from regulations.import_jobs import run_regulation_import
    from regulations.models import ImportStatus, RegulationArticle
    from regulations.services import ensure_library, import_regulation, record_import_attempt

    editor = get_user_model().objects.create(username="bench-editor", is_superuser=True)
    ensure_library()
    savers = quiz_savers(count=args.savers)

    def measure(path: str, size: int) -> tuple:
        source = generated_text(size).encode("utf-8")
        title = f"基准测试条例{path}{size}"
        if path == "after":
            job = record_import_attempt(
                source=source,
                filename="bench.txt",
                title=title,
                revises=None,
                user=editor,
                status=ImportStatus.QUEUED,
                articles=size,
            )

        def write() -> None:
            if path == "after":
                run_regulation_import(import_id=job.pk)
                job.refresh_from_db()
                assert job.status == ImportStatus.IMPORTED, job.error
            else:
                with transaction.atomic():
                    import_regulation(source=source, filename="bench.txt", title=title, user=editor)
            assert RegulationArticle.objects.filter(regulation__title=title).count() == size

        measured = saves_during(write, savers=savers, think=args.think, what=f"the {path} import")
        return measured_row(path, size, *measured)

    print_table(
        title=f"\nRegulation import on SQLite (WAL, BEGIN IMMEDIATE) with Whoosh, {args.savers} people saving answers"
        f" every {args.think} s",
        unit="articles",
        rate="art./s",
        rows=[measure(path, int(size)) for size in args.sizes.split(",") for path in args.paths.split(",")],
        notes=[
            "before: regulations.services.import_regulation in one transaction, as the admin's confirmation ran it",
            "after:  regulations.import_jobs.run_regulation_import, what the worker runs: batches of 200, one index"
            " call",
        ],
    )


if __name__ == "__main__":
    main()
