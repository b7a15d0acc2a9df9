"""make run serves only public media folders, however the path is spelled (which image files
are served to whom: tests/trust/test_private_files.py)."""

import pytest

from django.http import Http404
from django.test import RequestFactory

from home.media import serve_public_media


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "cover.jpg").write_bytes(b"\xff\xd8\xff jpeg")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "draft-plan.pdf").write_bytes(b"%PDF-1.4 private")
    return tmp_path


@pytest.mark.parametrize(
    "path",
    [
        "images/../documents/draft-plan.pdf",  # what /media/images/%2e%2e/documents/… decodes to
        "images/./../documents/draft-plan.pdf",
        "documents/draft-plan.pdf",
        "../documents/draft-plan.pdf",
        "images\\..\\documents\\draft-plan.pdf",
        "/documents/draft-plan.pdf",
    ],
)
def test_no_path_reaches_a_document(media_root, path):
    with pytest.raises(Http404):
        serve_public_media(RequestFactory().get("/media/x"), path)
