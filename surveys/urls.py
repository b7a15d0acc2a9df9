from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.my_surveys, name="mine"),
    path("new/", views.survey_new, name="new"),
    path("<int:survey_id>/", views.survey_answer, name="answer"),
    path("<int:survey_id>/edit/", views.survey_edit, name="edit"),
    path("<int:survey_id>/build/", views.survey_build, name="build"),
    path("<int:survey_id>/publish/", views.survey_publish, name="publish"),
    path("<int:survey_id>/questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path("<int:survey_id>/questions/<int:question_id>/move/", views.question_move, name="question_move"),
    path("<int:survey_id>/questions/<int:question_id>/delete/", views.question_delete, name="question_delete"),
    path("<int:survey_id>/results/", views.survey_results, name="results"),
    path("<int:survey_id>/results.csv", views.survey_export_csv, name="export_csv"),
    path("<int:survey_id>/results.xlsx", views.survey_export_xlsx, name="export_xlsx"),
    path("<int:survey_id>/remind/", views.survey_remind, name="remind"),
]
