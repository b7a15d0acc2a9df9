"""``manage.py import_credits FILE --as EDITOR [--dry-run]``: import external credits (学分档案,
``docs/credit-records.md``) into the ledger; all lines or none, duplicates skipped and reported."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from credits.records import RecordsError, RecordsRefused, credit_records_import


class Command(BaseCommand):
    help = "导入外部学分档案（CSV、.xlsx 或 JSON，格式见 docs/credit-records.md）；有错误的行时整批不写入。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV、.xlsx 或 .json 文件路径")
        parser.add_argument("--as", dest="as_user", metavar="USERNAME", required=True, help="以该编辑的身份导入")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入任何数据")

    def handle(self, *args, file, as_user, dry_run, **options):
        editor = get_user_model().objects.filter(username=as_user).first()
        if editor is None:
            raise CommandError(f"没有找到账号：{as_user}")
        try:
            data = Path(file).read_bytes()
        except OSError:
            raise CommandError(f"找不到文件：{file}") from None
        try:
            report = credit_records_import(data=data, name=file, editor=editor, dry_run=dry_run)
        except (RecordsError, RecordsRefused) as error:
            raise CommandError(str(error)) from None
        for line in report.lines:
            self.stdout.write(f"{line.label}：{line.outcome}{'　' + line.message if line.message else ''}")
        summary = (
            f"新增 {report.count('新增')} 条，重复跳过 {report.count('重复（跳过）')} 条，错误 {len(report.errors)} 条"
        )
        if report.errors:
            raise CommandError(f"{summary}。文件中有错误，未写入任何记录；改正后请重新导入整个文件。")
        if dry_run:
            summary += "（试运行，未写入）"
        self.stdout.write(self.style.SUCCESS(summary))
