"""A department clerk closes several 实施中 measures at once (批量办结: a 医保 clerk has dozens of 参保资助 a year) and
exports the department's list (XLSX): each measure closed by the single-measure service in one transaction, audited
per measure; stale ones named and skipped with the reason; the export with the members' full ID numbers of the
department's own measures only, audited with the count."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from accounts.choices import Department
from accounts.models import AuditEvent
from assistance.choices import MeasureStatus
from assistance.models import MeasureType, PlanMeasure
from assistance.services import department_batch, plans
from households.idnumber import mask
from households.models import Household
from tests.clock import today

pytestmark = pytest.mark.django_db

LIST = "/assistance/department/"
BATCH = "/assistance/department/batch-done/"
EXPORT = "/assistance/department/export/"
API = "/api/v1/assistance/department-measures/batch-done/"


def put(plan, code="family_doctor", department=Department.HEALTH, member=None, status=MeasureStatus.IN_PROGRESS):
    return PlanMeasure.objects.create(
        plan=plan,
        household=plan.household,
        member=member,
        region_path=plan.region_path,
        measure_type=MeasureType.objects.get(code=code),
        responsible_department=department,
        responsible_unit="县直单位",
        responsible_person="王干部",
        starts_on=today() - dt.timedelta(days=10),
        status=status,
        created_by=plan.created_by,
    )


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.county_officer, household=monitored_a)


@pytest.fixture
def spouse(monitored_a):
    return monitored_a.members.get(name="李秀英")


@pytest.fixture
def head(monitored_a):
    return monitored_a.members.get(name="张大山")


def _done(*measures):
    for measure in measures:
        measure.refresh_from_db()
    return [measure.status for measure in measures]


def test_the_clerk_ticks_confirms_and_closes_several_in_one_go(login, personas, plan, spouse, head):
    first, second = put(plan, member=spouse), put(plan, member=head)
    planned = put(plan, status=MeasureStatus.PLANNED)
    client = login(personas.clerk)

    page = client.get(LIST).content.decode()
    assert page.count('name="measures"') == 2  # only 实施中 measures may be ticked
    assert f'value="{planned.pk}"' not in page and "批量办结所选措施" in page

    confirm = client.post(BATCH, {"measures": [first.pk, second.pk]}).content.decode()
    assert "将办结 2 项" in confirm and "落实到 李秀英" in confirm and "落实到 张大山" in confirm
    assert _done(first, second) == [MeasureStatus.IN_PROGRESS] * 2  # nothing written before the confirmation

    on = today() - dt.timedelta(days=1)
    done = client.post(BATCH, {"measures": [first.pk, second.pk], "confirm": "1", "note": "已签约", "on": on})
    assert done.status_code == 302 and done["Location"] == LIST
    assert "已批量办结2项措施。" in client.get(LIST).content.decode()
    assert _done(first, second) == [MeasureStatus.DONE] * 2
    assert (first.completed_on, first.completed_by, first.effect_note) == (on, personas.clerk, "已签约")
    audited = AuditEvent.objects.filter(action="assistance.measure_department_done")
    assert sorted(int(event.object_id) for event in audited) == sorted([first.pk, second.pk])


def test_a_stale_measure_is_named_and_skipped_the_others_closed(login, personas, plan, spouse, head):
    fresh, stale = put(plan, member=spouse), put(plan, member=head)
    client = login(personas.clerk)
    client.post(BATCH, {"measures": [fresh.pk, stale.pk]})
    # Another clerk closes one after the confirmation page was drawn.
    PlanMeasure.objects.filter(pk=stale.pk).update(status=MeasureStatus.DONE, completed_on=today())

    client.post(BATCH, {"measures": [fresh.pk, stale.pk], "confirm": "1", "note": "已签约", "on": today()})

    shown = client.get(LIST).content.decode()
    assert "已批量办结1项措施。" in shown
    assert f"未办结1项：张大山户 张大山 家庭医生签约服务（已于{today():%Y-%m-%d}办结，未重复办结）。" in shown
    assert _done(fresh) == [MeasureStatus.DONE]
    assert AuditEvent.objects.filter(action="assistance.measure_department_done").count() == 1


def test_another_departments_or_a_planned_measure_is_skipped_with_why(login, personas, plan, spouse):
    ours = put(plan, member=spouse)
    planned = put(plan, status=MeasureStatus.PLANNED)
    insured = put(plan, "medical_insurance_subsidy", Department.MEDICAL_INSURANCE, member=spouse)

    result = department_batch.measures_complete_by_department(
        actor=personas.clerk, pks=[ours.pk, planned.pk, insured.pk], note="已签约"
    )

    assert [measure.pk for measure in result.done] == [ours.pk]
    reasons = {item.pk: (item.name, item.reason) for item in result.skipped}
    assert reasons[insured.pk] == (f"措施编号{insured.pk}", "不是本部门负责的措施，或已不存在")
    assert reasons[planned.pk] == ("张大山户 家庭医生签约服务", "当前为“计划中”，只能批量办结“实施中”的措施")
    assert _done(planned, insured) == [MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS]


def test_a_completion_date_before_a_start_skips_that_measure(personas, plan, spouse, head):
    early, late = put(plan, member=spouse), put(plan, member=head)
    PlanMeasure.objects.filter(pk=late.pk).update(starts_on=today() - dt.timedelta(days=1))
    on = today() - dt.timedelta(days=5)

    result = department_batch.measures_complete_by_department(
        actor=personas.clerk, pks=[early.pk, late.pk], note="已签约", on=on
    )

    assert [measure.pk for measure in result.done] == [early.pk]
    assert result.skipped[0].reason == f"完成日期不能早于措施的开始日期（{today() - dt.timedelta(days=1):%Y-%m-%d}）。"


def test_a_missing_note_or_a_future_date_refuses_the_whole_batch_at_the_field(login, personas, plan, spouse):
    measure = put(plan, member=spouse)
    client = login(personas.clerk)

    empty = client.post(BATCH, {"measures": [measure.pk], "confirm": "1", "note": " ", "on": today()})
    assert empty.status_code == 400 and "请填写办理情况" in empty.content.decode()
    future = today() + dt.timedelta(days=1)
    later = client.post(BATCH, {"measures": [measure.pk], "confirm": "1", "note": "已签约", "on": future})
    assert later.status_code == 400 and "完成日期不能晚于今天。" in later.content.decode()
    assert _done(measure) == [MeasureStatus.IN_PROGRESS]


def test_a_closed_households_measure_is_skipped(personas, plan, spouse):
    measure = put(plan, member=spouse)
    Household.objects.filter(pk=plan.household_id).update(is_active=False)

    result = department_batch.measures_complete_by_department(actor=personas.clerk, pks=[measure.pk], note="已签约")

    assert result.done == [] and result.skipped[0].name == "张大山户 李秀英 家庭医生签约服务"
    assert _done(measure) == [MeasureStatus.IN_PROGRESS]


def test_the_api_closes_in_a_batch_and_reports_the_skipped(login, personas, plan, spouse, head):
    ours, other = put(plan, member=spouse), put(plan, status=MeasureStatus.PLANNED)
    client = login(personas.clerk)

    answer = client.post(API, {"ids": [ours.pk, other.pk], "note": "已签约"}, content_type="application/json").json()

    assert [row["id"] for row in answer["done"]] == [ours.pk]
    assert answer["done"][0]["status"] == "done" and answer["done"][0]["member"]["id_number"] == mask(spouse.id_number)
    assert answer["skipped"] == [
        {"id": other.pk, "name": "张大山户 家庭医生签约服务", "reason": "当前为“计划中”，只能批量办结“实施中”的措施"}
    ]
    empty = client.post(API, {"ids": [], "note": "已签约"}, content_type="application/json")
    assert empty.status_code == 400 and "请至少勾选一项" in empty.content.decode()
    assert client.post(API, {"ids": [ours.pk]}, content_type="application/json").status_code == 400
    assert (
        login(personas.cadre_a).post(API, {"ids": [ours.pk], "note": "x"}, content_type="application/json").status_code
        == 403
    )


def _sheet(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content])))
    return list(book.active.iter_rows(values_only=True))


def test_the_export_lists_the_departments_measures_with_full_ids_as_text_and_is_audited(login, personas, plan, spouse):
    mine = put(plan, member=spouse)
    put(plan, status=MeasureStatus.PLANNED)
    put(plan, "medical_insurance_subsidy", Department.MEDICAL_INSURANCE, member=spouse)
    client = login(personas.clerk)

    assert "导出Excel（按当前筛选）" in client.get(LIST).content.decode()
    response = client.get(EXPORT, {"q": "李秀英"})

    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet(response)
    headers = list(rows[2])
    assert headers[:10] == [
        "序号",
        "乡镇",
        "村",
        "户编号",
        "户主姓名",
        "落实到",
        "与户主关系",
        "年龄",
        "身份证号",
        "帮扶措施",
    ]
    data = [row for row in rows[3:] if row[0] is not None]
    assert len(data) == 1  # the search narrows it; another department's measure is never there
    row = dict(zip(headers, data[0], strict=True))
    assert row["身份证号"] == spouse.id_number and isinstance(row["身份证号"], str)
    assert (row["落实到"], row["帮扶措施"], row["状态"]) == ("李秀英", "家庭医生签约服务", "实施中")
    assert "查找：李秀英" in rows[1][0]
    event = AuditEvent.objects.get(action="assistance.department_export")
    assert event.actor == personas.clerk and event.after == {"count": 1, "full_id_numbers": 1}
    assert "导出帮扶任务清单：1项措施，含完整身份证号1人" in event.summary
    assert mine.pk  # the list page itself still shows the number masked
    assert spouse.id_number not in client.get(LIST).content.decode()


def test_a_bad_filter_exports_nothing(login, personas, plan):
    put(plan)
    client = login(personas.clerk)

    refused = client.get(EXPORT, {"status": "finished"})

    assert refused.status_code == 302
    assert not AuditEvent.objects.filter(action="assistance.department_export").exists()
