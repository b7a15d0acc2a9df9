"""A quiz attempt refreshes the teacher's course measurements, after the commit."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from home.tasks_queue import enqueue_on_commit
from training.models import QuizAttempt

from .tasks import course_scores_refresh


@receiver(post_save, sender=QuizAttempt, dispatch_uid="research-quiz-attempt")
def quiz_attempt_saved(sender, instance, created, **kwargs):
    if created:
        enqueue_on_commit(course_scores_refresh, instance.lecture_id, instance.teacher_id)
