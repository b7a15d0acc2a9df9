"""``manage.py export_credits OUTPUT [--teacher USERNAME ...]``: the ledger in the 学分银行 exchange
format (``docs/credit-records.md``); the format follows OUTPUT's ending (.csv, .xlsx, .json)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from credits.records import WRITERS, credit_record_rows, ledger_entries


class Command(BaseCommand):
    help = "按学分银行交换格式导出学分档案（.csv、.xlsx 或 .json，格式见 docs/credit-records.md）。"

    def add_arguments(self, parser):
        parser.add_argument("output", help="输出文件路径，扩展名决定格式")
        parser.add_argument("--teacher", action="append", default=[], help="只导出这些教师（用户名，可重复）")

    def handle(self, *args, output, teacher, **options):
        fmt = output.rsplit(".", 1)[-1].lower()
        if fmt not in WRITERS:
            raise CommandError("输出文件的扩展名应为 .csv、.xlsx 或 .json。")
        teachers = None
        if teacher:
            teachers = list(get_user_model().objects.filter(username__in=teacher))
            missing = set(teacher) - {t.get_username() for t in teachers}
            if missing:
                raise CommandError(f"没有找到账号：{'、'.join(sorted(missing))}")
        rows = credit_record_rows(ledger_entries(teachers))
        Path(output).write_bytes(WRITERS[fmt][1](rows))
        self.stdout.write(self.style.SUCCESS(f"已导出 {len(rows)} 条学分记录到 {output}"))
