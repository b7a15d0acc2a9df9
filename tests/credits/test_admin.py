"""学分银行 in the admin after the move to the credits app: editors still manage rules and entries,
trainers still only read the ledger (the permissions followed the renamed content types)."""

import pytest

from credits.models import CreditEntry, CreditRule
from tests.factories import SchoolFactory, UserFactory, region

pytestmark = pytest.mark.django_db


def test_editors_manage_rules_and_trainers_read_the_ledger(client):
    editor = UserFactory(username="editor_credits", role="editor")
    county = region("湖南省/长沙市/岳麓区")
    trainer = UserFactory(username="trainer_credits", role="county_trainer", role__region=county)
    teacher = UserFactory(username="teacher_credits", role="teacher", role__school=SchoolFactory(region=county))
    assert editor.has_perm("credits.change_creditrule") and editor.has_perm("credits.change_creditentry")
    assert trainer.has_perm("credits.view_creditentry") and not trainer.has_perm("credits.change_creditentry")
    client.force_login(editor)
    rule = CreditRule.objects.get(source="school_research")
    response = client.get(f"/admin/snippets/credits/creditrule/edit/{rule.pk}/")
    assert response.status_code == 200 and "每学时折算学分" in response.content.decode()
    # The ledger a county trainer reads is their county's teachers' (credits.scope).
    CreditEntry.objects.create(teacher=teacher, source="course", amount=2, description="完成课程", source_key="c:1")
    client.force_login(trainer)
    assert "完成课程" in client.get("/admin/snippets/credits/creditentry/").content.decode()
    assert client.get(f"/admin/snippets/credits/creditrule/edit/{rule.pk}/").status_code in (302, 403)
