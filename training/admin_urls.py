from django.urls import path

from . import admin_views

app_name = "training_admin"
urlpatterns = [
    path("", admin_views.course_list, name="courses"),
    path("course/<int:course_id>/", admin_views.course_detail, name="course"),
    path("module/<int:module_id>/attendance/", admin_views.module_attendance, name="module_attendance"),
    path("assignment/<int:assignment_id>/", admin_views.assignment_action, name="assignment_action"),
    path("recording/<int:recording_id>/slices/", admin_views.recording_slices, name="recording_slices"),
    path("submission/<int:submission_id>/", admin_views.submission_detail, name="submission"),
]
