"""A department alert on the household still waiting for its verification (待核实) refuses its 风险消除: opening the
exit, the township's audit and the county's approval, on every path (the service, the pages, the batches, the API),
named by feed type (a health feed by its department's label), raised date and deadline; a refusal or a return stays
possible (seed 000 §三(三)8: 风险稳定消除后; workflow.services.exit_rules, alerts.advisories). And what the one
deciding was shown (workflow.advisories) is kept with the decision: in the case's record, its audit rows, the
case's history (审批时提示), and repeated in the confirmation of the pass."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from accounts.audit_labels import NOTE_HIDDEN, field_label, shown_values
from accounts.choices import Department
from accounts.models import AuditEvent
from alerts.choices import AlertLevel, AlertOutcome, AlertStatus, UploadStatus
from alerts.models import Alert, FeedType, FeedUpload
from config.errors import ApplicationError
from households.models import Household
from tests.factories import UserFactory
from tests.workflow.helpers import act_after_publicity, exit_ready
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Channel, Outcome
from workflow.models import Case, CaseEvent, CaseStep
from workflow.services.batches import BatchConflict, CaseRef, batch_decide, case_version
from workflow.services.cases import case_open
from workflow.services.township_batch import township_batch_audit

pytestmark = pytest.mark.django_db
NUMBER = "永巩固〔2026〕9号"
RAISED = dt.date(2026, 11, 20)
DUE = dt.date(2026, 11, 27)
ILLNESS = "卫健部门预警（2026-11-20 预警，核实期限 2026-11-27）"


def raise_alert(household, code="health-serious-illness", department=Department.HEALTH, member_index=0):
    """A department alert on one of the household's members, waiting for its verification."""
    feed = FeedType.objects.get(code=code)
    member = household.members.order_by("pk")[member_index]
    key = f"p{Alert.objects.count()}"
    upload = FeedUpload.objects.create(
        feed_type=feed, department=department, uploaded_by=UserFactory(username=f"up-{key}-{code}"), file="feeds/x.csv",
        original_name="x.csv", checksum=f"{key}-{code}", period_key=key, period_label=key, period_start=RAISED,
        period_end=RAISED, deadline=RAISED, status=UploadStatus.DONE, region_path="360425",
    )  # fmt: skip
    return Alert.objects.create(
        feed_type=feed, rule=feed.rules.first(), upload=upload, department=department, member=member,
        household=household, region_path=household.region_path, id_number=member.id_number,
        person_name=member.name, detail="疾病名称：急性白血病", line=2, period_key=key, raised_on=RAISED, due_on=DUE,
        verify_by=DUE, level=AlertLevel.VILLAGE, status=AlertStatus.PENDING,
    )  # fmt: skip


def verified(alert):
    Alert.objects.filter(pk=alert.pk).update(
        status=AlertStatus.VERIFIED, outcome=AlertOutcome.MONITORED, verified_on=timezone.localdate()
    )


def open_exit(personas, household):
    return case_open(
        actor=personas.cadre_a, household=household, kind=CaseKind.EXIT, confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )  # fmt: skip


def at(personas, household, step_code):
    """An exit opened on a good record and passed up to `step_code`."""
    exit_ready(household)
    case = open_exit(personas, household)
    steps = [(personas.cadre_a, "village_review"), (personas.cadre_a, "village_publicity")]
    steps += [(personas.township, "township_audit"), (personas.approver, "county_approval")]
    for actor, code in steps:
        if code == step_code:
            break
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)
    return case


def recently_included(household, months=2):
    """Included `months` ago: an advisory (纳入监测仅 N 个月), which informs and never blocks."""
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    Household.objects.filter(pk=household.pk).update(monitoring_start=dt.date(year, month + 1, 1))
    household.refresh_from_db()


def test_an_exit_is_not_opened_while_an_alert_on_a_member_awaits_its_verification(personas, login, monitored_a):
    exit_ready(monitored_a)
    alert = raise_alert(monitored_a, member_index=1)  # the spouse's, not the head's
    with pytest.raises(ApplicationError) as error:
        open_exit(personas, monitored_a)
    message = error.value.message
    assert message.startswith(f"该户有 1 条部门预警尚未核实：{ILLNESS}。")
    assert "请先入户核实这些预警" in message
    assert "白血病" not in message and "新增大病患者" not in message  # a health feed is named by its department
    page = login(personas.cadre_a).get(f"/workflow/households/{monitored_a.pk}/cases/new/").content.decode()
    assert "部门预警尚未核实：" + ILLNESS in page

    verified(alert)
    assert open_exit(personas, monitored_a).status == CaseStatus.OPEN


def test_the_township_audit_refuses_a_pass_while_an_alert_waits_on_every_path(personas, login, monitored_a):
    case = at(personas, monitored_a, "township_audit")
    alert = raise_alert(monitored_a)  # reported while the exit ran
    client = login(personas.township)

    with pytest.raises(ApplicationError, match="部门预警尚未核实"):
        act_after_publicity(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "暂不能通过" in page and ILLNESS in page
    case.refresh_from_db()
    with pytest.raises(BatchConflict) as batch:
        township_batch_audit(
            actor=personas.township, refs=[CaseRef(case.pk, case_version(case))], outcome=Outcome.PASS, note=""
        )
    assert "张大山" in batch.value.message and ILLNESS in batch.value.message
    single = {"step_code": "township_audit", "outcome": "pass"}
    api = client.post(f"/api/v1/cases/{case.pk}/act/", single, content_type="application/json")
    assert api.status_code == 400 and ILLNESS in api.content.decode()
    assert CaseStep.objects.get(case=case, step__code="township_audit").status == CaseStepStatus.OPEN

    verified(alert)
    case = act_after_publicity(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.OPEN


def test_the_county_approval_refuses_a_pass_alone_in_a_batch_and_through_the_api(personas, login, monitored_a):
    case = at(personas, monitored_a, "county_approval")
    raise_alert(monitored_a)
    housing = raise_alert(monitored_a, code="housing-safety", department=Department.HOUSING)
    client = login(personas.approver)
    named = f"该户有 2 条部门预警尚未核实：{ILLNESS}；{housing.feed_type.name}（2026-11-20 预警"

    form = {
        "county_approval-step_code": "county_approval",
        "county_approval-version": case_version(case),
        "county_approval-outcome": "pass",
        "county_approval-document_number": NUMBER,
    }
    page = client.post(f"/workflow/cases/{case.pk}/", form).content.decode()
    assert named in page
    case.refresh_from_db()
    with pytest.raises(BatchConflict) as batch:
        batch_decide(
            actor=personas.approver, refs=[CaseRef(case.pk, case_version(case))], decision="approve",
            document_number=NUMBER, decided_on=timezone.localdate(),
        )  # fmt: skip
    assert "张大山" in batch.value.message and named in batch.value.message
    assert named in client.get("/workflow/batches/").content.decode()  # flagged before it is ticked
    body = {
        "cases": [{"id": case.pk, "version": case_version(case)}], "decision": "approve",
        "document_number": NUMBER, "decided_on": timezone.localdate().isoformat(),
    }  # fmt: skip
    api = client.post("/api/v1/batches/", body, content_type="application/json")
    assert api.status_code == 400 and named in api.content.decode()
    single = {"step_code": "county_approval", "outcome": "pass", "document_number": NUMBER}
    api = client.post(f"/api/v1/cases/{case.pk}/act/", single, content_type="application/json")
    assert api.status_code == 400 and named in api.content.decode()
    assert Household.objects.get(pk=monitored_a.pk).monitoring_category  # still monitored

    # Refusing the exit stays possible.
    refused = {**single, "outcome": "reject", "note": "新发大病，风险未消除"}
    assert client.post(f"/api/v1/cases/{case.pk}/act/", refused, content_type="application/json").status_code == 200
    assert Case.objects.get(pk=case.pk).status == CaseStatus.REJECTED


def test_the_advisories_shown_at_an_approval_are_kept_with_it(personas, login, monitored_a):
    case = at(personas, monitored_a, "county_approval")
    recently_included(monitored_a)
    client = login(personas.approver)

    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    # The confirmation of a pass repeats them (page_actions.js data-confirm-rules), before the generic question.
    rules = re.search(r"data-confirm-rules='([^']*)'", page.split('id="act-county_approval"')[1]).group(1)
    ask = re.search(r'\{"when": \{"outcome": "pass"\}, "ask": "([^"]*)"\}, \{"when": \{"outcome": true\}', rules).group(
        1
    )
    assert re.match(r"该户有 \d 条风险消除提示：\\u000A1. ", ask) and "纳入监测仅 2 个月" in ask

    act_after_publicity(
        actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS, document_number=NUMBER
    )
    event = CaseEvent.objects.get(case=case, action="case_act", detail__step=case.procedure.steps.get(
        code="county_approval").pk)  # fmt: skip
    kept = event.detail["advisories"]
    [advice] = [said for said in kept if said.startswith("纳入监测仅 2 个月")]
    act = AuditEvent.objects.get(action="workflow.case_act", object_id=str(case.pk), summary__contains="县级审批")
    assert act.after["advisories"] == kept
    approved = AuditEvent.objects.get(action="workflow.exit_approved", object_id=str(case.pk))
    assert approved.after["advisories"] == kept and approved.after["risk_eliminated_on"]
    # The audit log names them; an earlier refusal's opinion may be quoted, so a masked reader sees them hidden.
    assert field_label("workflow.case", "advisories") == "办理时提示"
    assert shown_values(personas.audit_admin, approved.after, approved.action)["advisories"] == NOTE_HIDDEN
    history = client.get(f"/workflow/cases/{case.pk}/").content.decode().split("data-case-events", 1)[1]
    assert "审批时提示：" in history and advice in history


def test_a_batch_approval_keeps_each_exits_advisories(personas, monitored_a):
    case = at(personas, monitored_a, "county_approval")
    recently_included(monitored_a)
    case.refresh_from_db()

    batch_decide(
        actor=personas.approver, refs=[CaseRef(case.pk, case_version(case))], decision="approve",
        document_number=NUMBER, decided_on=timezone.localdate(),
    )  # fmt: skip
    event = CaseEvent.objects.filter(case=case, action="case_act").latest("pk")
    assert any(said.startswith("纳入监测仅 2 个月") for said in event.detail["advisories"])
    approved = AuditEvent.objects.get(action="workflow.exit_approved", object_id=str(case.pk))
    assert approved.after["advisories"] == event.detail["advisories"]
    act = AuditEvent.objects.filter(action="workflow.case_act", object_id=str(case.pk)).latest("pk")
    assert act.after["advisories"] == event.detail["advisories"]
