"""Finding: 30-digit ids overflowed the database driver (500) in portal and admin views."""

import pytest

BIG = "1" * 30


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/pages/{BIG}/",
        f"/admin/pages/{BIG}/edit/",
        f"/admin/review/page/{BIG}/",
        f"/admin/review/page/{BIG}/approve/",
        f"/admin/documents/edit/{BIG}/",
        f"/library/county/{BIG}/",
        f"/documents/{BIG}/x.pdf",
    ],
)
def test_a_30_digit_id_is_a_404_for_a_signed_in_editor(admin_client, url):
    assert admin_client.get(url).status_code == 404
