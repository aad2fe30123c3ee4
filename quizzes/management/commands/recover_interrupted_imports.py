"""Take back the imports a killed worker left 导入中: the question import and the regulation import.

Run before the background worker starts (``ExecStartPre`` of site/deploy/xuncha-worker.service, and
scripts/run.sh) with ``--minutes 0``: one worker runs the imports, so when it is about to start, every import
still 导入中 was left by one that is gone. Without ``--minutes``, only imports with no progress for the
timeout (10 minutes) are taken back, so it is safe while a worker runs.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from quizzes.spreadsheet_jobs import STALE_AFTER, recover_interrupted_imports
from regulations.api import recover_interrupted_imports as recover_interrupted_regulation_imports


class Command(BaseCommand):
    help = "撤销被中断（服务重启、进程被杀）而停在“导入中”的题库导入和法规导入，并把它们标为失败。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=float,
            default=STALE_AFTER.total_seconds() / 60,
            help="只处理超过这么多分钟没有进展的导入（默认 10）；在后台任务进程启动前用 0。",
        )

    def handle(self, *args, minutes, **options):
        if minutes < 0:
            raise CommandError("--minutes 不能为负数。")
        stale_after = timedelta(minutes=minutes)
        questions = recover_interrupted_imports(stale_after=stale_after)
        regulations = recover_interrupted_regulation_imports(stale_after=stale_after)
        self.stdout.write(
            f"已撤销被中断的导入：题库 {len(questions)} 个{_ids(questions)}，"
            f"法规 {len(regulations)} 个{_ids(regulations)}。"
        )


def _ids(ids: list[int]) -> str:
    return f"（编号 {'、'.join(map(str, ids))}）" if ids else ""
