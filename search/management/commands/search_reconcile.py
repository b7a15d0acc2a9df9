"""``manage.py search_reconcile``: compare the resources with the search indexes and repair
what differs (missing, stale or extra documents), reporting what was fixed."""

from django.core.management.base import BaseCommand, CommandError

from search import services
from search.backends import elasticsearch as es


class Command(BaseCommand):
    help = "核对数据库与搜索索引，修复缺失、过期或多余的文档，并报告修复情况。"

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=["elasticsearch", "database"], help="只核对其中一个索引。")
        parser.add_argument("--dry-run", action="store_true", help="只报告差异，不修复。")

    def handle(self, *args, only=None, dry_run=False, **options):
        reports = []
        if only in (None, "database"):
            reports.append(services.database_reconcile(dry_run=dry_run))
        if only in (None, "elasticsearch"):
            if es.enabled():
                try:
                    reports.append(services.es_reconcile(dry_run=dry_run))
                except es.Unavailable as exc:
                    raise CommandError(f"Elasticsearch 不可用：{exc}") from exc
            elif only == "elasticsearch":
                raise CommandError("未设置 ELASTICSEARCH_URL。")
        verb = "发现" if dry_run else "修复"
        for report in reports:
            self.stdout.write(
                f"{report.target}：核对 {report.checked} 篇；{verb}缺失 {len(report.added)}、过期 {len(report.updated)}、"
                f"多余 {len(report.removed)}。"
            )
            for label, ids in (("缺失", report.added), ("过期", report.updated), ("多余", report.removed)):
                if ids:
                    self.stdout.write(f"  {label}：{', '.join(map(str, ids[:50]))}{' …' if len(ids) > 50 else ''}")
