"""Benchmark: Chinese search recall and latency, this project's Whoosh backend against Wagtail's database backend.

Generates N articles of Chinese text (sentences of the demo regulation and cases, shuffled), indexes
them with each backend, and runs a fixed query set. Recall is measured against a substring scan of
the same texts (what a reader means by "the article contains the word"). Not a test: run it by hand.

    .venv/bin/python bench/search_backends.py [--articles 10000]
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "谈话",
    "个别谈话",
    "一把手",
    "问题线索",
    "线索",
    "巡察组",
    "三重一大",
    "整改",
    "选人用人",
    "民主集中制",
    "回避",
    "保密",
    "低保",
    "主体责任",
    "移交",
]


def sentence_pool() -> list[str]:
    from fixtures.demo.cases import CASES
    from fixtures.demo.regulation import REGULATION

    texts = [p for ch in REGULATION["chapters"] for s in ch["sections"] for a in s["articles"] for p in a["paragraphs"]]
    for case in CASES:
        texts += case["facts"] + case["basis"] + case["rectification"] + case["inspection_tips"] + [case["summary"]]
    sentences = [s + "。" for text in texts for s in re.split(r"[。\n]", text) if len(s) > 6]
    return sentences


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10000)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="xcxt-search-bench-")
    os.environ.update(
        XCXT_VAR_DIR=workdir,
        DATABASE_URL=f"sqlite:///{workdir}/bench.sqlite3",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        SEARCH_BACKEND="database",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from modelsearch.backends import get_search_backend

    from regulations.models import RegulationArticle
    from regulations.numerals import article_label
    from regulations.services import create_regulation, ensure_library

    call_command("migrate", verbosity=0)
    rng = random.Random(20261128)
    pool = sentence_pool()
    library = ensure_library()
    per_regulation = 1000  # realistic sizes; article numbers stay in the hundreds
    for first in range(0, args.articles, per_regulation):
        regulation = create_regulation(
            library=library, title=f"基准条例{first // per_regulation + 1}", slug=f"bench-{first}", drafts=[]
        )
        RegulationArticle.objects.bulk_create(
            RegulationArticle(
                regulation=regulation,
                ordinal=n,
                number=n,
                label=article_label(n),
                text="".join(rng.sample(pool, rng.randint(2, 5))),
            )
            for n in range(1, min(per_regulation, args.articles - first) + 1)
        )
    articles = list(RegulationArticle.objects.all())
    truth = {q: {a.pk for a in articles if q in a.text} for q in QUERIES}

    whoosh_dir = f"{workdir}/whoosh"
    backends = {
        "whoosh+jieba": get_search_backend("search.backend", INDEX_DIR=whoosh_dir),
        "database (SQLite FTS5)": get_search_backend("wagtail.search.backends.database"),
    }
    rows = []
    for name, backend in backends.items():
        started = time.perf_counter()
        backend.reset_indexes()
        for start in range(0, len(articles), 1000):
            backend.add_bulk(RegulationArticle, articles[start : start + 1000])
        backend.refresh_indexes()
        build = time.perf_counter() - started
        # Recall: every hit, against the substring scan.
        found = relevant = 0
        for query in QUERIES:
            hits = {a.pk for a in backend.search(query, RegulationArticle.objects.all())}
            found += len(hits & truth[query])
            relevant += len(truth[query])
        # Latency: what a reader waits for, the first page of 20 results with its total.
        latencies = []
        for _ in range(5):
            for query in QUERIES:
                started = time.perf_counter()
                results = backend.search(query, RegulationArticle.objects.all())
                list(results[:20])
                results.count()
                latencies.append((time.perf_counter() - started) * 1000)
        cut = statistics.quantiles(latencies, n=20)
        rows.append((name, build, 100 * found / relevant, statistics.median(latencies), cut[18]))

    print(
        f"{args.articles} articles, {len(QUERIES)} queries; recall against a substring scan;"
        " latency = first page of 20 plus the count\n"
    )
    print(f"{'backend':<24} | {'build s':>7} | {'recall %':>8} | {'p50 ms':>7} | {'p95 ms':>7}")
    print("-" * 66)
    for name, build, recall, p50, p95 in rows:
        print(f"{name:<24} | {build:>7.1f} | {recall:>8.1f} | {p50:>7.1f} | {p95:>7.1f}")


if __name__ == "__main__":
    main()
