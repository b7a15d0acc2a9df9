"""The rules every app shares, written once in home (people, params, visibility, streaming)."""

import pytest

from django.core.files.base import ContentFile
from django.test import RequestFactory

from home.params import parse_id, parse_ids, parse_int, parse_month
from home.people import display_name, profile_of, region_covers
from home.streaming import ranged_file_response
from home.visibility import path_is_public
from tests import factories as f


@pytest.mark.parametrize(
    "raw, expected",
    [("7", 7), (" 12 ", 12), ("²", None), ("١٢", None), ("1" * 30, None), ("-1", None), ("", None), (None, None)],
)
def test_parse_id_reads_only_ascii_database_ids(raw, expected):
    assert parse_id(raw) == expected


def test_parse_int_bounds_and_default():
    assert parse_int("5", maximum=4) is None
    assert parse_int("x", default=1) == 1
    assert parse_ids(["3", "²", "3", "9" * 25, "4"]) == [3, 4]


@pytest.mark.parametrize("raw", ["0001-01", "2026-13", "2026-00", "２０２６-01", "2026-1x", ""])
def test_parse_month_refuses_implausible_months(raw):
    assert parse_month(raw) is None


def test_parse_month_reads_a_month():
    assert parse_month("2026-03") == (2026, 3)


@pytest.mark.django_db
def test_region_covers_itself_and_below_but_not_a_sibling_with_a_common_prefix():
    yuelu = f.region("湖南省/长沙市/岳麓区")
    changsha = yuelu.parent
    other = f.region("湖南省/长沙市岳麓")  # same text prefix, not below
    assert region_covers(changsha, yuelu) and region_covers(yuelu, yuelu)
    assert not region_covers(yuelu, changsha)
    assert not region_covers(changsha, other)
    assert not region_covers(None, yuelu) and not region_covers(yuelu, None)


@pytest.mark.django_db
def test_display_name_prefers_the_profile_then_the_full_name_then_the_username():
    teacher = f.UserFactory(username="t1", first_name="", last_name="", role="teacher")
    assert display_name(teacher) == "t1"
    teacher.first_name = "晓燕"
    teacher.last_name = "王"
    assert display_name(teacher) in {"王晓燕", "晓燕 王"}
    teacher.profile.display_name = "王晓燕老师"
    teacher.profile.save()
    assert display_name(teacher) == "王晓燕老师"
    assert profile_of(teacher).display_name == "王晓燕老师"


def test_public_path_rule():
    assert path_is_public(live=True, path="000100010002", restricted=["00010003"])
    assert not path_is_public(live=True, path="000100030001", restricted=["00010003"])
    assert not path_is_public(live=False, path="000100010002", restricted=[])


def test_range_streaming_answers_ranges_suffixes_and_refuses_out_of_range():
    data = bytes(range(256)) * 4
    file = ContentFile(data, name="clip.mp4")
    rf = RequestFactory()
    whole = ranged_file_response(rf.get("/"), file=file)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    part = ranged_file_response(rf.get("/", HTTP_RANGE="bytes=10-19"), file=file)
    assert part.status_code == 206 and part["Content-Range"] == "bytes 10-19/1024"
    assert b"".join(part.streaming_content) == data[10:20]
    tail = ranged_file_response(rf.get("/", HTTP_RANGE="bytes=-4"), file=file)
    assert b"".join(tail.streaming_content) == data[-4:]
    assert ranged_file_response(rf.get("/", HTTP_RANGE="bytes=2000-"), file=file).status_code == 416
    assert ranged_file_response(rf.get("/", HTTP_RANGE="bytes=²-"), file=file).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"school": "²"}, {"school": "1" * 30}, {"level": "²"}, {"level": "9" * 30}])
def test_library_and_search_answer_crafted_numbers_with_a_message_not_a_500(client, library, params):
    listing = client.get(library.url, params)
    assert listing.status_code == 200
    assert "参数无效" in listing.content.decode()
    assert client.get("/search/", {"q": "数学", **params}).status_code < 500
    assert client.get("/api/search/", {"q": "数学", **params}).status_code in (200, 400)
