from django.urls import path

from . import views

app_name = "research"

urlpatterns = [
    path("heatmap/", views.heatmap, name="heatmap"),
    path("matching/", views.matching, name="matching"),
    path("me/", views.my_portrait, name="portrait"),
]
