"""课堂切片诊断 in the portal (``/diagnosis/``)."""

from django.urls import path

from . import views

app_name = "diagnosis"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("waiting/", views.waiting, name="waiting"),
    path("county/", views.county, name="county"),
    path("<int:diagnosis_id>/", views.detail, name="detail"),
    path("<int:diagnosis_id>/video/<int:number>/", views.video, name="video"),
    path("<int:diagnosis_id>/design/", views.design, name="design"),
    path("<int:diagnosis_id>/slices/", views.slice_add, name="slice_add"),
    path("<int:diagnosis_id>/slices/<int:slice_id>/replies/", views.reply_add, name="reply_add"),
    path("<int:diagnosis_id>/practice/", views.practice, name="practice"),
    path("<int:diagnosis_id>/<slug:action>/", views.step_action, name="step"),
]
