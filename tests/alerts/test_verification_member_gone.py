"""Review alertout, finding 1: an alert verified 已故 or 已迁出 marks the member so in the registry, in the same act,
with the date the cadre gives (alerts.services.member_gone through households.services.member_status); what the
mark would refuse (a 户主 who leaves others behind, a date in the future) is said before anything is saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from alerts.choices import AlertStatus
from alerts.models import Alert
from alerts.services.member_gone import (
    MSG_ALREADY_MARKED,
    MSG_HEAD_FIRST,
    MSG_LEFT_ON_AFTER_VISIT,
    MSG_LEFT_ON_BEFORE_BIRTH,
    MSG_LEFT_ON_FUTURE,
    MSG_LEFT_ON_REQUIRED,
    MSG_MARKED,
    MSG_NOBODY_LEFT,
)
from alerts.services.verification import alert_verify
from alerts.services.verification_inputs import verification_inputs
from households.choices import LivingStatus
from households.models import HouseholdEvent, Member, Visit
from households.services.member_reasons import MSG_LEAVE_REQUIRED
from households.services.member_status import member_set_status
from tests.alerts.conftest import csv_file, header_of, ingest
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def alerts(clerks, people, county):
    """张大山 (户主) and 李秀英 (配偶), of one household in village A, and 赵老汉, who lives alone in village A."""
    alone = HouseholdFactory(village=county.village_a, head_name="赵老汉")
    zhao = MemberFactory(household=alone, name="赵老汉", birth_date=dt.date(1940, 2, 2))
    rows = [
        ["张大山", people["zhang"].id_number, "未参保", "10"],
        ["李秀英", people["li"].id_number, "未参保", "10"],
        ["赵老汉", zhao.id_number, "未参保", "10"],
    ]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=today())
    return {a.person_name: a for a in Alert.objects.all()}


def _verify(actor, alert, outcome="deceased", **extra):
    values = {"visited_on": today(), "note": "入户了解，已病故", **extra}
    return alert_verify(actor=actor, alert=alert, outcome=outcome, **values)


def test_a_member_verified_deceased_is_marked_so_in_the_registry_with_the_date_given(personas, alerts):
    died = today() - dt.timedelta(days=5)

    done = _verify(personas.cadre_a, alerts["李秀英"], left_on=died)

    member = Member.objects.get(pk=done.member_id)
    assert (member.living_status, member.status_changed_on) == (LivingStatus.DECEASED, died)
    event = HouseholdEvent.objects.get(member=member, summary__startswith="李秀英 标记为已故")
    assert f"（{died:%Y-%m-%d}）" in event.summary and "入户核实部门预警（卫生健康委员会）" in event.summary
    assert AuditEvent.objects.filter(action="member.status", summary__endswith=event.summary).exists()
    verified = AuditEvent.objects.get(action="alerts.verify", object_id=str(done.pk))
    assert verified.after["member_marked"] is True and verified.after["left_on"] == f"{died:%Y-%m-%d}"
    assert MSG_MARKED.format(name="李秀英", status="已故", on=died) in done.member_gone
    assert f"去世日期：{died:%Y-%m-%d}" in done.visit.notes


def test_moved_out_is_marked_and_the_last_member_leaves_the_household_to_be_closed(personas, alerts):
    left = today() - dt.timedelta(days=30)

    with pytest.raises(ValidationError) as error:
        _verify(personas.cadre_a, alerts["赵老汉"], outcome="moved", note="随女儿迁往南昌", left_on=left)
    assert error.value.message_dict["left_reason"] == [MSG_LEAVE_REQUIRED]

    done = _verify(personas.cadre_a, alerts["赵老汉"], outcome="moved", note="随女儿迁往南昌", left_on=left,
                   left_reason="other", left_note="投靠女儿")  # fmt: skip

    member = Member.objects.get(pk=done.member_id)
    assert (member.living_status, member.status_changed_on) == (LivingStatus.MOVED_OUT, left)
    assert (member.left_reason, member.left_note) == ("other", "投靠女儿")
    assert MSG_NOBODY_LEFT in done.member_gone


def test_a_head_leaving_others_is_refused_before_anything_is_saved(personas, alerts):
    alert = alerts["张大山"]
    events, visits = HouseholdEvent.objects.count(), Visit.objects.count()

    with pytest.raises(ValidationError) as error:
        _verify(personas.cadre_a, alert, left_on=today() - dt.timedelta(days=1))

    assert error.value.message_dict["outcome"] == [MSG_HEAD_FIRST.format(name="张大山", what="去世")]
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.PENDING
    assert Member.objects.get(pk=alert.member_id).living_status == LivingStatus.LIVING
    assert (HouseholdEvent.objects.count(), Visit.objects.count()) == (events, visits)
    assert not AuditEvent.objects.filter(action="alerts.verify").exists()


def test_once_the_head_is_marked_on_the_members_form_the_verification_goes_through_and_marks_nothing(
    personas, alerts, people
):
    died = today() - dt.timedelta(days=3)
    zhang, li = people["zhang"], people["li"]
    member_set_status(actor=personas.cadre_a, member=zhang, status=LivingStatus.DECEASED, on=died, new_head=li)
    marks = HouseholdEvent.objects.filter(summary__contains="标记为")
    assert marks.count() == 1

    done = _verify(personas.cadre_a, alerts["张大山"], left_on=died)

    assert done.status == AlertStatus.VERIFIED and done.outcome == "deceased"
    assert marks.count() == 1
    assert done.member_gone == MSG_ALREADY_MARKED.format(name="张大山", status="已故", day=f"（{died:%Y-%m-%d}）")
    assert AuditEvent.objects.get(action="alerts.verify").after["member_marked"] is False


@pytest.mark.parametrize(
    ("left_on", "visited_on", "message"),
    [
        (None, 0, MSG_LEFT_ON_REQUIRED.format(what="去世")),
        (1, 0, MSG_LEFT_ON_FUTURE.format(what="去世")),
        (0, -1, MSG_LEFT_ON_AFTER_VISIT.format(what="去世")),
    ],
)
def test_the_date_is_required_and_not_after_today_or_the_visit(personas, alerts, left_on, visited_on, message):
    alert = alerts["李秀英"]
    day = None if left_on is None else today() + dt.timedelta(days=left_on)
    Alert.objects.filter(pk=alert.pk).update(raised_on=today() - dt.timedelta(days=3))
    alert.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        _verify(personas.cadre_a, alert, left_on=day, visited_on=today() + dt.timedelta(days=visited_on))

    assert error.value.message_dict["left_on"] == [message]
    assert Member.objects.get(pk=alert.member_id).living_status == LivingStatus.LIVING
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.PENDING


def test_the_page_asks_for_the_date_and_says_the_head_is_marked_first(personas, alerts, login):
    client = login(personas.cadre_a)
    li, head = alerts["李秀英"], alerts["张大山"]
    body = {"outcome": "moved", "visited_on": f"{today():%Y-%m-%d}", "note": "迁往外省", "left_reason": "marriage"}

    page = client.get(f"/alerts/{head.pk}/").content.decode()
    assert "data-head-first" in page and f"/households/members/{head.member_id}/status/" in page
    refused = client.post(f"/alerts/{head.pk}/", {**body, "left_on": f"{today():%Y-%m-%d}"})
    assert refused.context["form"].errors["outcome"] == [MSG_HEAD_FIRST.format(name="张大山", what="迁出")]
    assert Alert.objects.get(pk=head.pk).status == AlertStatus.PENDING
    assert "data-head-first" not in client.get(f"/alerts/{li.pk}/").content.decode()

    form = client.post(f"/alerts/{li.pk}/", body).context["form"]
    assert form.errors["left_on"] == [MSG_LEFT_ON_REQUIRED.format(what="迁出")]
    birth = Member.objects.get(pk=li.member_id).birth_date
    early = {**body, "left_on": f"{birth - dt.timedelta(days=1):%Y-%m-%d}"}
    form = client.post(f"/alerts/{li.pk}/", early).context["form"]
    assert form.errors["left_on"] == [MSG_LEFT_ON_BEFORE_BIRTH.format(what="迁出", name="李秀英", birth=birth)]

    done = client.post(f"/alerts/{li.pk}/", {**body, "left_on": f"{today():%Y-%m-%d}"}, follow=True)
    assert MSG_MARKED.format(name="李秀英", status="迁出", on=today()) in done.content.decode()
    member = Member.objects.get(pk=li.member_id)
    assert (member.living_status, member.left_reason) == (LivingStatus.MOVED_OUT, "marriage")
    page = client.get(f"/alerts/{li.pk}/").content.decode()
    assert f"农户档案中李秀英已登记为迁出（{today():%Y-%m-%d}），不再计入家庭人口。" in page


def test_the_page_checks_the_head_and_the_date_before_its_confirmation(alerts):
    checks = verification_inputs(alerts["张大山"])
    head = MSG_HEAD_FIRST.format(name="张大山", what="去世")
    assert {"outcome": "deceased", "field": "outcome", "always": True, "message": head} in checks
    assert {"outcome": "moved", "field": "left_on", "message": MSG_LEFT_ON_REQUIRED.format(what="迁出")} in checks
    future = MSG_LEFT_ON_FUTURE.format(what="去世")
    assert {"outcome": "deceased", "field": "left_on", "max": today().isoformat(), "message": future} in checks
    assert {"outcome": "moved", "field": "left_reason", "message": MSG_LEAVE_REQUIRED} in checks
    spouse = verification_inputs(alerts["李秀英"])
    assert not [c for c in spouse if c["field"] == "outcome" and c.get("outcome") in ("moved", "deceased")]


def test_the_api_marks_the_member_and_refuses_a_head_or_a_missing_date(personas, alerts, login):
    client = login(personas.cadre_a)
    body = {"outcome": "deceased", "visited_on": f"{today():%Y-%m-%d}", "note": "入户了解，已病故"}

    missing = client.post(f"/api/v1/alerts/{alerts['李秀英'].pk}/verify/", body, "application/json")
    assert missing.status_code == 400 and MSG_LEFT_ON_REQUIRED.format(what="去世") in str(missing.json())
    head = client.post(
        f"/api/v1/alerts/{alerts['张大山'].pk}/verify/", {**body, "left_on": f"{today():%Y-%m-%d}"}, "application/json"
    )
    assert head.status_code == 400 and MSG_HEAD_FIRST.format(name="张大山", what="去世") in str(head.json())
    assert Alert.objects.filter(status=AlertStatus.PENDING).count() == 3

    done = client.post(
        f"/api/v1/alerts/{alerts['李秀英'].pk}/verify/", {**body, "left_on": f"{today():%Y-%m-%d}"}, "application/json"
    )
    assert done.status_code == 200, done.content
    member = Member.objects.get(pk=alerts["李秀英"].member_id)
    assert (member.living_status, member.status_changed_on) == (LivingStatus.DECEASED, today())
