"""A quiz attempt refreshes the teacher's course measurements, and a review decision on a work
the teacher's review measurements, after the commit."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from home.tasks_queue import enqueue_on_commit
from resources.review.models import ReviewDecision
from training.models import QuizAttempt

from .tasks import course_scores_refresh, review_scores_refresh


@receiver(post_save, sender=QuizAttempt, dispatch_uid="research-quiz-attempt")
def quiz_attempt_saved(sender, instance, created, **kwargs):
    if created:
        enqueue_on_commit(course_scores_refresh, instance.lecture_id, instance.teacher_id)


@receiver(post_save, sender=ReviewDecision, dispatch_uid="research-review-decision")
def review_decision_saved(sender, instance, created, **kwargs):
    if created:
        row = type(instance.page).objects.filter(pk=instance.page_id).values_list("author_id", "owner_id").first()
        teacher_id = row and (row[0] or row[1])  # the work's author, else its owner (as review notices)
        if teacher_id:
            enqueue_on_commit(review_scores_refresh, teacher_id)
