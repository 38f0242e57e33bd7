"""Re-review finding 5: the 脱贫劳动力就业台账 contradicted the measures. A member whose 乡村公益性岗位 measure was
实施中 was copied into the quarter's ledger as 公益性岗位 否 (and, registered 未务工, as not employed): the quarterly
snapshot read only the registry's employment fields."""

import datetime as dt

import pytest

from assistance.choices import MeasureStatus
from assistance.models import EmploymentRecord, MeasureType, PlanMeasure
from assistance.services import employment, measures, plans
from tests.clock import today
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db


def quarter():
    return employment.quarter_of(today())


def snapshot(client):
    year, number = quarter()
    url = f"/assistance/employment/?quarter={year}Q{number}"
    return client.post(url, {"action": "snapshot", "quarter": f"{year}Q{number}"})


def post_for(personas, household, name, *, status, starts_on=None):
    plan = plans.plan_create(actor=personas.township, household=household)
    member = household.members.get(name=name)
    measure = measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="public_post"),
        member=member,
        starts_on=starts_on or today(),
        responsible_person="李干部",
        confirm_mismatch=True,
        mismatch_reason="照顾病人，就近安排护林员",
    )
    PlanMeasure.objects.filter(pk=measure.pk).update(status=status)
    return measure


def record_of(name):
    year, number = quarter()
    return EmploymentRecord.objects.get(year=year, quarter=number, member__name=name)


def test_a_member_on_a_public_post_measure_is_copied_as_employed_on_a_public_welfare_post(personas, login, monitored_a):
    post_for(personas, monitored_a, "张大山", status=MeasureStatus.IN_PROGRESS)

    snapshot(login(personas.cadre_a))

    head = record_of("张大山")
    assert (head.public_welfare_post, head.employed, head.place) == (True, True, "in_county")
    assert head.months >= 1 and head.monthly_income is None
    assert record_of("李秀英").public_welfare_post is False


def test_the_labour_ledger_then_says_public_post_yes(personas, login, monitored_a):
    post_for(personas, monitored_a, "张大山", status=MeasureStatus.IN_PROGRESS)
    snapshot(login(personas.cadre_a))
    year, number = quarter()

    response = login(personas.county_officer).post(
        "/reports/export/", {"ledger": "labour_employment", "quarter": f"{year}Q{number}"}
    )
    header, body = ledger_table(read_xlsx(download(response)))
    row = next(dict(zip(header, r, strict=True)) for r in body if r[header.index("姓名")] == "张大山")
    assert row["公益性岗位"] == "是" and row["是否务工就业"] == "是"


def test_a_post_only_planned_or_ended_before_the_quarter_does_not_count(personas, login, monitored_a):
    measure = post_for(personas, monitored_a, "张大山", status=MeasureStatus.PLANNED)
    snapshot(login(personas.cadre_a))
    assert record_of("张大山").public_welfare_post is False

    EmploymentRecord.objects.all().delete()
    year, number = quarter()
    before = dt.date(year, 3 * number - 2, 1) - dt.timedelta(days=1)
    PlanMeasure.objects.filter(pk=measure.pk).update(
        status=MeasureStatus.DONE, starts_on=before - dt.timedelta(days=60), completed_on=before
    )
    snapshot(login(personas.cadre_a))
    assert record_of("张大山").public_welfare_post is False
