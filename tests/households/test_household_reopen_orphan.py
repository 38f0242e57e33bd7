"""撤销注销 of a household whose only member to restore is under 18 (an orphan's: the parents died, the child was
marked 迁出 by mistake). The restored member becomes 户主, and a head under 18 is asked about ("仍要保存"), but the
reopen page had no such box and the API refused confirm_unusual as an unknown field: the household could never be
reopened. Both now offer the confirmation, and the page's question says the member becomes 户主."""

import datetime as dt

import pytest

from households.choices import LivingStatus, Relation
from households.models import Household
from households.services.closing import household_close
from households.services.confirm import CONFIRM_LABEL, MSG_CONFIRM, MSG_CONFIRM_API
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orphaned(county, personas):
    """The father died; his 12-year-old son was marked 迁出 by mistake; the township closed the household."""
    household = HouseholdFactory(village=county.village_a, head_name="故父甲")
    MemberFactory(household=household, name="故父甲", relation=Relation.HEAD, living_status=LivingStatus.DECEASED)
    MemberFactory(
        household=household,
        name="孤儿乙",
        relation=Relation.SON,
        birth_date=dt.date(today().year - 12, 3, 1),
        living_status=LivingStatus.MOVED_OUT,
    )
    household_close(actor=personas.township, household=household, reason="other", note="父亲病故，儿子迁出")
    return household


def test_the_page_asks_to_confirm_a_head_under_18_and_reopens_once_confirmed(orphaned, personas, login):
    client = login(personas.township)
    url = f"/households/{orphaned.pk}/reopen/"
    child = orphaned.members.get(name="孤儿乙")
    page = client.get(url).content.decode()
    assert CONFIRM_LABEL not in page  # not asked yet
    assert "该成员恢复为在世并任户主" in page  # the confirmation before sending names the new head

    asked = client.post(url, {"note": "误将孤儿标记为迁出", "restore_member": child.pk})

    assert asked.status_code == 200
    body = asked.content.decode()
    assert CONFIRM_LABEL in body and MSG_CONFIRM in body and 'name="confirm_unusual"' in body
    assert not Household.objects.get(pk=orphaned.pk).is_active

    done = client.post(url, {"note": "误将孤儿标记为迁出", "restore_member": child.pk, "confirm_unusual": "on"})

    assert done.status_code == 302
    orphaned.refresh_from_db()
    child.refresh_from_db()
    assert orphaned.is_active and orphaned.head_name == "孤儿乙"
    assert (child.living_status, child.relation) == (LivingStatus.LIVING, Relation.HEAD)
    assert "已核实确认" in orphaned.events.order_by("pk").last().summary
    assert f"孤儿乙户（{orphaned.number}）已撤销注销" in client.get(done.url).content.decode()


def test_the_api_accepts_confirm_unusual_for_a_head_under_18(orphaned, personas, login):
    client = login(personas.township)
    url = f"/api/v1/households/{orphaned.pk}/reopen/"
    child = orphaned.members.get(name="孤儿乙")

    asked = client.post(
        url, {"note": "误将孤儿标记为迁出", "restore_member": child.pk}, content_type="application/json"
    )
    assert asked.status_code == 400
    assert asked.json()["confirm_unusual"] == [MSG_CONFIRM_API]
    assert "未满18周岁" in "".join(asked.json()["restore_member"])

    done = client.post(
        url,
        {"note": "误将孤儿标记为迁出", "restore_member": child.pk, "confirm_unusual": True},
        content_type="application/json",
    )

    assert done.status_code == 200, done.content.decode()
    assert done.json()["is_active"] is True
    assert Household.objects.get(pk=orphaned.pk).head_name == "孤儿乙"
