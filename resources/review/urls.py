from django.urls import path

from . import views

app_name = "resources_review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("mine/", views.mine, name="mine"),
    path("inbox/", views.inbox, name="inbox"),
    path("page/<int:page_id>/", views.detail, name="detail"),
    path("page/<int:page_id>/<slug:action>/", views.act, name="act"),
]
