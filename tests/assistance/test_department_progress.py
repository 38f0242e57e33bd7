"""Review (township) finding 1: the department clerk records that a measure is under way (实施中): the start date,
what was done and, for a measure with an amount, the actual amount; through the page and the API, audited, only
for the clerk's own department. Before, the clerk could only close a measure, so one the department had started
stayed 计划中 and showed on the township's home as 已到开始日期未实施."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Department
from accounts.models import AuditEvent
from assistance.choices import MeasureStatus
from assistance.models import MeasureType, PlanMeasure
from assistance.services import department, plans
from households.place_filter import MSG_PLACE_REFUSED
from tests.clock import today

pytestmark = pytest.mark.django_db


def put(plan, code="family_doctor", responsible=Department.HEALTH, **fields):
    values = {"starts_on": today() - dt.timedelta(days=5), "status": MeasureStatus.PLANNED, **fields}
    return PlanMeasure.objects.create(
        plan=plan,
        household=plan.household,
        region_path=plan.region_path,
        measure_type=MeasureType.objects.get(code=code),
        responsible_department=responsible,
        responsible_unit="县卫健委",
        responsible_person="王干部",
        created_by=plan.created_by,
        **values,
    )


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.county_officer, household=monitored_a)


def test_the_clerk_starts_a_measure_on_its_page_with_date_note_and_amount(client, personas, plan):
    doctor = put(plan, amount=Decimal("300"))
    client.force_login(personas.clerk)
    page = client.get(f"/assistance/department/{doctor.pk}/").content.decode()
    assert "登记实施情况" in page and "开始实施日期" in page and "金额（元）" in page

    started = today() - dt.timedelta(days=2)
    response = client.post(
        f"/assistance/department/{doctor.pk}/",
        {"progress-starts_on": started.isoformat(), "progress-note": "已入户签约", "progress-amount": "280"},
    )

    assert response.status_code == 302
    doctor.refresh_from_db()
    assert (doctor.status, doctor.starts_on, doctor.amount) == (MeasureStatus.IN_PROGRESS, started, Decimal("280"))
    assert (doctor.progress_note, doctor.effect_note, doctor.completed_on) == ("已入户签约", "", None)
    event = AuditEvent.objects.get(action="assistance.measure_department_progress")
    assert event.actor == personas.clerk
    assert "卫生健康委员会登记帮扶措施" in event.summary and "计划中 → 实施中" in event.summary
    assert set(event.after) == {"starts_on", "amount"}
    assert plan.household.events.filter(summary__contains="实施情况（计划中 → 实施中）").exists()


def test_a_measure_without_an_amount_shows_no_amount_and_a_second_note_adds_to_the_first(client, personas, plan):
    doctor = put(plan)
    client.force_login(personas.clerk)
    assert "金额（元）" not in client.get(f"/assistance/department/{doctor.pk}/").content.decode()
    department.measure_progress_by_department(actor=personas.clerk, measure=doctor, note="已签约")

    department.measure_progress_by_department(actor=personas.clerk, measure=doctor, note="已首次随访")

    doctor.refresh_from_db()
    added = f"{today():%Y-%m-%d} {personas.clerk.get_department_display()} {personas.clerk.get_short_name()}补充"
    assert (doctor.status, doctor.progress_note) == (MeasureStatus.IN_PROGRESS, f"已签约\n{added}：已首次随访")
    assert doctor.effect_note == ""
    with pytest.raises(ValidationError, match="没有金额"):
        department.measure_progress_by_department(actor=personas.clerk, measure=doctor, note="x", amount=Decimal(1))


def test_a_start_date_in_the_future_is_refused_at_the_field(client, personas, plan):
    doctor = put(plan)
    client.force_login(personas.clerk)

    response = client.post(
        f"/assistance/department/{doctor.pk}/",
        {"progress-starts_on": (today() + dt.timedelta(days=3)).isoformat(), "progress-note": "已签约"},
    )

    assert response.status_code == 200
    assert "开始日期不能晚于今天" in response.content.decode()
    assert PlanMeasure.objects.get(pk=doctor.pk).status == MeasureStatus.PLANNED


def test_another_departments_measure_or_a_finished_one_is_refused(personas, plan):
    housing = put(plan, code="housing_renovation", responsible=Department.HOUSING)
    with pytest.raises(PermissionDenied):
        department.measure_progress_by_department(actor=personas.clerk, measure=housing, note="x")
    with pytest.raises(PermissionDenied):
        department.measure_progress_by_department(actor=personas.township, measure=put(plan), note="x")
    done = put(plan, status=MeasureStatus.DONE, completed_on=today())
    with pytest.raises(Exception, match="不能改为"):
        department.measure_progress_by_department(actor=personas.clerk, measure=done, note="x")
    assert PlanMeasure.objects.get(pk=housing.pk).status == MeasureStatus.PLANNED


def test_the_api_records_progress(client, personas, plan):
    doctor = put(plan)
    client.force_login(personas.clerk)
    url = f"/api/v1/assistance/department-measures/{doctor.pk}/progress/"

    response = client.post(url, {"note": "已签约"}, content_type="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == MeasureStatus.IN_PROGRESS
    refused = client.post(url, {"note": ""}, content_type="application/json")
    assert refused.status_code == 400


def test_the_done_form_still_closes_the_measure(client, personas, plan):
    doctor = put(plan)
    client.force_login(personas.clerk)

    response = client.post(f"/assistance/department/{doctor.pk}/", {"note": "已签约", "on": today().isoformat()})

    assert response.status_code == 302
    assert PlanMeasure.objects.get(pk=doctor.pk).status == MeasureStatus.DONE


def test_an_unknown_status_on_the_department_list_is_a_400_naming_it(client, personas, plan):
    put(plan)
    client.force_login(personas.clerk)

    response = client.get("/assistance/department/?status=finished")

    assert response.status_code == 400
    page = response.content.decode()
    assert "状态“finished”无效" in page and "家庭医生" not in page.split("data-filter-errors")[1]


@pytest.mark.parametrize("village", ["999", "abc'"])
def test_an_unknown_village_on_the_department_list_is_said_once_by_the_place_line(client, personas, plan, village):
    """As on the other lists: a 200, the 范围 refusal line and nothing listed; no second notice repeating the village
    (it was a 400 with both)."""
    put(plan)
    client.force_login(personas.clerk)

    response = client.get("/assistance/department/", {"village": village})

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("data-place-refused") == 1 and MSG_PLACE_REFUSED in page
    assert "data-filter-errors" not in page and "不在可选范围内" not in page
    assert response.context["page"].paginator.count == 0 and "没有符合条件的帮扶措施" not in page


def test_an_unknown_status_beside_an_unknown_village_is_a_400_naming_the_status_only(client, personas, plan):
    put(plan)
    client.force_login(personas.clerk)

    response = client.get("/assistance/department/?status=finished&village=999")

    assert response.status_code == 400
    notice = response.content.decode().split("data-filter-errors")[1].split("</div>")[0]
    assert "状态“finished”无效" in notice and "999" not in notice


def test_a_search_matching_nothing_says_so_and_an_empty_list_says_nothing_to_do(client, personas, plan):
    client.force_login(personas.clerk)

    empty = client.get("/assistance/department/").content.decode()
    put(plan)
    unmatched = client.get("/assistance/department/?q=无此人").content.decode()
    not_done = client.get("/assistance/department/?status=done").content.decode()

    assert "暂无待办帮扶措施" in empty and "没有符合条件" not in empty
    assert "没有符合条件的帮扶措施" in unmatched and "暂无待办" not in unmatched
    assert "没有符合条件的帮扶措施" in not_done


def test_the_status_drop_down_names_the_default_briefly(client, personas, plan):
    client.force_login(personas.clerk)

    page = client.get("/assistance/department/").content.decode()

    assert '<option value="open" selected>待办（未办结）</option>' in page
