"""``manage.py import_resources FILE.jsonl``: bulk import of generated resources (README:
"Import")."""

import sys

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from resources.services import ImportLineError, resources_import


class Command(BaseCommand):
    help = "从 JSON Lines 文件批量导入生成性资源（每行一份资源；external_id 相同则更新）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON Lines 文件路径，“-” 表示标准输入")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, file, no_progress, **options):
        if file == "-":
            lines = sys.stdin.read().splitlines()
        else:
            try:
                with open(file, encoding="utf-8-sig") as fh:
                    lines = fh.read().splitlines()
            except FileNotFoundError:
                raise CommandError(f"找不到文件：{file}") from None
            except UnicodeDecodeError as exc:
                raise CommandError(f"文件不是 UTF-8 编码（第 {exc.start} 字节附近）。") from None
        show_progress = not no_progress and sys.stderr.isatty()
        bar = tqdm(total=len(lines), unit="行", desc="导入资源", disable=not show_progress, file=sys.stderr)
        try:
            # With DEBUG on (development) Django records every SQL statement for the error
            # page; an import runs about ten per line and the recording cost a quarter of
            # the run. This process only imports, so it turns the recording off.
            with override_settings(DEBUG=False):
                result = resources_import(lines=lines, progress=bar.update)
        except ImportLineError as exc:
            raise CommandError(str(exc)) from None
        finally:
            bar.close()
        for number, reason in result.failed:
            self.stderr.write(f"第 {number} 行：{reason}")
        summary = f"导入完成：新建 {result.created} 份，更新 {result.updated} 份，跳过 {result.skipped} 份，失败 {len(result.failed)} 行。"
        if result.failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
