"""``manage.py search_rebuild``: rebuild the search indexes from every indexed page
(resources, courses, micro-lectures, lesson recordings, cases, public workshops).

Elasticsearch (when ELASTICSEARCH_URL is set) is rebuilt into a new index and the alias
switched at the end, so search keeps answering from the old index meanwhile. The database
index is rebuilt too (``--only`` picks one).
"""

import sys

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

from search import services
from search.backends import elasticsearch as es


class Command(BaseCommand):
    help = "重建搜索索引（Elasticsearch 建新索引后切换别名；数据库索引整体重建）。"

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=["elasticsearch", "database"], help="只重建其中一个索引。")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条（非终端时自动关闭）。")

    def handle(self, *args, only=None, batch_size=500, no_progress=False, **options):
        ids = services.all_document_ids()
        show = not no_progress and sys.stderr.isatty()
        if only in (None, "database"):
            with tqdm(total=len(ids), desc="数据库索引", unit="篇", disable=not show) as bar:
                count = services.database_rebuild(progress=bar.update, batch_size=batch_size)
            self.stdout.write(f"数据库索引：已重建 {count} 篇资源。")
        if only in (None, "elasticsearch"):
            if not es.enabled():
                if only == "elasticsearch":
                    raise CommandError("未设置 ELASTICSEARCH_URL，无法重建 Elasticsearch 索引。")
                return
            try:
                with tqdm(total=len(ids), desc="Elasticsearch", unit="篇", disable=not show) as bar:
                    index, count = services.es_rebuild(page_ids=ids, progress=bar.update, batch_size=batch_size)
            except es.Unavailable as exc:
                raise CommandError(f"Elasticsearch 不可用，重建中止（旧索引未受影响）：{exc}") from exc
            self.stdout.write(f"Elasticsearch：已写入 {count} 篇资源到 {index}，别名 {es.alias_name()} 已切换。")
