"""Finding 8, training attendance (线下研修出勤): checked boxes whose values are not ids (a Unicode
digit, a 30-digit number, a negative number) are ignored; the teachers that were checked are
recorded, and the trainer sees the Chinese confirmation, never a server error."""

from decimal import Decimal

import pytest

from .test_offline_hours import offline_hours
from .test_offline_hours import world as world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "٣", "１２", "1" * 30, "-1"])
def test_attendance_with_a_crafted_value_records_only_the_checked_teachers(client, world, value):
    trainer, course, module, (present, absent) = world
    client.force_login(trainer)
    response = client.post(
        f"/admin/training/module/{module.pk}/attendance/", {"attended": [value, str(present.pk)]}, follow=True
    )
    assert response.status_code == 200
    assert "已登记" in response.content.decode() and "1 人出勤" in response.content.decode()
    assert offline_hours(present, module) == [Decimal("1")] and offline_hours(absent, module) == []


@pytest.mark.parametrize("value", ["²", "1" * 30])
def test_attendance_of_a_module_with_a_crafted_id_is_not_found(client, world, value):
    trainer, course, module, (present, absent) = world
    client.force_login(trainer)
    response = client.post(f"/admin/training/module/{value}/attendance/", {"attended": [str(present.pk)]})
    assert response.status_code == 404
    assert offline_hours(present, module) == []
