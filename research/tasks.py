from celery import shared_task


@shared_task(name="research.course_scores_refresh", ignore_result=True)
def course_scores_refresh(lecture_id: int, teacher_id: int) -> None:
    """After a quiz attempt: the teacher's course measurements (``research.course_scores``)."""
    from .course_scores import course_of_lecture
    from .course_scores import course_scores_refresh as refresh

    course_id = course_of_lecture(lecture_id)
    if course_id is not None:
        refresh(course_id=course_id, teacher_id=teacher_id)


@shared_task(name="research.review_scores_refresh", ignore_result=True)
def review_scores_refresh(teacher_id: int) -> None:
    """After a review decision on one of the teacher's works (``research.review_scores``)."""
    from .review_scores import review_scores_refresh as refresh

    refresh(teacher_id=teacher_id)
