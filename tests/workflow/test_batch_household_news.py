"""Review rev-ux 2: a member an alert's visit found deceased (or moved out) after the household's case opened is said
on the county's batch approval card and its confirmation, where the leading group would otherwise approve
"家庭人口 2 人" unaware; and the alert's 登记成员状态 link arrives with 已故 and the verification's date filled in."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.choices import Department
from alerts.advisories import MSG_MEMBER_MARKED
from alerts.choices import AlertOutcome
from alerts.models import Alert
from tests.alerts.test_summary import _alert
from tests.workflow.batch_helpers import at_approval
from tests.workflow.test_batch_pages import decision

pytestmark = pytest.mark.django_db

GONE = "李秀英经部门预警入户核实为已故（{date:%Y-%m-%d} 核实），档案中仍登记为在世、在户"


def _verified(household, name, *, outcome, on, by):
    """A verified alert about the household's member `name`, verified by `by`."""
    member = household.members.get(name=name)
    alert = _alert(household.village, Department.HEALTH, raised_on=on, verified_on=on, outcome=outcome)
    Alert.objects.filter(pk=alert.pk).update(
        member=member, household=household, region_path=household.region_path, person_name=name, verified_by=by
    )
    alert.refresh_from_db()
    return alert


@pytest.fixture
def cases(personas, household_a, household_b):
    return [at_approval(personas, household_a, personas.cadre_a), at_approval(personas, household_b, personas.cadre_b)]


def test_a_member_verified_deceased_since_the_case_opened_is_said_on_the_batch_card_and_the_confirmation(
    personas, login, household_a, cases
):
    today = timezone.localdate()
    _verified(household_a, "李秀英", outcome=AlertOutcome.DECEASED, on=today, by=personas.cadre_a)
    # Verified before the case opened: known when it was proposed, not news to the approver.
    _verified(household_a, "张大山", outcome=AlertOutcome.MOVED, on=today - dt.timedelta(days=30), by=personas.cadre_a)
    client = login(personas.approver)

    page = client.get("/workflow/batches/").content.decode()

    assert page.count("data-household-news") == 1
    assert GONE.format(date=today) in page and "张大山经部门预警" not in page

    confirm = client.post("/workflow/batches/", decision(cases)).content.decode()

    assert "确认批准 2 户" in confirm
    assert GONE.format(date=today) in confirm


def test_once_the_member_is_registered_deceased_the_card_says_so(personas, login, household_a, cases):
    today = timezone.localdate()
    alert = _verified(household_a, "李秀英", outcome=AlertOutcome.DECEASED, on=today, by=personas.cadre_a)
    cadre = login(personas.cadre_a)
    cadre.post(f"/households/members/{alert.member_id}/status/", {"status": "deceased", "on": today.isoformat()})

    page = login(personas.approver).get("/workflow/batches/").content.decode()

    assert "李秀英经部门预警入户核实为已故" in page and "档案已登记为已故" in page


def test_the_alert_page_links_to_the_member_status_form_with_the_outcome_and_date_filled_in(
    personas, login, household_a
):
    today = timezone.localdate()
    alert = _verified(household_a, "李秀英", outcome=AlertOutcome.MOVED, on=today, by=personas.cadre_a)
    client = login(personas.cadre_a)

    page = client.get(f"/alerts/{alert.pk}/").content.decode()

    link = f"/households/members/{alert.member_id}/status/?status=moved_out&amp;on={today:%Y-%m-%d}"
    assert link in page
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert '<option value="moved_out" selected>' in form
    assert f'value="{today:%Y-%m-%d}"' in form and "已按来源页面预填“迁出”" in form
    # A link without a date prefills nothing.
    bare = client.get(f"/households/members/{alert.member_id}/status/?status=deceased").content.decode()
    assert '<option value="deceased" selected>' not in bare and "预填" not in bare


def _mark(client, member, status="deceased", on=None):
    on = on or timezone.localdate()
    response = client.post(
        f"/households/members/{member.pk}/status/", {"status": status, "on": on.isoformat(), "left_reason": "work"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.living_status == status


def test_a_member_the_registry_marked_deceased_after_the_case_opened_is_said_without_any_alert(
    personas, login, household_a, cases
):
    """A cadre who learned of a death at the door (no department alert) marks the member: the approver is told."""
    today = timezone.localdate()
    member = household_a.members.get(name="李秀英")
    _mark(login(personas.cadre_a), member, on=today - dt.timedelta(days=2))

    page = login(personas.approver).get("/workflow/batches/").content.decode()

    said = MSG_MEMBER_MARKED.format(name="李秀英", status="已故", on=today - dt.timedelta(days=2), recorded=today)
    assert page.count("data-household-news") == 1 and said in page
    confirm = login(personas.approver).post("/workflow/batches/", decision(cases)).content.decode()
    assert said in confirm


def test_a_member_marked_before_the_case_opened_is_not_news(personas, login, household_a, household_b):
    _mark(login(personas.cadre_a), household_a.members.get(name="李秀英"), status="moved_out")  # known when proposed
    at_approval(personas, household_a, personas.cadre_a)
    at_approval(personas, household_b, personas.cadre_b)

    page = login(personas.approver).get("/workflow/batches/").content.decode()

    assert "data-household-news" not in page


def test_a_wrong_mark_undone_since_the_case_opened_is_not_news(personas, login, household_a, cases):
    cadre = login(personas.cadre_a)
    member = household_a.members.get(name="李秀英")
    _mark(cadre, member)
    restored = cadre.post(
        f"/households/members/{member.pk}/restore/", {"reason": "误标了同名成员", "relation": "spouse"}
    )
    assert restored.status_code == 302
    member.refresh_from_db()
    assert member.living_status == "living"

    page = login(personas.approver).get("/workflow/batches/").content.decode()

    assert "data-household-news" not in page


def test_a_member_an_alert_found_and_the_cadre_then_registered_is_said_once(personas, login, household_a, cases):
    today = timezone.localdate()
    alert = _verified(household_a, "李秀英", outcome=AlertOutcome.DECEASED, on=today, by=personas.cadre_a)
    _mark(login(personas.cadre_a), alert.member)

    page = login(personas.approver).get("/workflow/batches/").content.decode()

    assert page.count("李秀英") >= 1 and "档案已登记为已故" in page
    assert "于立案后在档案中登记为" not in page
