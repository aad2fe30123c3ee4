"""Benchmark: import a generated 300-article regulation and render its page.

Prints import time, render time and SQL query counts, for a small and a large regulation, so a
query per article would show as a growing count. Not a test: run it by hand.

    .venv/bin/python bench/regulation_import.py [--articles 300]
"""

import argparse
import time

from throwaway_django import setup_throwaway_django


def generated_text(articles: int) -> str:
    from regulations.numerals import article_label, to_chinese

    lines = ["基准测试条例（生成）", "（基准测试用生成文本）"]
    per_chapter = 10
    for number in range(1, articles + 1):
        if number % per_chapter == 1:
            chapter = number // per_chapter + 1
            lines.append(f"第{to_chinese(chapter)}章　第{to_chinese(chapter)}部分")
        reference = f"依照本条例第{to_chinese(max(1, number - 1))}条的规定，" if number > 1 else ""
        lines.append(f"{article_label(number)}　{reference}巡察组应当围绕第{number}项监督内容开展个别谈话和查阅资料。")
        lines.append("有下列情形之一的，应当及时报告：")
        lines.append("（一）发现问题线索的；")
        lines.append("（二）被巡察单位不配合的。")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()

    setup_throwaway_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from regulations.services import import_regulation

    call_command("migrate", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.create(username="bench-reader"))

    rows = []
    for size in (10, args.articles):
        source = generated_text(size).encode("gb18030")
        # The log holds at most 9000 queries; migrate filled it, which would hide every new one.
        connection.queries_log.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as import_queries:
            regulation = import_regulation(
                source=source, filename=f"bench-{size}.txt", title=f"基准测试条例{size}", publish=True
            )
        import_seconds = time.perf_counter() - started
        client.get(regulation.url)  # warm the template and URL caches
        connection.queries_log.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as render_queries:
            response = client.get(regulation.url)
        render_seconds = time.perf_counter() - started
        assert response.status_code == 200
        rows.append((size, len(source), import_seconds, len(import_queries), render_seconds, len(render_queries)))

    print(
        f"{'articles':>8} | {'bytes':>7} | {'import s':>8} | {'import SQL':>10} | {'render ms':>9} | {'render SQL':>10}"
    )
    print("-" * 68)
    for size, size_bytes, import_s, import_q, render_s, render_q in rows:
        render_ms = render_s * 1000
        print(f"{size:>8} | {size_bytes:>7} | {import_s:>8.2f} | {import_q:>10} | {render_ms:>9.1f} | {render_q:>10}")
    small, large = rows[0][5], rows[-1][5]
    verdict = "constant" if small == large else f"grows by {large - small}"
    print(f"\nrender queries: {verdict} between {rows[0][0]} and {rows[-1][0]} articles")


if __name__ == "__main__":
    main()
