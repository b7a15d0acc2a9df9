"""跟以固效 pages, included under ``/followup/`` by ``rtpt_site.urls``."""

from django.urls import path

from . import views, views_manage

app_name = "followup"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("evaluate/<str:kind>/<int:target_id>/", views.evaluate, name="evaluate"),
    path("tasks/<int:task_id>/done/", views.task_done, name="task_done"),
    path("results/", views.results_page, name="results"),
    path("mentor/", views.mentor_home, name="mentor"),
    path("mentor/<int:assignment_id>/", views.mentee, name="mentee"),
    path("mentor/<int:assignment_id>/notes/", views.note_add, name="note_add"),
    path("mentor/<int:assignment_id>/tasks/", views.task_add, name="task_add"),
    path("projects/", views_manage.project_list, name="projects"),
    path("projects/grades/", views_manage.grades, name="grades"),
    path("projects/new/", views_manage.project_new, name="project_new"),
    path("projects/<int:project_id>/", views_manage.project_detail, name="project"),
    path("projects/<int:project_id>/edit/", views_manage.project_edit, name="project_edit"),
    path("projects/<int:project_id>/results.csv", views_manage.results_csv, name="results_csv"),
    path("projects/<int:project_id>/three/", views_manage.three, name="three"),
    path("projects/<int:project_id>/mentors/", views_manage.mentor_assign, name="mentor_assign"),
]
