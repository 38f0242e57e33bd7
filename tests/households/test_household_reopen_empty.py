"""撤销注销 of a household whose members have all died or moved out brought back a household of 0 people (0人,
本月未走访 in the lists). It is refused, saying why and what to do; the member marked by mistake is restored in the
same act, as 户主 (a closed household is not written, so the mark could not be undone before)."""

import pytest
from django.core.exceptions import ValidationError

from config.errors import ApplicationError
from households.choices import LivingStatus, Relation
from households.models import Household
from households.services.closing import (
    MSG_REOPEN_EMPTY,
    MSG_RESTORE_NOT_HERE,
    household_close,
    household_reopen,
)
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(county, personas):
    """A household whose head was marked 迁出 by mistake and whose wife died, closed by the township."""
    household = HouseholdFactory(village=county.village_a, head_name="迁出甲")
    MemberFactory(household=household, name="迁出甲", relation=Relation.HEAD, living_status=LivingStatus.MOVED_OUT)
    MemberFactory(household=household, name="故去乙", relation=Relation.SPOUSE, living_status=LivingStatus.DECEASED)
    household_close(actor=personas.township, household=household, reason="other", note="户主迁出，配偶病故")
    return household


def test_reopening_a_household_nobody_is_left_in_is_refused_saying_why_and_what_to_do(closed, personas):
    with pytest.raises(ApplicationError) as refused:
        household_reopen(actor=personas.township, household=closed, note="误注销")

    assert refused.value.message == MSG_REOPEN_EMPTY
    assert "0人" in MSG_REOPEN_EMPTY and "同时恢复的成员" in MSG_REOPEN_EMPTY
    closed.refresh_from_db()
    assert not closed.is_active


def test_the_member_marked_by_mistake_is_restored_as_head_with_the_reopening(closed, personas):
    head = closed.members.get(name="迁出甲")

    household_reopen(actor=personas.township, household=closed, note="误将户主标记为迁出", restore_member=head)

    closed.refresh_from_db()
    head.refresh_from_db()
    assert closed.is_active and closed.head_name == "迁出甲"
    assert (head.living_status, head.relation) == (LivingStatus.LIVING, Relation.HEAD)
    summaries = list(closed.events.order_by("pk").values_list("summary", flat=True))
    assert summaries[-2].startswith("撤销农户注销：误将户主标记为迁出")
    assert summaries[-1].startswith("撤销 迁出甲 的“迁出”标记，恢复为在世")


def test_a_living_member_or_another_households_is_not_restored(closed, personas, county):
    other = MemberFactory(household=HouseholdFactory(village=county.village_a), relation=Relation.HEAD)
    with pytest.raises(ValidationError) as refused:
        household_reopen(actor=personas.township, household=closed, note="误注销", restore_member=other)

    assert refused.value.message_dict == {"restore_member": [MSG_RESTORE_NOT_HERE]}
    assert not Household.objects.get(pk=closed.pk).is_active


def test_the_page_offers_the_marked_members_and_says_the_refusal(closed, personas, login):
    client = login(personas.township)
    head = closed.members.get(name="迁出甲")

    page = client.get(f"/households/{closed.pk}/reopen/").content.decode()
    assert "同时恢复的成员" in page and "迁出甲（户主，迁出）" in page and "故去乙（配偶，已故）" in page
    refused = client.post(f"/households/{closed.pk}/reopen/", {"note": "误注销"}).content.decode()
    assert "不能撤销" in refused and "0人" in refused

    done = client.post(f"/households/{closed.pk}/reopen/", {"note": "误将户主标记为迁出", "restore_member": head.pk})

    assert done.status_code == 302
    assert Household.objects.get(pk=closed.pk).is_active


def test_the_api_refuses_without_the_member_and_reopens_with_it(closed, personas, login, household_b):
    client = login(personas.township)
    url = f"/api/v1/households/{closed.pk}/reopen/"

    refused = client.post(url, {"note": "误注销"})
    foreign = client.post(url, {"note": "误注销", "restore_member": household_b.members.first().pk})
    done = client.post(url, {"note": "误将户主标记为迁出", "restore_member": closed.members.get(name="迁出甲").pk})

    assert refused.status_code == 400 and "0人" in refused.content.decode()
    assert foreign.status_code == 400
    assert done.status_code == 200, done.content.decode()
    assert done.json()["is_active"] is True
