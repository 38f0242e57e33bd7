"""农户注销 without a reason says 请选择注销原因 (the page checks it before asking to confirm, the server says it in
these words rather than 该字段是必填项); 修改农户 offers the household's own village's 村民小组 only, not every
group of the township (review freglist finding 3)."""

import json
import re

import pytest

from households.choices import LivingStatus, RegionLevel, Relation
from households.forms_close import MSG_REASON_REQUIRED
from households.services.closing import MSG_NOTE_REQUIRED
from tests.factories import HouseholdFactory, MemberFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def emptied(county):
    household = HouseholdFactory(village=county.village_a, head_name="迁出甲")
    MemberFactory(household=household, name="迁出甲", relation=Relation.HEAD, living_status=LivingStatus.MOVED_OUT)
    return household


def test_closing_without_a_reason_says_to_choose_one(emptied, personas, login):
    page = login(personas.township).post(f"/households/{emptied.pk}/close/", {"note": ""}).content.decode()

    assert MSG_REASON_REQUIRED in page and "该字段是必填项" not in page


def test_the_close_page_checks_the_reason_before_asking_to_confirm(emptied, personas, login):
    page = login(personas.township).get(f"/households/{emptied.pk}/close/").content.decode()

    form = re.search(r"<form [^>]*data-confirm-submit[^>]*>", page).group(0)
    rules = json.loads(re.search(r'data-prechecks="([^"]*)"', form).group(1).replace("&quot;", '"'))
    assert {"field": "reason", "message": MSG_REASON_REQUIRED} in rules
    assert {"field": "note", "when": {"reason": "other"}, "message": MSG_NOTE_REQUIRED} in rules
    assert "js/step_precheck.js" in page


def test_editing_a_household_offers_its_own_village_s_groups_only(personas, login, county):
    region("360425100202001", "城北村一组", RegionLevel.GROUP, county.village_b)
    household = HouseholdFactory(village=county.village_b, head_name="王五")
    MemberFactory(household=household, name="王五", relation=Relation.HEAD)

    page = login(personas.township).get(f"/households/{household.pk}/edit/").content.decode()

    groups = re.search(r'<select name="group"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert "城北村一组" in groups and "城南村一组" not in groups
