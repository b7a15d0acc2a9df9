"""The credit bank's models move here from the workshops app, tables and rows untouched.

State only: the tables keep their names (``workshops_creditrule``, ``workshops_creditentry``,
``workshops_exportrecord``); ``training`` then points its FK here and ``workshops`` drops the
models from its state (``workshops.0006``). The content types are renamed, not recreated, so
group permissions (editors change rules, trainers view the ledger), admin history and Wagtail's
reference index keep pointing at the same rows.
"""

from decimal import Decimal

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = ["creditrule", "creditentry", "exportrecord"]
SOURCES = [
    ("course", "课程学习"),
    ("school_research", "校本研修"),
    ("recommended_work", "优秀成果"),
    ("workshop", "工作坊研修"),
    ("other", "其他"),
]


def _move_content_types(apps, from_label: str, to_label: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MOVED:
        old = ContentType.objects.filter(app_label=from_label, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=to_label, model=model).first()
        if new is not None:
            # Created meanwhile (post_migrate of a partial run): keep the old row, whose id the
            # permissions, log entries and reference index use; fold the new row's grants into it.
            for permission in Permission.objects.filter(content_type=new):
                kept = Permission.objects.filter(content_type=old, codename=permission.codename).first()
                if kept is None:
                    permission.content_type = old
                    permission.save(update_fields=["content_type"])
                    continue
                for group in permission.group_set.all():
                    group.permissions.add(kept)
                for user in permission.user_set.all():
                    user.user_permissions.add(kept)
                permission.delete()
            new.delete()
        old.app_label = to_label
        old.save(update_fields=["app_label"])


def content_types_forward(apps, schema_editor):
    _move_content_types(apps, "workshops", "credits")


def content_types_backward(apps, schema_editor):
    _move_content_types(apps, "credits", "workshops")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("workshops", "0005_county_trainers_host_workshops"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CreditRule",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "source",
                            models.CharField(choices=SOURCES, max_length=30, unique=True, verbose_name="学分来源"),
                        ),
                        (
                            "yearly_cap",
                            models.DecimalField(
                                blank=True,
                                decimal_places=1,
                                help_text="每位教师每年该来源最多计入的学分；留空表示不设上限。",
                                max_digits=6,
                                null=True,
                                verbose_name="年度上限",
                            ),
                        ),
                        (
                            "yearly_target",
                            models.DecimalField(
                                blank=True,
                                decimal_places=1,
                                help_text="每位教师每年应达到的学分，用于达标统计。",
                                max_digits=6,
                                null=True,
                                verbose_name="年度要求",
                            ),
                        ),
                        (
                            "credits_per_hour",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("1.00"),
                                help_text="按学时记录时的折算比例。",
                                max_digits=4,
                                verbose_name="每学时折算学分",
                            ),
                        ),
                        (
                            "credits_per_item",
                            models.DecimalField(
                                decimal_places=1,
                                default=Decimal("2.0"),
                                help_text="按项计分的来源（优秀成果）每项的基础学分：县级优秀 ×1、市级优秀 ×2、省级优秀 ×3。",
                                max_digits=4,
                                verbose_name="每项学分",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "学分规则",
                        "verbose_name_plural": "学分规则",
                        "db_table": "workshops_creditrule",
                    },
                ),
                migrations.CreateModel(
                    name="CreditEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("source", models.CharField(choices=SOURCES, max_length=30, verbose_name="来源")),
                        ("amount", models.DecimalField(decimal_places=1, max_digits=6, verbose_name="学分")),
                        (
                            "hours",
                            models.DecimalField(
                                blank=True, decimal_places=1, max_digits=6, null=True, verbose_name="学时"
                            ),
                        ),
                        ("description", models.CharField(max_length=200, verbose_name="说明")),
                        (
                            "earned_on",
                            models.DateField(default=django.utils.timezone.localdate, verbose_name="获得日期"),
                        ),
                        (
                            "source_key",
                            models.CharField(
                                help_text="同一教师同一来源标识只记一次（例如 course:12），重复记录会被忽略。",
                                max_length=100,
                                verbose_name="来源标识",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="记录时间")),
                        (
                            "teacher",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="credit_entries",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="教师",
                            ),
                        ),
                        (
                            "verified_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="认定人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "学分记录",
                        "verbose_name_plural": "学分记录",
                        "db_table": "workshops_creditentry",
                        "ordering": ["-earned_on", "-pk"],
                        "indexes": [
                            models.Index(fields=["teacher", "earned_on"], name="workshops_c_teacher_65a360_idx")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("teacher", "source_key"), name="unique_credit_per_source_key"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ExportRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("code", models.CharField(max_length=20, unique=True, verbose_name="验证码")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("credits_csv", "学分记录（CSV）"),
                                    ("credits_print", "学分证明（打印版）"),
                                    ("monitoring_csv", "工作坊监测（CSV）"),
                                ],
                                max_length=20,
                                verbose_name="类型",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="导出时间"),
                        ),
                        ("summary", models.JSONField(default=dict, verbose_name="摘要")),
                        ("digest", models.CharField(max_length=64, verbose_name="内容摘要")),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="导出人",
                            ),
                        ),
                        (
                            "teacher",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="教师",
                            ),
                        ),
                        (
                            # As the table has it today; 0002 points it at Wagtail's Page.
                            "workshop",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="workshops.workshoppage",
                                verbose_name="工作坊",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "导出凭证",
                        "verbose_name_plural": "导出凭证",
                        "db_table": "workshops_exportrecord",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
