"""Review (驻村工作队) finding: once a measure had started, the village cadre or the work team (帮扶责任人) had no way
to record how it was going: a department's 实施中 measure offered only "由民政局办结", and one the township and village
carry out only its closing. They, and township staff, now add a dated progress note (进展情况) to an 实施中 measure,
whoever carries it out: a line of its 实施情况 with the date and who added it (the department clerk's mechanism,
assistance.services.measure_progress), in the household's history and the audit log, on the page and the API;
refused in Chinese when empty, too long, dated in the future or before the start, or the measure not 实施中. It moves
no status: a department's measure stays its department's to close."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Department, Role
from accounts.models import AuditEvent
from assistance.choices import MeasureStatus
from assistance.services import department, measure_progress, measure_status, plans
from assistance.services.measure_checks import NOTE_MAX
from config.errors import ApplicationError
from households.choices import LivingStatus, Relation
from households.services.closing import household_close
from households.services.member_status import member_set_status
from tests.assistance.test_department_progress import put
from tests.clock import today
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.county_officer, household=monitored_a)


@pytest.fixture
def work_team(county):
    village = county.village_a
    return UserFactory(
        username="workteam_a",
        role=Role.WORK_TEAM,
        region_path=village.path,
        region_name=village.name,
        last_name="赵",
        first_name="队员",
    )


@pytest.fixture
def relief(plan):
    """临时救助, 实施中, carried out (and closed) by 民政局."""
    return put(
        plan,
        code="temporary_relief",
        responsible=Department.CIVIL_AFFAIRS,
        status=MeasureStatus.IN_PROGRESS,
        progress_note="已受理申请",
    )


def test_the_work_team_adds_a_dated_signed_note_to_a_departments_measure_on_its_page(login, work_team, relief):
    client = login(work_team)
    page = client.get(f"/assistance/measures/{relief.pk}/").content.decode()
    assert "登记实施进展" in page and "进展情况" in page and "进展日期" in page
    assert "不改变措施状态，办结仍由民政局办理" in page
    on = today() - dt.timedelta(days=1)

    response = client.post(
        f"/assistance/measures/{relief.pk}/",
        {"action": "progress", "progress-note": "已入户核实，救助金已发放", "progress-on": on.isoformat()},
    )

    assert response.status_code == 302
    relief.refresh_from_db()
    line = f"{on:%Y-%m-%d} 驻村工作队 赵队员补充：已入户核实，救助金已发放"
    assert (relief.status, relief.progress_note, relief.effect_note) == (
        MeasureStatus.IN_PROGRESS,
        f"已受理申请\n{line}",
        "",
    )
    page = client.get(f"/assistance/measures/{relief.pk}/").content.decode()
    assert line in page.split("data-progress-note>", 1)[1].split("</dd>", 1)[0]
    event = AuditEvent.objects.get(action="assistance.measure_progress")
    assert event.actor == work_team
    assert f"登记帮扶措施“临时救助”实施进展（{on:%Y-%m-%d}）" in event.summary
    history = relief.household.events.get(summary__contains="实施进展")
    assert history.actor == work_team


def test_a_progress_note_closes_nothing_and_the_village_still_may_not_close_a_departments_measure(
    personas, work_team, relief
):
    measure_progress.measure_progress_add(actor=work_team, measure=relief, note="已发放")

    with pytest.raises(PermissionDenied, match="由民政局办结"):
        measure_status.measure_set_status(actor=work_team, measure=relief, status=MeasureStatus.DONE, note="已发放")
    relief.refresh_from_db()
    assert relief.status == MeasureStatus.IN_PROGRESS and relief.completed_on is None


def test_the_township_and_the_cadre_add_progress_to_a_measure_they_carry_out_today_by_default(personas, plan):
    pairing = put(plan, code="pairing", responsible="", status=MeasureStatus.IN_PROGRESS)

    measure_progress.measure_progress_add(actor=personas.township, measure=pairing, note="已结对，首次走访")
    measure_progress.measure_progress_add(actor=personas.cadre_a, measure=pairing, note="  帮助联系务工  ")

    pairing.refresh_from_db()
    township = personas.township.get_short_name()
    cadre = personas.cadre_a.get_short_name()
    assert pairing.progress_note == (
        f"{today():%Y-%m-%d} 乡镇工作人员 {township}补充：已结对，首次走访\n"
        f"{today():%Y-%m-%d} 村干部/网格员 {cadre}补充：帮助联系务工"
    )
    assert pairing.status == MeasureStatus.IN_PROGRESS


def test_the_department_clerks_progress_is_the_same_signed_line(personas, plan):
    doctor = put(plan, status=MeasureStatus.IN_PROGRESS)

    department.measure_progress_by_department(actor=personas.clerk, measure=doctor, note="已首次随访")

    doctor.refresh_from_db()
    who = f"{personas.clerk.get_department_display()} {personas.clerk.get_short_name()}"
    assert doctor.progress_note == f"{today():%Y-%m-%d} {who}补充：已首次随访"


@pytest.mark.parametrize(
    ("note", "days", "field", "message"),
    [
        ("  ", 0, "note", "请填写进展情况。"),
        ("情" * (NOTE_MAX + 1), 0, "note", f"进展情况不能超过{NOTE_MAX}字（现有{NOTE_MAX + 1}字），请精简。"),
        ("已发放", -1, "on", "进展日期不能晚于今天。"),
        ("已发放", 10, "on", "进展日期不能早于措施的开始日期"),
    ],
)
def test_a_note_empty_too_long_or_misdated_is_refused_naming_the_field(work_team, relief, note, days, field, message):
    with pytest.raises(ValidationError) as error:
        measure_progress.measure_progress_add(
            actor=work_team, measure=relief, note=note, on=today() - dt.timedelta(days=days)
        )

    assert message in error.value.message_dict[field][0]
    relief.refresh_from_db()
    assert relief.progress_note == "已受理申请"


@pytest.mark.parametrize("status", [MeasureStatus.PLANNED, MeasureStatus.DONE, MeasureStatus.STOPPED])
def test_only_a_measure_under_way_takes_progress(work_team, plan, status):
    measure = put(plan, code="pairing", responsible="", status=status)

    with pytest.raises(ApplicationError) as error:
        measure_progress.measure_progress_add(actor=work_team, measure=measure, note="已发放")

    label = MeasureStatus(status).label
    assert error.value.message == f"措施当前状态为“{label}”，只有“实施中”的措施可以登记实施进展。"


def test_a_closed_households_measure_takes_no_progress(personas, work_team, relief):
    household = relief.household
    for member in sorted(household.members.all(), key=lambda m: m.relation == Relation.HEAD):  # the head last
        member_set_status(
            left_reason="work", actor=personas.cadre_a, member=member, status=LivingStatus.MOVED_OUT, on=today()
        )
    household_close(actor=personas.township, household=household, reason="all_moved_out")

    with pytest.raises(ApplicationError, match="该户已注销"):
        measure_progress.measure_progress_add(actor=work_team, measure=relief, note="已发放")


def test_another_village_and_a_reader_may_not_add_progress(personas, relief):
    for actor in (personas.cadre_b, personas.official):
        with pytest.raises(PermissionDenied):
            measure_progress.measure_progress_add(actor=actor, measure=relief, note="已发放")


def test_the_page_shows_the_errors_and_offers_no_progress_before_the_start(login, work_team, plan, relief):
    client = login(work_team)
    future = today() + dt.timedelta(days=1)

    response = client.post(
        f"/assistance/measures/{relief.pk}/", {"action": "progress", "progress-note": "", "progress-on": future}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "请填写进展情况。" in page and "进展日期不能晚于今天。" in page
    planned = put(plan, code="pairing", responsible="")
    assert "登记实施进展" not in client.get(f"/assistance/measures/{planned.pk}/").content.decode()
    posted = client.post(f"/assistance/measures/{planned.pk}/", {"action": "progress", "progress-note": "已发放"})
    assert "只有“实施中”的措施可以登记实施进展" in posted.content.decode()
    planned.refresh_from_db()
    assert planned.progress_note == ""


def test_the_api_adds_progress_with_the_same_rules(client, personas, work_team, relief):
    client.force_login(work_team)
    url = f"/api/v1/assistance/measures/{relief.pk}/progress/"
    on = today() - dt.timedelta(days=2)

    response = client.post(url, {"note": "已发放", "on": on.isoformat()}, content_type="application/json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == MeasureStatus.IN_PROGRESS
    assert body["progress_note"].endswith(f"{on:%Y-%m-%d} 驻村工作队 赵队员补充：已发放")
    blank = client.post(url, {"note": ""}, content_type="application/json")
    assert blank.status_code == 400 and "请填写进展情况。" in blank.content.decode()
    future = client.post(url, {"note": "x", "on": f"{today() + dt.timedelta(days=1)}"}, content_type="application/json")
    assert future.status_code == 400 and "进展日期不能晚于今天。" in future.content.decode()
    planned = put(relief.plan, code="pairing", responsible="")
    refused = client.post(f"/api/v1/assistance/measures/{planned.pk}/progress/", {"note": "x"}, "application/json")
    assert refused.status_code == 400 and "只有“实施中”的措施可以登记实施进展" in refused.json()["detail"]
    client.force_login(personas.official)
    assert client.post(url, {"note": "已发放"}, content_type="application/json").status_code == 403
    client.force_login(personas.cadre_b)
    assert client.post(url, {"note": "已发放"}, content_type="application/json").status_code == 404
