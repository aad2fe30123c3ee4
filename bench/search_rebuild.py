"""Benchmark: a full Whoosh rebuild (`manage.py update_index`), its time and peak memory, and edits made during it.

Builds N articles of Chinese text composed from varied sentences (bench/search_corpus.py, the corpus of
bench/search_backends.py, with its cases and interview guides), then runs `manage.py update_index`
in a child process, as an operator would, and reads that process's peak resident memory. With ``--edits``,
this process saves articles while the rebuild runs and reports how long each save's index write waited and
whether every edit is in the new generation. Not a test: run it by hand.

    .venv/bin/python bench/search_rebuild.py [--articles 1000 10000 30000] [--edits]

It also times the first search in a new process, cold (what a new gunicorn worker's first user waited for)
and after ``search.apps.warm_up_search`` (what gunicorn's post_worker_init now does before any request).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run_rebuild(env: dict, *, edits: bool) -> tuple[float, float, list[float], int, int]:
    """(seconds, peak MB of the update_index process, index-write waits of edits in s, edits, edits missing)."""
    from modelsearch.query import Phrase

    from regulations.models import RegulationArticle

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "update_index", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    waits: list[float] = []
    edited: list[int] = []
    if edits:
        from modelsearch.backends import get_search_backend

        from search.apps import warm_up_search

        backend = get_search_backend("default")
        store = backend.store
        warm_up_search()  # the editors' workers are warm: time the index write, not jieba's first load
        all_pks = list(RegulationArticle.objects.values_list("pk", flat=True))
        pks = all_pks[:: max(1, len(all_pks) // 200)]
        # Wait for the rebuild's generation to exist, then edit until it is live (bounded).
        for _ in range(2000):
            if store.building_generation() is not None or proc.poll() is not None:
                break
            time.sleep(0.05)
        for pk in pks:
            if proc.poll() is not None:
                break
            article = RegulationArticle.objects.get(pk=pk)
            article.text = f"重建期间修改。{article.text}"
            t0 = time.perf_counter()
            article.save()
            waits.append(time.perf_counter() - t0)
            edited.append(article.pk)
            time.sleep(0.2)
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"update_index failed:\n{err}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    missing = 0
    if edited:
        from modelsearch.backends import get_search_backend

        from search.tasks import drain_pending_index

        drain_pending_index.call()
        found = {a.pk for a in get_search_backend("default").search(Phrase("重建期间修改"), RegulationArticle)}
        missing = len(set(edited) - found)
    return seconds, max(peak, before) / 1024, waits, len(edited), missing


FIRST_SEARCH = """
import os, sys, time
sys.path.insert(0, {root!r})
import django
django.setup()
from search.apps import warm_up_search
warm = {warm!r}
if warm:
    warm_up_search()
from regulations.models import RegulationArticle
started = time.perf_counter()
results = RegulationArticle.objects.search("巡察 整改")
list(results[:20]); results.count()
print(time.perf_counter() - started)
"""


def first_search(env: dict, *, warm: bool) -> float:
    """Seconds of the first search in a new process (median of 3 processes)."""
    code = FIRST_SEARCH.format(root=str(ROOT), warm=warm)
    runs = [
        float(
            subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
            .stdout.strip()
            .splitlines()[-1]
        )
        for _ in range(3)
    ]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--edits", action="store_true", help="save articles while the rebuild runs")
    args = parser.parse_args()
    rows = []
    for n in args.articles:
        # A fresh child interpreter per size: each its own throwaway database and peak memory.
        if len(args.articles) > 1:
            out = subprocess.run(
                [sys.executable, __file__, "--articles", str(n), *(["--edits"] if args.edits else [])],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            rows.append(out.strip().splitlines()[-1])
            continue
        from bench.throwaway_django import setup_throwaway_django

        workdir = setup_throwaway_django(whoosh_index=True)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from bench.search_corpus import build_corpus

        build_corpus(n)
        env = {
            **os.environ,
            "SEARCH_BACKEND": "whoosh",
            "SEARCH_INDEX_DIR": f"{workdir}/index",
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        }
        seconds, peak, waits, edited, missing = run_rebuild(env, edits=args.edits)
        cold, warm = first_search(env, warm=False), first_search(env, warm=True)
        longest = max(waits) if waits else 0.0
        median = statistics.median(waits) if waits else 0.0
        rows.append(
            f"{n:>8} | {seconds:>9.1f} | {peak:>7.0f} | {edited:>5} | {median * 1000:>10.0f} | {longest * 1000:>10.0f}"
            f" | {missing:>7} | {cold * 1000:>13.0f} | {warm * 1000:>13.0f}"
        )
    print(
        "articles | rebuild s | peak MB | edits | wait p50 ms | wait max ms | missing | 1st search ms | after warm ms"
    )
    print("-" * 112)
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
