"""``manage.py import_teachers FILE [--dry-run] [--as EDITOR] [--password X]``: the admin's
导入教师账号 from the command line, with the same report (README: "Accounts at county scale")."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from home.people_import import ImportFileError, ImportRefused, read_sheet, teachers_import


class Command(BaseCommand):
    help = "从 CSV 或 Excel（.xlsx）名单批量创建、更新教师账号（列：姓名、用户名或工号、学校、任教学科、学段、邮箱）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV 或 .xlsx 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入任何数据")
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="以该编辑的身份导入（学校须在其负责区域内）；不填则不限区域",
        )
        parser.add_argument("--password", default="", help="新账号的统一初始密码；不填则每个新账号随机生成")

    def handle(self, *args, file, dry_run, as_user, password, **options):
        actor = None
        if as_user:
            actor = get_user_model().objects.filter(username=as_user).first()
            if actor is None:
                raise CommandError(f"没有找到账号：{as_user}")
        try:
            data = Path(file).read_bytes()
        except OSError:
            raise CommandError(f"找不到文件：{file}") from None
        try:
            report = teachers_import(
                rows=read_sheet(data=data, filename=file), actor=actor, dry_run=dry_run, initial_password=password
            )
        except (ImportFileError, ImportRefused) as error:
            raise CommandError(str(error)) from None
        *lines, summary = report.as_text()
        for line in lines:
            self.stdout.write(line)
        if report.error_count:
            raise CommandError(f"{summary}。有错误的行未导入，改正后可重新导入整个文件。")
        self.stdout.write(self.style.SUCCESS(summary))
