"""Review rev-official 3 and 4: 工作成效 counts and times inclusions, re-marks and exits by the county's 批复 (000
§三(三)5 县级审批), not by the day the township's 公告并标识 closes the case; and it gives the leader, per unit and
period, new inclusions and exits by 监测对象类别 and re-marks (风险再标注, 返贫) on their own (003 §二2)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from households.choices import MonitoringCategory
from reports.selectors.performance import period_bounds
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx
from tests.workflow.batch_helpers import at_approval, new_household
from tests.workflow.helpers import act
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Channel, Outcome, StepKind
from workflow.models import Batch, BatchDecision, BatchItem, Case, CaseStep, Procedure, Step

pytestmark = pytest.mark.django_db

NOVEMBER = "/reports/performance/?period=month&date=2026-11-15"


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


@pytest.fixture
def november(registry, personas):
    """Decided by the county in November 2026; the township closes each case only in December, or not yet:
    a2 (涂埠镇 城南村) new inclusion 突发严重困难户, discovered 30 Oct, batch 批复 on 6 Nov, still at 公告并标识;
    b1 (涂埠镇 城北村) re-mark (返贫) 边缘易致贫户, discovered 1 Nov, approved on 5 Nov, closed on 2 Dec;
    c1 (虬津镇) included as 突发严重困难户 in January; its exit, discovered 20 Oct, approved on 10 Nov, still open."""
    steps = {}
    for kind in CaseKind.values:
        procedure = Procedure.objects.create(
            code=f"decisions_{kind}", name=f"测试{kind}", kind=kind, region_prefix="360425", limit_days=15
        )
        steps[kind] = Step.objects.create(
            procedure=procedure, order=1, code="county_approval", name="县级审批", role="county_approver",
            kind=StepKind.COUNTY_APPROVAL,
        )  # fmt: skip

    def case(household, kind, discovered, approved, *, closed=None, category="", batch=False):
        status = CaseStatus.APPROVED if closed else CaseStatus.OPEN
        case = Case.objects.create(
            kind=kind, household=household, procedure=steps[kind].procedure, channel=Channel.CADRE_VISIT,
            category=category, discovered_on=discovered, status=status, closed_on=closed,
            region_path=household.region_path, opened_by=personas.cadre_a,
        )  # fmt: skip
        CaseStep.objects.create(
            case=case, step=steps[kind], status=CaseStepStatus.DONE, outcome=Outcome.PASS, acted_at=_at(approved),
            acted_by=personas.approver, note="批复文号：永乡振字〔2026〕11号",
        )  # fmt: skip
        if batch:
            decided = Batch.objects.create(
                decision=BatchDecision.APPROVE, document_number="永乡振字〔2026〕12号", decided_on=approved,
                region_path=household.region_path, actor=personas.approver, count=1,
            )  # fmt: skip
            BatchItem.objects.create(batch=decided, case=case, region_path=household.region_path, snapshot={})
        return case

    # The batch's 批复日期 (6 Nov) is the decision day, though its step was recorded a day later.
    included = case(
        registry.a2, CaseKind.IDENTIFICATION, dt.date(2026, 10, 30), dt.date(2026, 11, 7),
        category=MonitoringCategory.SUDDEN_HARDSHIP, batch=True,
    )  # fmt: skip
    Batch.objects.filter(items__case=included).update(decided_on=dt.date(2026, 11, 6))
    remarked = case(
        registry.b1, CaseKind.REMARK, dt.date(2026, 11, 1), dt.date(2026, 11, 5), closed=dt.date(2026, 12, 2),
        category=MonitoringCategory.MARGINAL,
    )  # fmt: skip
    case(
        registry.c1, CaseKind.IDENTIFICATION, dt.date(2026, 1, 1), dt.date(2026, 1, 5), closed=dt.date(2026, 1, 5),
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )  # fmt: skip
    exited = case(registry.c1, CaseKind.EXIT, dt.date(2026, 10, 20), dt.date(2026, 11, 10))
    registry.c1.monitoring_category = ""  # the household changed at the county's approval (workflow outcomes)
    registry.c1.save()
    return SimpleNamespace(included=included, remarked=remarked, exited=exited)


def _rows(response):
    p = response.context["p"]
    return {row.region.name: row for row in p.rows} | {"合计": p.total}


def test_inclusions_and_exits_count_in_the_month_the_county_decided_them_not_when_the_case_closed(
    personas, november, login
):
    rows = _rows(login(personas.official).get(NOVEMBER))
    december = _rows(login(personas.official).get("/reports/performance/?period=month&date=2026-12-03"))

    town, other = rows["涂埠镇"], rows["虬津镇"]
    # a2 decided on the batch's 6 Nov, 7 days after discovery; b1 on 5 Nov, 4 days after: median 5.5.
    assert (town.inclusions, town.median_days, town.within_limit, town.judged) == (2, 5.5, 2, 2)
    assert december["涂埠镇"].inclusions == 0  # b1's case closed in December: not counted again there
    # c1's exit, approved on 10 Nov and still at 公告并标识, took it out of monitoring in November.
    assert (other.changes.removed_households, other.changes.exited_households) == (1, 1)
    assert other.changes.end_households == 0


def test_a_case_the_approver_passed_today_counts_at_once_while_it_waits_for_the_announcement(personas, county, login):
    from workflow.models import Procedure as Procedures
    from workflow.models import Step as Steps
    from workflow.presets import install

    install(Procedures, Steps)
    household = new_household(personas.cadre_a, county.village_a, "蔡东", 61)
    case = act(
        actor=personas.approver, case=at_approval(personas, household, personas.cadre_a),
        step_code="county_approval", outcome=Outcome.PASS,
    )  # fmt: skip
    assert case.status == CaseStatus.OPEN  # waiting at 公告并标识

    start, _ = period_bounds("month", timezone.localdate())
    response = login(personas.official).get(f"/reports/performance/?period=month&date={start}")
    town = _rows(response)["涂埠镇"]

    assert (town.inclusions, town.median_days) == (1, 3)  # discovered three days before the 批复
    assert town.identified_total == 1 and town.changes.added_households == 1


def test_new_inclusions_and_exits_are_split_by_category_and_re_marks_counted_on_their_own(personas, november, login):
    response = login(personas.official).get(NOVEMBER)
    rows = _rows(response)
    order = MonitoringCategory.values  # 脱贫不稳定户, 边缘易致贫户, 突发严重困难户

    town, other, total = rows["涂埠镇"], rows["虬津镇"], rows["合计"]
    assert order.index("sudden_hardship") == 2
    assert (town.identified_by_category, town.identified_total, town.remarked) == ([0, 0, 1], 1, 1)
    assert (town.exited_by_category, town.exited_total) == ([0, 0, 0], 0)
    # c1's exit leaves the category of its January inclusion.
    assert (other.exited_by_category, other.exited_total, other.remarked) == ([0, 0, 1], 1, 0)
    assert (total.identified_by_category, total.remarked, total.exited_by_category) == ([0, 0, 1], 1, [0, 0, 1])
    assert town.inclusions == town.identified_total + town.remarked

    page = response.content.decode()
    assert "风险再标注（返贫）" in page and 'id="identified-table"' in page and 'id="exited-table"' in page
    assert "类别未记录" not in page
    api = login(personas.official).get("/api/v1/reports/performance/?period=month&date=2026-11-15").json()
    api_town = next(row for row in api["rows"] if row["name"] == "涂埠镇")
    assert api_town["identified"]["sudden_hardship"] == 1 and api_town["remarked"] == 1
    assert api["total"]["exited"] == {"unstable": 0, "marginal": 0, "sudden_hardship": 1, "unknown": 0}


def test_an_exit_of_a_household_registered_at_go_live_is_counted_under_an_unknown_category(
    personas, registry, november, login
):
    """b1 had no inclusion in this system before its re-mark; an exit of a2 is added after a2's own inclusion, and
    one of a1, monitored since go-live without a case, has no category to leave."""
    procedure = november.exited.procedure
    step = Step.objects.get(procedure=procedure)
    exit_a1 = Case.objects.create(
        kind=CaseKind.EXIT, household=registry.a1, procedure=procedure, channel=Channel.CADRE_VISIT,
        discovered_on=dt.date(2026, 11, 1), region_path=registry.a1.region_path, opened_by=personas.cadre_a,
    )  # fmt: skip
    CaseStep.objects.create(
        case=exit_a1, step=step, status=CaseStepStatus.DONE, outcome=Outcome.PASS, acted_at=_at(dt.date(2026, 11, 20))
    )

    response = login(personas.official).get(NOVEMBER)
    town = _rows(response)["涂埠镇"]

    assert (town.exited_by_category, town.exited_unknown, town.exited_total) == ([0, 0, 0], 1, 1)
    assert "类别未记录" in response.content.decode()


def test_the_export_has_the_decisions_table_as_the_page_and_an_office_pc_reads_it_so(personas, november, login):
    data = download(login(personas.official).get("/reports/performance/export/?period=month&date=2026-11-15"))

    for rows in (read_xlsx(data), libreoffice_csv(data)):
        caption = next(i for i, row in enumerate(rows) if row[0] and str(row[0]).startswith("二、识别纳入、风险再标注"))
        header = [cell for cell in rows[caption + 1] if cell not in (None, "")]
        assert header == [
            "单位", "新识别纳入：脱贫不稳定户", "新识别纳入：边缘易致贫户", "新识别纳入：突发严重困难户",
            "新识别纳入小计", "风险再标注（返贫）户数", "风险消除：脱贫不稳定户", "风险消除：边缘易致贫户",
            "风险消除：突发严重困难户", "风险消除小计",
        ]  # fmt: skip
        body = {row[0]: [int(cell) for cell in row[1:10]] for row in rows[caption + 2 : caption + 5]}
        assert body == {
            "涂埠镇": [0, 0, 1, 1, 1, 0, 0, 0, 0],
            "虬津镇": [0, 0, 0, 0, 0, 0, 0, 1, 1],
            "合计（永修县）": [0, 0, 1, 1, 1, 0, 0, 1, 1],
        }
        work = next(row for row in rows if row[0] == "单位" and str(row[1]).startswith("县级批准纳入户数"))
        assert work[1] == "县级批准纳入户数（含风险再标注）"


def test_the_risk_elimination_ledger_lists_an_exit_by_its_approval_while_it_waits_for_the_announcement(
    personas, november, login
):
    """c1's exit: approved on 10 Nov, not yet announced (still open). 工作成效 counts it in November; so does the
    ledger, dated by the approval and with the days from discovery (20 Oct) to it."""
    client = login(personas.county_officer)

    def exits(start, end):
        form = {"ledger": "risk_elimination", "date_from": start, "date_to": end}
        header, body = ledger_table(read_xlsx(download(client.post("/reports/export/", form))))
        return [dict(zip(header, row, strict=False)) for row in body if row[0] != "（无数据）"]

    november_rows = exits("2026-11-01", "2026-11-30")
    assert [row["户编号"] for row in november_rows] == [november.exited.household.number]
    row = november_rows[0]
    approved = row["风险消除批准日期"]
    assert (approved.date() if isinstance(approved, dt.datetime) else approved) == dt.date(2026, 11, 10)
    assert row["办理天数"] == 21
    assert exits("2026-12-01", "2026-12-31") == []


def test_the_case_list_finds_the_cases_the_county_approved_in_a_month_also_those_waiting_for_the_announcement(
    personas, november, login
):
    client = login(personas.approver)

    def listed(**params):
        page = client.get("/workflow/cases/", params)
        assert page.status_code == 200
        return {case.pk for case in page.context["page"].object_list}, page.content.decode()

    found, page = listed(decided_from="2026-11-01", decided_to="2026-11-30")
    # a2 by its batch's 6 Nov, b1 approved 5 Nov (closed in December), c1's exit on 10 Nov (still open); not the
    # January inclusion of c1.
    assert found == {november.included.pk, november.remarked.pk, november.exited.pk}
    assert "县级批复于 2026-11-06" in page and "县级批复于 2026-11-05" in page
    assert listed(decided_from="2026-11-06", decided_to="2026-11-09")[0] == {november.included.pk}
    # 已批复、待公告并标识: approved, the case still open (the status filter 已通过 lists only closed ones).
    assert listed(decided="awaiting")[0] == {november.included.pk, november.exited.pk}
    assert listed(status=CaseStatus.APPROVED)[0] == {november.remarked.pk} | {
        case.pk for case in Case.objects.filter(kind=CaseKind.IDENTIFICATION, closed_on=dt.date(2026, 1, 5))
    }
    wrong, page = listed(decided_from="2026-11-30", decided_to="2026-11-01")
    assert wrong == set() and "截止日期不能早于起始日期" in page
