import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regulations.import_jobs import import_file
from regulations.models import RegulationPage
from regulations.parsing import MAX_SOURCE_BYTES, RegulationParseError, parse_source, to_json


class Command(BaseCommand):
    # The same job as the admin's background import (regulations.import_jobs), run here in this process.
    help = "导入一部法规（.txt 为 UTF-8 或 GBK/GB18030 编码，或 .docx），生成一个新版本（草稿）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="法规文本文件（.txt 或 .docx）")
        parser.add_argument("--title", required=True, help="法规标题")
        parser.add_argument("--revises", type=int, help="被本文本修订的旧版本的页面 ID")
        parser.add_argument("--dry-run", action="store_true", help="只解析，不写入数据库")
        parser.add_argument(
            "--json", action="store_true", help="与 --dry-run 一起使用：把解析结果以 JSON 输出到标准输出"
        )
        parser.add_argument(
            "--allow-numbering-gaps", action="store_true", help="允许条文序号跳号（重复的序号始终不允许）"
        )
        parser.add_argument("--publish", action="store_true", help="导入后直接发布（默认保存为草稿）")

    def handle(self, *args, file, title, revises, dry_run, json, allow_numbering_gaps, publish, **options):
        if json and not dry_run:
            raise CommandError("--json 只能与 --dry-run 一起使用。")
        source = self._read(Path(file))
        previous = self._previous(revises)
        if dry_run:
            try:
                parsed = parse_source(
                    source, filename=Path(file).name, title=title, allow_numbering_gaps=allow_numbering_gaps
                )
            except RegulationParseError as error:
                raise CommandError(error.message) from error
            if json:
                self.stdout.write(_dumps(to_json(parsed)))
            self.stderr.write(f"解析成功：{len(parsed.articles)} 条，{len(parsed.chapters)} 章（未写入数据库）。")
            return
        try:
            regulation = import_file(
                source=source,
                filename=Path(file).name,
                title=title,
                revises=previous,
                allow_numbering_gaps=allow_numbering_gaps,
                publish=publish,
            )
        except RegulationParseError as error:
            raise CommandError(error.message) from error
        state = "已发布" if regulation.live else "草稿，请在管理后台审核发布"
        self.stderr.write(
            f"已导入“{regulation.title}”（页面 ID {regulation.pk}，{regulation.articles.count()} 条，{state}）。"
        )

    def _read(self, path: Path) -> bytes:
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise CommandError(f"文件过大：超过 {MAX_SOURCE_BYTES // (1024 * 1024)} MB 的上限。")
        return path.read_bytes()

    def _previous(self, revises: int | None) -> RegulationPage | None:
        if revises is None:
            return None
        previous = RegulationPage.objects.filter(pk=revises).first()
        if previous is None:
            raise CommandError(f"--revises 指定的旧版本（页面 ID {revises}）不存在。")
        return previous


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
