"""Choices of a workshop (教师工作坊) shared by the page and by proposals for new workshops."""

from django.db import models


class Visibility(models.TextChoices):
    PUBLIC = "public", "公开"
    MEMBERS = "members", "仅成员可见"


class JoinPolicy(models.TextChoices):
    REQUEST = "request", "申请加入，坊主审核"
    INVITE = "invite", "仅限坊主邀请"
