"""``/api/v1/``: the versioned API, its OpenAPI 3 schema and its docs (assets served locally)."""

from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from django.urls import path

from . import views, views_imports, views_me

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api_schema"), name="api_redoc"),
    path("resources/", views.ResourceList.as_view(), name="api_resources"),
    path("resources/<str:pk>/", views.ResourceDetail.as_view(), name="api_resource"),
    path("search/", views.Search.as_view(), name="api_v1_search"),
    path("courses/", views.CourseList.as_view(), name="api_courses"),
    path("courses/<str:pk>/", views.CourseDetail.as_view(), name="api_course"),
    path("workshops/", views.WorkshopList.as_view(), name="api_workshops"),
    path("workshops/<str:pk>/", views.WorkshopDetail.as_view(), name="api_workshop"),
    path("showcase/", views.CaseList.as_view(), name="api_cases"),
    path("showcase/<str:pk>/", views.CaseDetail.as_view(), name="api_case"),
    path("stages/", views.StageList.as_view(), name="api_stages"),
    path("subjects/", views.SubjectList.as_view(), name="api_subjects"),
    path("grades/", views.GradeList.as_view(), name="api_grades"),
    path("regions/", views.RegionList.as_view(), name="api_regions"),
    path("schools/", views.SchoolList.as_view(), name="api_schools"),
    path("me/", views_me.Me.as_view(), name="api_me"),
    path("me/credits/", views_me.MyCredits.as_view(), name="api_my_credits"),
    path("me/enrolments/", views_me.MyEnrolments.as_view(), name="api_my_enrolments"),
    path("me/works/", views_me.MyWorks.as_view(), name="api_my_works"),
    path("stats/region/", views_me.RegionFigures.as_view(), name="api_region_stats"),
    path("imports/", views_imports.ImportJobList.as_view(), name="api_imports"),
    path("imports/<str:pk>/", views_imports.ImportJobDetail.as_view(), name="api_import"),
]
