"""Refused actions of training (操作被拒绝): the errors every training service raises."""

from __future__ import annotations


class TrainingError(ValueError):
    """A refused action; the message is Chinese and shown to the user as it is."""


class UploadRejected(TrainingError):
    pass
