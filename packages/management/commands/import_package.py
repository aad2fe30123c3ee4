"""Import a content package from the command line: the same checks, preview and all-or-nothing import as the
admin's 内容包 → 导入, for an office (or a 全市共享 hub) that scripts its imports."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from packages.format import PackageError
from packages.importing import ImportPreview, Outcome, apply_import, preview_import, upload_package

OUTCOME_ORDER = [Outcome.NEW, Outcome.UPDATE, Outcome.CONFLICT, Outcome.UNCHANGED, Outcome.OWN]
OUTCOME_NAMES = {
    Outcome.NEW: "新增",
    Outcome.UPDATE: "更新",
    Outcome.CONFLICT: "冲突",
    Outcome.UNCHANGED: "无变化",
    Outcome.OWN: "本办原创（跳过）",
}
CITATION_NAMES = {"same": "相同", "renumbered": "已重新编号", "changed": "已修改", "missing": "未找到"}
RESULT_NAMES = {**OUTCOME_NAMES, "kept": "冲突：保留本地"}


class _DryRun(Exception):
    """Raised to roll back the upload row a dry run made for its preview."""


class Command(BaseCommand):
    help = (
        "导入其他巡察办的内容包：先检查文件并列出预览（新增、更新、冲突、无变化，以及需要编辑处理的法规引用），"
        "再全部导入（--dry-run 只预览，不写入）。导入的页面为草稿，须经本办审核发布。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="内容包文件（.zip）")
        parser.add_argument("--user", required=True, help="以哪位编辑的身份导入（用户名）")
        choice = parser.add_mutually_exclusive_group()
        choice.add_argument(
            "--keep-local", action="store_true", help="有冲突的条目保留本地修改（默认：冲突时停止，不导入）"
        )
        choice.add_argument(
            "--take-package",
            action="store_true",
            help="有冲突的条目采用内容包的新版本（作为草稿修订，本地版本留在历史中）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只显示预览，不写入任何内容")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"没有用户名为 {options['user']} 的有效用户。")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{error.strerror or error}") from error
        try:
            with transaction.atomic():
                upload = upload_package(data=data, file_name=path.name, user=user)
                preview = preview_import(upload=upload)
                self._print_preview(preview)
                if preview.problems:
                    raise PackageError(preview.problems[0])
                if options["dry_run"]:
                    raise _DryRun
                conflicts = {item.key for item in preview.conflicts}
                if conflicts and not (options["keep_local"] or options["take_package"]):
                    raise PackageError(
                        f"有 {len(conflicts)} 项冲突（此前导入、本地已修改）：请加上 --keep-local（保留本地修改）"
                        "或 --take-package（采用内容包的新版本）后重新运行。未导入任何内容。"
                    )
                results = apply_import(
                    upload=upload, user=user, keep_local=conflicts if options["keep_local"] else set()
                )
        except _DryRun:
            self.stdout.write("试运行（--dry-run）：未写入任何内容。")
            return
        except PackageError as error:
            self.stderr.write(error.message)
            raise SystemExit(1) from error
        counts = {}
        for result in results:
            counts[result["outcome"]] = counts.get(result["outcome"], 0) + 1
        summary = "，".join(f"{RESULT_NAMES.get(o, o)} {n} 项" for o, n in counts.items())
        self.stdout.write(f"已导入：{summary}。导入的页面是草稿，请在后台审核后发布；题目暂不参与抽题，测验为草稿。")

    def _print_preview(self, preview: ImportPreview) -> None:
        manifest = preview.manifest
        package = manifest["package"]
        write = self.stdout.write
        write(f"来源：{manifest['source']['name']}")
        write(f"内容包：{package['title']}（第{package['version']}版），批准人：{manifest.get('approved_by', '')}")
        write("条目：" + "，".join(f"{OUTCOME_NAMES[o]} {preview.count(o)} 项" for o in OUTCOME_ORDER))
        citations = [(item, c) for item in preview.items for c in item.citations]
        tally = {}
        for _item, citation in citations:
            tally[citation.outcome] = tally.get(citation.outcome, 0) + 1
        write(
            "法规引用：" + ("，".join(f"{CITATION_NAMES.get(o, o)} {n} 处" for o, n in sorted(tally.items())) or "无")
        )
        needing = [(item, c) for item in preview.items for c in item.citations_needing_editor]
        if needing:
            write(f"需要编辑处理的引用（{len(needing)} 处）：")
            for item, citation in needing:
                write(f"  [{CITATION_NAMES.get(citation.outcome, citation.outcome)}] {item.title}：{citation.note}")
        for item in preview.conflicts:
            write(f"冲突：{item.title}（{item.key}）")
            for label, here, theirs in item.differences:
                write(f"  {label}")
                write(f"    本地：{_short(here)}")
                write(f"    内容包：{_short(theirs)}")
        for problem in preview.problems:
            write(f"问题：{problem}")


def _short(text: str, limit: int = 300) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit] + "…"
