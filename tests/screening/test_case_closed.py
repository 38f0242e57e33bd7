"""A screening hit proposed for monitoring whose case ends without inclusion (refused or withdrawn) goes back to the
worklist's 待处理 with how and why the case ended, and runs then treat it as any pending hit; an approved case keeps
the proposal (review township finding 1)."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from households.choices import LabourCapacity, MonitoringCategory, NationalRiskType
from households.models import Household, HouseholdEvent
from households.services import income
from screening.choices import ResultStatus, RunKind
from screening.models import ScreeningResult
from screening.services import results
from screening.services.runs import screening_run
from tests.clock import this_year, today
from tests.screening.dismissing import dismiss
from tests.workflow.batch_helpers import BEFORE_APPROVAL
from tests.workflow.helpers import DOCUMENT_NUMBER, act_after_publicity, exit_ready
from workflow.choices import CaseKind, CaseStatus, Channel, Outcome
from workflow.services.cases import case_act, case_open, case_withdraw
from workflow.services.proposals import case_open_from_screening

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def presets(db):
    from workflow.models import Procedure, Step
    from workflow.presets import install

    install(Procedure, Step)


@pytest.fixture
def proposed(line, make_household, personas):
    """A household hit by the nightly run and proposed from the worklist, with its identification case open."""
    household = make_household("5000")
    screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(this_year(), 1, 5))
    result = ScreeningResult.objects.get(household=household)
    # Income below the line alone: the cadre gives its cause, as on the page (case_opening.MSG_INCOME_CAUSE_REQUIRED).
    case = case_open_from_screening(
        actor=personas.cadre_a,
        result=result,
        category=MonitoringCategory.UNSTABLE_LIFTED_OUT,
        national_risk_types=[NationalRiskType.OTHER],
    )
    result.refresh_from_db()
    assert result.status == ResultStatus.PROPOSED
    return case


def test_a_case_refused_at_the_village_review_puts_the_hit_back_on_the_worklist(
    proposed, personas, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case_act(
            actor=personas.cadre_a,
            case=proposed,
            step_code="village_review",
            outcome=Outcome.REJECT,
            note="评议认为家庭收入可维持",
        )

    result = ScreeningResult.objects.get(household=proposed.household)
    assert (result.status, result.handled_by, result.first_hit_on) == (
        ResultStatus.HIT,
        personas.cadre_a,
        dt.date(this_year(), 1, 5),
    )
    assert "纳入案件" in result.handle_note and "未通过：村级评议不通过，评议认为家庭收入可维持" in result.handle_note
    client = login(personas.cadre_a)
    worklist = client.get("/screening/").content.decode()
    assert proposed.household.number in worklist  # 待处理 is the default tab
    assert "评议认为家庭收入可维持" in worklist and f"/screening/results/{result.pk}/propose/" in worklist
    assert '待处理 <span class="badge">1</span>' in worklist
    panel = client.get(f"/households/{proposed.household_id}/", {"tab": "screening"}).content.decode()
    assert "待处理" in panel and "评议认为家庭收入可维持" in panel
    assert HouseholdEvent.objects.filter(household=proposed.household, summary__contains="退回待处理").exists()


def test_a_withdrawn_case_puts_the_hit_back_with_the_withdrawal_reason(
    proposed, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case_withdraw(actor=personas.cadre_a, case=proposed, note="误选监测类别，重新发起")

    result = ScreeningResult.objects.get(household=proposed.household)
    assert result.status == ResultStatus.HIT
    assert "已撤回：撤回理由：误选监测类别，重新发起" in result.handle_note
    # The cadre decides again: propose it anew (a new case) or dismiss it with a reason, as for any pending hit.
    dismiss(actor=personas.cadre_a, result=result)
    assert ScreeningResult.objects.get(pk=result.pk).status == ResultStatus.DISMISSED


def test_a_run_after_the_refusal_treats_the_household_as_any_pending_hit(
    proposed, personas, django_capture_on_commit_callbacks
):
    year = this_year()
    with django_capture_on_commit_callbacks(execute=True):
        case_withdraw(actor=personas.cadre_a, case=proposed, note="重复发起")

    again = screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(year, 2, 5))
    kept = ScreeningResult.objects.get(household=proposed.household)
    assert (kept.status, kept.is_current, kept.first_hit_on) == (ResultStatus.HIT, True, dt.date(year, 1, 5))
    assert again.hits == 1

    # No longer below the line: it leaves the worklist as a pending hit does (a proposal would have stayed).
    income.income_save(
        actor=personas.county_officer,
        household=proposed.household,
        year=year,
        amounts={"wage_income": Decimal("30000")},
    )
    dropped = screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(year, 3, 5))
    assert dropped.results_dropped == 1
    assert not ScreeningResult.objects.filter(household=proposed.household).exists()


def test_an_approved_case_makes_the_result_monitored_and_a_run_keeps_it_so(
    proposed, personas, login, django_capture_on_commit_callbacks
):
    actors = {"cadre": personas.cadre_a, "county_officer": personas.county_officer, "township": personas.township}
    case = proposed
    for who, code in BEFORE_APPROVAL:
        case = act_after_publicity(actor=actors[who], case=case, step_code=code, outcome=Outcome.PASS)
    with django_capture_on_commit_callbacks(execute=True):
        case = act_after_publicity(
            actor=personas.approver,
            case=case,
            step_code="county_approval",
            outcome=Outcome.PASS,
            document_number=DOCUMENT_NUMBER,
        )
        case = act_after_publicity(actor=personas.township, case=case, step_code="announcement", outcome=Outcome.PASS)

    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    result = ScreeningResult.objects.get(household=case.household)
    assert (result.status, result.handled_by, result.first_hit_on) == (
        ResultStatus.MONITORED,
        personas.township,  # whose announcement closed the case (screening.receivers.closed_by)
        dt.date(this_year(), 1, 5),
    )
    assert "纳入案件" in result.handle_note and "已通过，该户已纳入监测" in result.handle_note
    assert "正在办理" not in result.handle_note

    screening_run(kind=RunKind.FULL)

    assert ScreeningResult.objects.get(pk=result.pk).status == ResultStatus.MONITORED
    client = login(personas.cadre_a)
    worklist = client.get("/screening/").content.decode()
    assert '已是监测对象 <span class="badge">1</span>' in worklist
    assert '已提议纳入监测 <span class="badge">0</span>' in worklist
    cases_tab = client.get(f"/households/{case.household_id}/", {"tab": "cases"}).content.decode()
    assert "已提议纳入监测：发起识别" not in cases_tab


def test_a_run_finishes_a_proposal_whose_case_was_approved_before_screening_followed_approvals(
    line, make_household, personas
):
    """Results left at 已提议纳入监测 by approvals before this was followed: the next run makes them 已是监测对象
    while a rule still hits the household, and drops them as any result no longer hit otherwise."""
    still_hit, no_longer = make_household("5000"), make_household("5000")
    screening_run(kind=RunKind.NIGHTLY)
    for household in (still_hit, no_longer):
        results.result_propose(actor=personas.cadre_a, result=ScreeningResult.objects.get(household=household))
    Household.objects.filter(pk__in=[still_hit.pk, no_longer.pk]).update(
        monitoring_category=MonitoringCategory.MARGINAL, monitoring_start=dt.date(this_year(), 1, 10)
    )
    income.income_save(
        actor=personas.county_officer, household=no_longer, year=this_year(), amounts={"wage_income": Decimal("40000")}
    )

    screening_run(kind=RunKind.FULL)

    finished = ScreeningResult.objects.get(household=still_hit)
    assert (finished.status, finished.handle_note) == (ResultStatus.MONITORED, "该户已是监测对象。")
    assert not ScreeningResult.objects.filter(household=no_longer).exists()


def test_a_refused_exit_case_leaves_a_monitored_household_s_result_alone(
    line, make_household, personas, django_capture_on_commit_callbacks
):
    household = make_household("5000")
    screening_run(kind=RunKind.NIGHTLY)
    results.result_propose(actor=personas.cadre_a, result=ScreeningResult.objects.get(household=household))
    Household.objects.filter(pk=household.pk).update(
        monitoring_category=MonitoringCategory.MARGINAL,
        monitoring_start=dt.date(this_year(), 1, 10),
        labour_capacity=LabourCapacity.HAS_LABOUR,
    )
    household.refresh_from_db()
    exit_ready(household)  # an exit opens only on an income above the line (workflow.services.exit_rules)
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
        risk_types=[],
        discovered_on=today(),
    )

    with django_capture_on_commit_callbacks(execute=True):
        case_act(
            actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT, note="风险未消除"
        )

    # No hit back on the worklist (the old proposal of the monitored household, no longer hit, is gone: run_apply).
    assert not ScreeningResult.objects.filter(household=household, status=ResultStatus.HIT).exists()
    assert not HouseholdEvent.objects.filter(household=household, summary__contains="退回待处理").exists()


def test_a_long_refusal_reason_still_puts_the_hit_back(proposed, personas, django_capture_on_commit_callbacks):
    reason = "入户核实情况：" + "家庭成员务工收入较为稳定，" * 30

    with django_capture_on_commit_callbacks(execute=True):
        case_act(actor=personas.cadre_a, case=proposed, step_code="village_review", outcome=Outcome.REJECT, note=reason)

    result = ScreeningResult.objects.get(household=proposed.household)
    assert result.status == ResultStatus.HIT and result.handle_note.startswith("纳入案件")
    event = HouseholdEvent.objects.filter(household=proposed.household, summary__contains="退回待处理").get()
    assert len(event.summary) <= 200


def test_the_command_returns_hits_stranded_before_screening_followed_its_cases(proposed, personas):
    """Hits left 已提议纳入监测 by a case withdrawn before the receiver existed (the review's 丁欢华): the case's
    on-commit signal is not run here, as it was not then."""
    import io

    from django.core.management import call_command

    case_withdraw(actor=personas.cadre_a, case=proposed, note="误选农户")
    result = ScreeningResult.objects.get(household=proposed.household)
    assert result.status == ResultStatus.PROPOSED

    dry = io.StringIO()
    call_command("reopen_stranded_hits", "--dry-run", stdout=dry)
    result.refresh_from_db()
    assert result.status == ResultStatus.PROPOSED and "可退回待处理的筛查命中 1 户" in dry.getvalue()

    done = io.StringIO()
    call_command("reopen_stranded_hits", stdout=done)
    result.refresh_from_db()
    assert result.status == ResultStatus.HIT and "撤回理由：误选农户" in result.handle_note
    assert "已退回待处理的筛查命中 1 户" in done.getvalue()
    again = io.StringIO()
    call_command("reopen_stranded_hits", stdout=again)
    assert "已退回待处理的筛查命中 0 户" in again.getvalue()


def test_the_command_records_the_reopened_hits_as_its_own_not_as_the_person_who_closed_the_case(
    proposed, personas, login, monkeypatch
):
    """The upgrade command reopens what a receiver would have: the result, its history row and the audit event say
    the server command did it (and which server login ran it), not the cadre who withdrew the case long before."""
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.audit import SERVER_COMMAND
    from accounts.models import AuditEvent

    case_withdraw(actor=personas.cadre_a, case=proposed, note="误选农户")
    monkeypatch.setenv("LOGNAME", "opsadmin")  # the server login (getpass reads it first)

    call_command("reopen_stranded_hits", stdout=io.StringIO())

    result = ScreeningResult.objects.get(household=proposed.household)
    assert result.status == ResultStatus.HIT and result.handled_by is None
    history = HouseholdEvent.objects.get(household=proposed.household, summary__contains="退回待处理")
    assert history.actor is None
    event = AuditEvent.objects.get(action="screening.reopen")
    assert (event.actor, event.actor_username) == (None, SERVER_COMMAND)
    assert event.summary.startswith(f"在服务器上用管理命令把农户 {proposed.household.number} 的筛查结果退回待处理")
    assert "撤回理由：误选农户" in event.summary and event.summary.endswith("，服务器用户 opsadmin")
    assert event.before == {"status": "已提议纳入监测"} and event.after == {"status": "待处理"}
    client = login(personas.township)
    page = client.get(f"/households/{proposed.household_id}/", {"tab": "history"}).content.decode()
    shown = page.index("筛查结果：退回待处理")
    reopened = page[page.rindex("<li>", 0, shown) : shown]  # the history row's header: when, by whom
    assert "· 系统<" in reopened and (personas.cadre_a.get_full_name() or "cadre_a") not in reopened
    worklist = client.get("/screening/").content.decode()
    assert f"系统自动 {timezone.localdate(result.handled_at):%Y-%m-%d}：{result.handle_note}" in worklist
