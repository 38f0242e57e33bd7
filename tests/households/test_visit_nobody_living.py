"""Reviewer's finding 2: a 走访 could be recorded for a household whose members all died or moved out (recorded,
audited, counted as the month's visit of nobody), while the household page and the 数据逻辑校验 already say it is for
农户注销. The visit is refused, saying why and to report the household to the township; an alert's verification,
which may itself mark the last member gone, still records its visit."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from households.choices import LivingStatus, VisitKind
from households.models import Member, Visit
from households.services.closing import MSG_NOBODY_LIVING
from households.services.visits import visit_record
from tests.clock import today

pytestmark = pytest.mark.django_db

REFUSED = MSG_NOBODY_LIVING.format(what="登记走访")
FINDINGS = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")


def _all_gone(household) -> None:
    Member.objects.filter(household=household, relation="head").update(living_status=LivingStatus.DECEASED)
    Member.objects.filter(household=household).exclude(relation="head").update(living_status=LivingStatus.MOVED_OUT)


def test_a_visit_to_a_household_nobody_lives_in_is_refused_and_nothing_is_recorded(personas, household_a):
    _all_gone(household_a)
    audits = AuditEvent.objects.count()

    for kind in (VisitKind.MONTHLY, VisitKind.CAMPAIGN):
        with pytest.raises(ValidationError) as refused:
            visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), kind=kind)

        assert refused.value.messages == [REFUSED]
    assert "请报乡镇办理农户注销" in REFUSED
    assert not Visit.objects.exists() and AuditEvent.objects.count() == audits


def test_a_household_with_one_member_still_living_is_visited(personas, household_a):
    Member.objects.filter(household=household_a, relation="son").update(living_status=LivingStatus.MOVED_OUT)

    visit = visit_record(actor=personas.cadre_a, household=household_a, visited_on=today())

    assert visit.household_id == household_a.pk


def test_the_visit_page_and_the_api_say_why(personas, household_a, login):
    _all_gone(household_a)
    client = login(personas.cadre_a)
    form = {"visited_on": today().isoformat(), "kind": "monthly", **dict.fromkeys(FINDINGS, "on")}

    page = client.post(f"/households/{household_a.pk}/visits/new/", form).content.decode()
    api = client.post(
        "/api/v1/visits/",
        {
            "household": household_a.pk,
            "visited_on": today().isoformat(),
            "kind": "monthly",
            **dict.fromkeys(FINDINGS, True),
        },
        content_type="application/json",
    )

    assert REFUSED in page
    assert api.status_code == 400 and REFUSED in str(api.json())
    assert not Visit.objects.exists()


def test_an_alert_verification_visit_is_still_recorded(personas, household_a):
    _all_gone(household_a)

    visit = visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), kind=VisitKind.ALERT)

    assert visit.kind == VisitKind.ALERT
