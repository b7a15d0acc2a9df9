from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from api import portal as api_portal
from home.media import serve_public_media, stream_video
from home.views import external_link_chooser, not_found
from resources.review.reports import report_urls
from resources.review.tags import tag_urls
from search import views as search_views

urlpatterns = [
    # Wagtail's deliberate-error page ("test of the emergency broadcast system") answers any
    # admin user with a 500; an operator tests error reporting another way.
    path("admin/failwhale/", not_found),
    # The snippet choosers' "create" step: none of the portal's snippet choosers has a creation
    # form, and Wagtail answered a POST there by anyone allowed to add the model with a 500
    # (None.is_valid).
    path("admin/snippets/choose/<str:app_label>/<str:model_name>/create/", not_found),
    *report_urls,
    *tag_urls,
    # Before Wagtail's admin: its external-link chooser answered a POST without "url" with a 500.
    path("admin/choose-external-link/", external_link_chooser),
    # One sign-in page for everyone: Wagtail's own login page forwards to the portal's.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    # The 访问令牌 page sits with the account pages; the API itself under /api/v1/.
    path("accounts/tokens/", api_portal.tokens, name="api_tokens"),
    path("accounts/tokens/<str:token_id>/revoke/", api_portal.token_revoke, name="api_token_revoke"),
    path("accounts/", include("home.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("media-file/<int:media_id>/", stream_video, name="stream_video"),
    path("search/", search_views.search, name="search"),
    path("api/search/", search_views.api_search, name="api_search"),
    path("api/search/suggest/", search_views.api_suggest, name="api_search_suggest"),
    path("api/v1/", include("api.urls")),
    # Live pages without view restrictions only (Wagtail's sitemap uses live().public()).
    path("sitemap.xml", sitemap, name="sitemap"),
    # Workshop actions (POST); the workshop pages themselves are served by Wagtail below.
    path("workshops/", include("workshops.urls")),
    # 跟踪与评价: training projects, anonymous evaluation, mentor follow-up, the 3个1.
    path("followup/", include("followup.urls")),
    # 调查问卷: the builder, answering, results and exports (all portal pages).
    path("surveys/", include("surveys.urls")),
    # 研以定向: heat map, matching, the teacher's 数字画像 and recommendations.
    path("research/", include("research.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or settings.SERVE_MEDIA_FROM_DISK:
    # Image files and poster frames from MEDIA_ROOT, each only to those who may see its image
    # (home.media checks the folder after normalising the path, then the image's policy);
    # documents and videos always go through their views so that download rules apply.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_public_media)]

urlpatterns += [
    # Learners' POST actions on training pages (by page id), before Wagtail's catch-all.
    path("training/", include("training.urls")),
    # 课堂切片诊断 (portal pages and actions), before Wagtail's catch-all.
    path("diagnosis/", include("diagnosis.urls")),
    path("", include(wagtail_urls)),
]

# JSON errors under /api/v1/ (api.http), the portal's templated pages everywhere else.
handler400 = "api.http.bad_request"
handler403 = "api.http.permission_denied"
handler404 = "api.http.page_not_found"
handler500 = "api.http.server_error"
