from celery import shared_task


@shared_task(name="research.course_scores_refresh", ignore_result=True)
def course_scores_refresh(lecture_id: int, teacher_id: int) -> None:
    """After a quiz attempt: the teacher's course measurements (``research.course_scores``)."""
    from .course_scores import course_of_lecture
    from .course_scores import course_scores_refresh as refresh

    course_id = course_of_lecture(lecture_id)
    if course_id is not None:
        refresh(course_id=course_id, teacher_id=teacher_id)
