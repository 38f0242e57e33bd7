"""An exit (风险消除) taken through every step: it records the category and risks its household was monitored under
(the 风险消除台账, the approval batch and its print, the API show them, not "—"); it is refused with no measure in
place unless a reason is recorded (DOMAIN.md "Exit"), at the opening and at each pass; its 提出日期 is no earlier
than the household's monitoring start; one year of income alone is said; and its pages word it as an exit."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from assistance.choices import MeasureStatus
from assistance.models import PlanMeasure
from config.errors import ApplicationError
from households.choices import MonitoringCategory, RiskType
from households.models import HouseholdIncome
from reports.models import ExportMark
from tests.clock import this_year, today
from tests.reports.conftest import download, ledger_table, read_xlsx
from tests.workflow.helpers import act_after_publicity, exit_ready
from tests.workflow.steps_helpers import walk_to
from workflow.advisories import exit_advisories
from workflow.choices import CaseKind, Channel, Outcome
from workflow.exit_checks import MSG_ONE_YEAR
from workflow.models import Batch, Case
from workflow.services.case_opening import MSG_EXIT_BEFORE_MONITORING
from workflow.services.cases import case_open
from workflow.services.exit_reason import no_measure_refusal
from workflow.services.exit_rules import MSG_EXIT_NO_MEASURE

pytestmark = pytest.mark.django_db

MARGINAL = str(MonitoringCategory.MARGINAL.label)  # monitored_a's
MEDICAL = str(RiskType.MEDICAL_COST.label)
REASON = "风险自然消除：家庭成员已稳定务工"


def open_exit(personas, household, **extra):
    return case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
        **extra,
    )


def approved(personas, case):
    walk_to(personas, case, "county_approval")
    return act_after_publicity(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# 1. What the exit closes.


def test_an_exit_records_the_category_and_risks_it_closes_and_the_api_shows_them(personas, login, monitored_a):
    case = open_exit(personas, exit_ready(monitored_a))

    assert (case.category, case.risk_types) == (MonitoringCategory.MARGINAL, ["medical_cost"])
    data = login(personas.cadre_a).get(f"/api/v1/cases/{case.pk}/").json()
    assert data["category_display"] == MARGINAL and data["risk_types_display"] == [MEDICAL]
    page = text(login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/"))
    assert f"纳入监测时的风险类型： {MEDICAL} · 原监测类别 {MARGINAL}" in page and "拟定类别" not in page


def test_the_ledger_the_batch_page_and_its_print_show_them_after_the_approval(personas, login, monitored_a):
    case = approved(personas, open_exit(personas, exit_ready(monitored_a)))
    county = login(personas.county_officer)

    header, body = ledger_table(read_xlsx(download(county.post("/reports/export/", {"ledger": "risk_elimination"}))))
    [row] = [dict(zip(header, row, strict=False)) for row in body]
    assert (row["原监测对象类别"], row["风险类型"]) == (MARGINAL, MEDICAL)
    batch = Batch.objects.get(items__case=case)
    page = text(login(personas.approver).get(f"/workflow/batches/{batch.pk}/"))
    assert f"风险消除 {MARGINAL} {MEDICAL}" in page
    printed = text(login(personas.approver).get(f"/workflow/batches/{batch.pk}/print/"))
    assert f"风险消除 {MARGINAL} 刚性支出较大" in printed  # a printed list names no illness


# 2. At least one measure in place, or why not.


def test_an_exit_without_a_measure_in_place_is_refused_unless_a_reason_is_recorded(personas, login, monitored_a):
    exit_ready(monitored_a, measure=False)
    PlanMeasure.objects.filter(household=monitored_a).delete()

    with pytest.raises(ValidationError) as error:
        open_exit(personas, monitored_a)
    assert error.value.message_dict == {"no_measure_reason": [MSG_EXIT_NO_MEASURE]}
    api = login(personas.cadre_a).post(
        "/api/v1/cases/", {"household": monitored_a.pk, "kind": "exit", "confirm_advisories": True}
    )
    assert api.status_code == 400 and api.json()["no_measure_reason"] == [MSG_EXIT_NO_MEASURE]
    assert not Case.objects.exists()

    form = login(personas.cadre_a).post(
        f"/workflow/households/{monitored_a.pk}/cases/new/",
        {"kind": "exit", "discovered_on": today().isoformat(), "confirm_advisories": "on", "no_measure_reason": REASON},
    )
    case = Case.objects.get(household=monitored_a)
    assert form.status_code == 302 and case.no_measure_reason == REASON
    assert AuditEvent.objects.filter(summary__contains=f"未落实帮扶措施的原因：{REASON}").exists()
    page = text(login(personas.township).get(f"/workflow/cases/{case.pk}/"))
    assert f"未落实帮扶措施的原因：{REASON}" in page
    # The reason holds at each pass: the exit goes through to the approval.
    approved(personas, case)
    monitored_a.refresh_from_db()
    assert monitored_a.monitoring_category == "" and monitored_a.risk_eliminated_on is not None
    export = login(personas.county_officer).post("/reports/export/", {"ledger": "risk_elimination"})
    header, body = ledger_table(read_xlsx(download(export)))
    [row] = [dict(zip(header, row, strict=False)) for row in body]
    assert row["未落实帮扶措施的原因"] == REASON


def test_the_form_asks_for_the_reason_only_when_no_measure_is_in_place(personas, login, monitored_a):
    exit_ready(monitored_a, measure=False)
    url = f"/workflow/households/{monitored_a.pk}/cases/new/"
    assert "未落实帮扶措施的原因" in login(personas.cadre_a).get(url).content.decode()
    exit_ready(monitored_a)
    assert "未落实帮扶措施的原因" not in login(personas.cadre_a).get(url).content.decode()


def test_a_measure_stopped_while_the_exit_runs_refuses_the_township_audit(personas, monitored_a):
    case = open_exit(personas, exit_ready(monitored_a))
    walk_to(personas, case, "township_audit")
    PlanMeasure.objects.filter(household=monitored_a).update(status=MeasureStatus.STOPPED)

    with pytest.raises(ApplicationError) as error:
        act_after_publicity(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    # Said with the way on: the reason may be added on the case page (tests/workflow/test_exit_reason_added.py).
    assert error.value.message == no_measure_refusal(case)


# 3. 提出日期.


def test_an_exit_cannot_be_proposed_before_the_household_was_included(personas, login, monitored_a):
    exit_ready(monitored_a)  # monitored since 2025-03-01
    message = MSG_EXIT_BEFORE_MONITORING.format(start=dt.date(2025, 3, 1))
    assert "最早可填 2025-03-01" in message

    api = login(personas.cadre_a).post(
        "/api/v1/cases/",
        {"household": monitored_a.pk, "kind": "exit", "discovered_on": "2019-01-01", "confirm_advisories": True},
    )
    assert api.status_code == 400 and api.json()["discovered_on"] == [message]
    with pytest.raises(ValidationError):
        open_exit(personas, monitored_a, discovered_on=dt.date(2025, 2, 28))
    assert open_exit(personas, monitored_a, discovered_on=dt.date(2025, 3, 1)).discovered_on == dt.date(2025, 3, 1)


# 4. 收入持续稳定.


def test_one_year_of_income_alone_is_said(personas, monitored_a):
    exit_ready(monitored_a)
    assert not any("仅有一个年度" in said for said in exit_advisories(monitored_a, today()))
    HouseholdIncome.objects.filter(household=monitored_a, year=this_year() - 1).delete()

    assert MSG_ONE_YEAR.format(year=this_year() - 1) in exit_advisories(monitored_a, today())
    assert MSG_ONE_YEAR.startswith("仅有一个年度的收入记录，无法判断收入是否持续稳定")


# 7. Wording.


def test_the_withdraw_page_and_the_publicity_print_word_an_exit_as_one(personas, login, monitored_a):
    case = open_exit(personas, exit_ready(monitored_a))
    client = login(personas.cadre_a)

    withdraw = client.get(f"/workflow/cases/{case.pk}/withdraw/").content.decode()
    assert "风险已即时消除" not in withdraw and "风险尚未稳定消除" in withdraw
    assert "风险已即时消除" not in client.get(f"/workflow/cases/{case.pk}/").content.decode()

    walk_to(personas, case, "village_publicity")
    page = text(client.get(f"/workflow/publicity/{monitored_a.village.code}/print/"))
    assert "经村两委提出、民主评议，下列农户拟标注风险消除" in page and "经农户申请" not in page
    assert "原监测类别" in page and "拟定监测类别" not in page


def test_after_the_exit_the_household_header_shows_its_risks_as_former(personas, login, monitored_a):
    approved(personas, open_exit(personas, exit_ready(monitored_a)))

    page = login(personas.cadre_a).get(f"/households/{monitored_a.pk}/").content.decode()
    assert f'<span class="badge badge-warn">{MEDICAL}</span>' not in page
    assert re.search(rf"data-former-risks>原风险（[\d-]+ 已风险消除）：{MEDICAL}", page)


# 8. 公告并标注风险消除 records the national marking.


def test_the_announcement_that_closes_the_exit_records_the_national_marking(
    personas, login, monitored_a, django_capture_on_commit_callbacks
):
    case = approved(personas, open_exit(personas, exit_ready(monitored_a)))
    client = login(personas.township)
    assert [row["case"] for row in client.get("/api/v1/reports/national/").json()["results"]] == [case.pk]

    with django_capture_on_commit_callbacks(execute=True):
        act_after_publicity(actor=personas.township, case=case, step_code="announcement", outcome=Outcome.PASS)

    mark = ExportMark.objects.get(case=case)
    assert mark.marked_by == personas.township
    assert client.get("/api/v1/reports/national/").json()["results"] == []
    assert AuditEvent.objects.filter(
        action="reports.national_mark", summary__contains="随“公告并标注风险消除”办理"
    ).exists()
    assert client.get(f"/api/v1/households/{monitored_a.pk}/").json()["national_marking"] == "marked"
