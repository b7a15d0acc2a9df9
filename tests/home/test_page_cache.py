"""Page cache for anonymous visitors: fast for the public, never one user's view for another."""

import pytest

from django.test import override_settings

from wagtail.models import PageViewRestriction

from resources.models import GeneratedResourcePage
from resources.view_counts import resource_views_flush
from tests.factories import GeneratedResourcePageFactory, UserFactory

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-cache-tests"}}


@pytest.fixture(autouse=True)
def real_cache():
    from django.core.cache import cache

    with override_settings(CACHES=LOCMEM, PAGE_CACHE_SECONDS=300):
        cache.clear()
        yield
        cache.clear()


def rename_quietly(page, title):
    """Change a page in the database without publishing (so the cache is not told)."""
    type(page).objects.filter(pk=page.pk).update(title=title)


def test_anonymous_visitors_get_the_cached_page(client, library):
    first = client.get(library.url)
    assert first["X-Page-Cache"] == "MISS"
    rename_quietly(library, "改名后的资源库")
    second = client.get(library.url)
    assert second["X-Page-Cache"] == "HIT"
    assert second.content == first.content


def test_signed_in_users_are_never_served_from_or_stored_in_the_cache(client, library):
    teacher = UserFactory(username="teacher_cache", role="teacher")  # role saves the user
    client.force_login(teacher)
    private = client.get(library.url)
    assert "X-Page-Cache" not in private
    assert "我的作品" in private.content.decode()  # what only a signed-in user sees

    anonymous = client.__class__()
    public = anonymous.get(library.url)
    assert public["X-Page-Cache"] == "MISS"  # nothing was stored for the signed-in user
    assert "我的作品" not in public.content.decode() and "登录" in public.content.decode()

    again = client.get(library.url)  # the anonymous copy is never handed to the signed-in user
    assert "X-Page-Cache" not in again and "我的作品" in again.content.decode()


def test_publishing_clears_the_cache(client, library):
    client.get(library.url)
    library.title = "资源库（新版）"
    library.save_revision().publish()
    response = client.get(library.url)
    assert response["X-Page-Cache"] == "MISS"
    assert "资源库（新版）" in response.content.decode()


def test_unpublishing_a_resource_removes_it_from_cached_listings_at_once(client, library):
    resource = GeneratedResourcePageFactory(parent=library, title="即将下线的教学设计")
    assert resource.title in client.get(library.url).content.decode()
    resource.unpublish()
    assert resource.title not in client.get(library.url).content.decode()


def test_restricted_pages_are_never_cached(client, library):
    PageViewRestriction.objects.create(page=library, restriction_type=PageViewRestriction.PASSWORD, password="x1")
    first = client.get(library.url)
    assert first.status_code == 200 and "密码" in first.content.decode()  # the password form
    restriction = PageViewRestriction.objects.get(page=library)
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{library.pk}/",
        {"password": "x1", "return_url": library.url},
    )
    passed = client.get(library.url)
    assert passed.status_code == 200 and "X-Page-Cache" not in passed  # has a session: never cached
    stranger = client.__class__().get(library.url)
    assert "共找到" not in stranger.content.decode()  # still the password form for everyone else


def test_pages_not_listed_are_not_cached(client, library):
    resource = GeneratedResourcePageFactory(parent=library)
    client.get(resource.url)
    client.get(resource.url)
    resource_views_flush()
    assert GeneratedResourcePage.objects.get(pk=resource.pk).view_count == 2  # every view counted
    assert "X-Page-Cache" not in client.get(resource.url)


def test_query_strings_are_separate_entries(client, library):
    GeneratedResourcePageFactory(parent=library, title="初中的设计")
    all_stages = client.get(library.url)
    primary = client.get(library.url, {"stage": "小学"})
    assert primary["X-Page-Cache"] == "MISS"
    assert "初中的设计" in all_stages.content.decode() and "初中的设计" not in primary.content.decode()


def test_a_hit_is_answered_before_routing_without_any_sql(client, library, django_assert_num_queries):
    client.get(library.url)
    with django_assert_num_queries(0):
        hit = client.get(library.url)
    assert hit["X-Page-Cache"] == "HIT"
    # What the whole middleware stack added on the way out is part of the stored page.
    assert hit["X-Frame-Options"] == "DENY" and hit["Content-Type"].startswith("text/html")


def test_signed_in_requests_never_read_the_cache(client, library):
    anonymous = client.__class__()
    anonymous.get(library.url)
    assert anonymous.get(library.url)["X-Page-Cache"] == "HIT"
    client.force_login(UserFactory(username="teacher_cache2", role="teacher"))
    response = client.get(library.url)
    assert "X-Page-Cache" not in response and "我的作品" in response.content.decode()


def test_only_pages_are_stored_never_other_views(client, library):
    client.get("/accounts/login/")
    second = client.get("/accounts/login/")  # a form with a CSRF token, not a page
    assert "X-Page-Cache" not in second


def test_a_page_whose_response_sets_a_cookie_is_not_stored(client, library):
    from wagtail import hooks

    def serve_setting_a_cookie(next_serve):
        def serve(page, request, args, kwargs):
            response = next_serve(page, request, args, kwargs)
            response.set_cookie("visitor", "42")
            return response

        return serve

    with hooks.register_temporarily("on_serve_page", serve_setting_a_cookie, order=200):
        client.get(library.url)
        assert client.get(library.url)["X-Page-Cache"] == "MISS"


def test_changing_the_site_or_a_taxonomy_starts_afresh(client, library):
    from wagtail.models import Site

    from home.models import Subject

    client.get(library.url)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "资源云（新）"
    site.save()
    assert client.get(library.url)["X-Page-Cache"] == "MISS"

    Subject.objects.filter(name="数学").update(name="数学（旧名）")  # quietly: nothing is told
    assert "数学（旧名）" not in client.get(library.url).content.decode()
    subject = Subject.objects.get(name="数学（旧名）")
    subject.name = "小学数学"
    subject.save()
    assert '<option value="小学数学">' in client.get(library.url).content.decode()
