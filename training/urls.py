"""Learners' POST actions on training pages (加入课程、观看进度、测评、作业、互评), by page id.

Included from ``rtpt_site.urls`` before Wagtail's catch-all; pages link here with ``{% url %}``.
"""

from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("courses/<int:page_id>/enrol/", views.course_enrol, name="course_enrol"),
    path("items/<int:page_id>/watched/", views.item_watched, name="item_watched"),
    path("items/<int:page_id>/beat/", views.item_beat, name="item_beat"),
    path("lectures/<int:page_id>/quiz/", views.quiz_submit, name="quiz_submit"),
    path(
        "modules/<int:page_id>/assignments/<int:assignment_id>/submit/",
        views.assignment_submit,
        name="assignment_submit",
    ),
    path("modules/<int:page_id>/reviews/<int:review_id>/", views.peer_review_submit, name="peer_review_submit"),
]
