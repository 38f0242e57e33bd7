"""A household's 走访 may count as the plan's 回访 (000 §三(三)7: 建立定期回访制度，跟踪帮扶效果落实). Work teams visit
monthly and the plan still showed 回访逾期: the visit form now offers "同时作为帮扶回访" with the effect assessment
(ticked for the household's help contact), recorded by the one return-visit service that moves the due date."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AuditEvent
from assistance.models import Plan, ReturnVisit
from assistance.services import contacts, plans, visits
from households.choices import HouseholdType, VisitKind
from households.models import Household, Visit
from households.services.visits import MSG_RISK_TYPE_REQUIRED, VisitInput
from tests.assistance.measured import measured
from tests.clock import today

pytestmark = pytest.mark.django_db


def overdue_day() -> dt.date:
    """The plan's return visit was due five days ago."""
    return today() - dt.timedelta(days=5)


@pytest.fixture
def plan(personas, monitored_a):
    """A monthly plan whose return visit is overdue; cadre_a is the household's help contact."""
    plan = measured(plans.plan_create(actor=personas.township, household=monitored_a))
    contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=personas.cadre_a)
    Plan.objects.filter(pk=plan.pk).update(next_return_due=overdue_day())
    plan.refresh_from_db()
    return plan


def visit_form(**fields):
    findings = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")
    return {"visited_on": today().isoformat(), "kind": "monthly", **dict.fromkeys(findings, "on"), **fields}


def checkbox(page: str) -> str:
    return re.search(r'<input[^>]*name="return-as_return_visit"[^>]*>', page).group(0)


def test_the_visit_form_offers_the_return_visit_ticked_for_the_help_contact(personas, login, plan):
    url = f"/households/{plan.household_id}/visits/new/"

    mine = login(personas.cadre_a).get(url).content.decode()
    others = login(personas.township).get(url).content.decode()

    assert "同时作为帮扶回访" in mine and "帮扶成效" in mine and "已逾期" in mine
    assert "checked" in checkbox(mine)
    assert "同时作为帮扶回访" in others and "checked" not in checkbox(others)


def test_a_visit_counted_as_the_return_visit_moves_the_due_date_and_clears_the_overdue_list(personas, login, plan):
    client = login(personas.cadre_a)
    assert "张大山" in client.get("/assistance/return-visits/?show=overdue").content.decode()

    response = client.post(
        f"/households/{plan.household_id}/visits/new/",
        visit_form(
            notes="家中正常", **{"return-as_return_visit": "on", "return-effect": "good", "return-note": "已务工"}
        ),
        follow=True,
    )

    plan.refresh_from_db()
    assert plan.next_return_due == today() + dt.timedelta(days=30)  # the plan's monthly cadence, from the visit
    return_visit = ReturnVisit.objects.get(plan=plan)
    visit = Visit.objects.get(household=plan.household)
    assert return_visit.visit == visit and visit.kind == VisitKind.MONTHLY  # the 走访 stays what it was
    assert (return_visit.effect, return_visit.note, return_visit.recorded_by) == ("good", "已务工", personas.cadre_a)
    assert visit.notes == "家中正常\n同时作为帮扶回访，帮扶成效：成效明显。已务工。"
    assert "已同时记为帮扶回访" in response.content.decode()
    assert "张大山" not in client.get("/assistance/return-visits/?show=overdue").content.decode()
    assert AuditEvent.objects.filter(action="assistance.return_visit", summary__contains="随月度走访记录").exists()


def test_a_visit_left_unticked_is_a_plain_visit_and_the_plan_page_says_so(personas, login, plan):
    client = login(personas.cadre_a)

    client.post(f"/households/{plan.household_id}/visits/new/", visit_form(**{"return-effect": "good"}))

    plan.refresh_from_db()
    assert plan.next_return_due == overdue_day() and not ReturnVisit.objects.exists()
    assert Visit.objects.filter(household=plan.household, kind=VisitKind.MONTHLY).count() == 1
    page = client.get(f"/assistance/households/{plan.household_id}/").content.decode()
    last = re.search(r"<dd data-last-visit>(.*?)</dd>", page, re.S).group(1)
    assert today().isoformat() in last and "月度走访" in last and "未作为帮扶回访" in last


def test_the_plan_page_says_when_the_last_visit_of_any_kind_was(personas, login, plan):
    page = login(personas.township).get(f"/assistance/households/{plan.household_id}/").content.decode()
    assert "尚无走访记录" in re.search(r"<dd data-last-visit>(.*?)</dd>", page, re.S).group(1)

    visits.return_visit_record(actor=personas.township, plan=plan, visited_on=today(), effect="fair")

    page = login(personas.township).get(f"/assistance/households/{plan.household_id}/").content.decode()
    last = re.search(r"<dd data-last-visit>(.*?)</dd>", page, re.S).group(1)
    assert "帮扶回访" in last and "已作为帮扶回访" in last


def test_ticking_without_an_effect_saves_nothing_and_says_so_at_the_field(personas, login, plan):
    response = login(personas.cadre_a).post(
        f"/households/{plan.household_id}/visits/new/", visit_form(**{"return-as_return_visit": "on"})
    )

    assert response.status_code == 200
    assert visits.MSG_BAD_EFFECT in response.content.decode()
    assert not Visit.objects.exists() and not ReturnVisit.objects.exists()


def test_a_visit_before_the_plan_counted_as_return_visit_is_refused_with_nothing_saved(personas, login, plan):
    Plan.objects.filter(pk=plan.pk).update(created_at=timezone.now())
    earlier = today() - dt.timedelta(days=2)

    with pytest.raises(ValidationError) as error:
        visits.visit_as_return_visit_record(
            plan=plan,
            visit=VisitInput(actor=personas.cadre_a, household=plan.household, visited_on=earlier),
            effect="good",
        )

    assert error.value.message_dict["visited_on"] == [visits.MSG_BEFORE_PLAN.format(made=today())]
    assert not Visit.objects.exists()
    page = login(personas.cadre_a).post(
        f"/households/{plan.household_id}/visits/new/",
        visit_form(visited_on=earlier.isoformat(), **{"return-as_return_visit": "on", "return-effect": "good"}),
    )
    assert "回访日期不能早于帮扶方案制定日期" in page.content.decode() and not Visit.objects.exists()


def test_no_offer_without_a_plan_or_once_the_household_is_no_longer_followed(personas, login, plan, household_c):
    client = login(personas.township)
    # An ordinary household no longer monitored (a lifted-out one is still helped as 脱贫户: assistance.following).
    Household.objects.filter(pk=plan.household_id).update(monitoring_category="", household_type=HouseholdType.ORDINARY)

    unfollowed = client.get(f"/households/{plan.household_id}/visits/new/").content.decode()
    without_plan = login(personas.county_officer).get(f"/households/{household_c.pk}/visits/new/").content.decode()

    assert "同时作为帮扶回访" not in unfollowed and "同时作为帮扶回访" not in without_plan
    assert "记录走访" in unfollowed and "记录走访" in without_plan


def test_a_missing_effect_and_a_missing_risk_type_are_said_in_the_same_round(personas, login, plan):
    page = (
        login(personas.cadre_a)
        .post(
            f"/households/{plan.household_id}/visits/new/",
            visit_form(risk_found="on", **{"return-as_return_visit": "on"}),
        )
        .content.decode()
    )

    assert visits.MSG_BAD_EFFECT in page and MSG_RISK_TYPE_REQUIRED in page
    assert not Visit.objects.exists() and not ReturnVisit.objects.exists()


def test_a_photo_chosen_when_only_the_effect_is_missing_is_kept(personas, login, plan, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("visit.jpg", b"\xff\xd8\xff\xe0 a photo", content_type="image/jpeg")

    page = (
        login(personas.cadre_a)
        .post(
            f"/households/{plan.household_id}/visits/new/", visit_form(photo=photo, **{"return-as_return_visit": "on"})
        )
        .content.decode()
    )

    assert visits.MSG_BAD_EFFECT in page and "已选择：<strong>visit.jpg</strong>，不重新选择则使用此文件" in page
