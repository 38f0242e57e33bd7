import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from config.errors import ApplicationError
from households.choices import Health, LabourCapacity, LabourSkill, MonitoringCategory
from households.models import Household, HouseholdEvent
from households.services.visits import visit_record
from tests.workflow.helpers import act_after_publicity as case_act
from tests.workflow.helpers import allow_green_channel, exit_ready
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Channel, Outcome
from workflow.models import Case, CaseEvent, CaseStep, Procedure
from workflow.services.case_opening import MSG_EXIT_INCLUSION_OPEN, MSG_EXIT_NO_LABOUR
from workflow.services.cases import case_open, case_withdraw
from workflow.services.green_channel import case_open_green_channel
from workflow.services.procedures import procedure_activate, procedure_deactivate

pytestmark = pytest.mark.django_db


def open_identification(actor, household, **extra):
    return case_open(
        actor=actor,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=extra.pop("category", MonitoringCategory.SUDDEN_HARDSHIP),
        discovered_on=timezone.localdate() - dt.timedelta(days=2),
        **extra,
    )


def open_steps(case):
    return sorted(CaseStep.objects.filter(case=case, status=CaseStepStatus.OPEN).values_list("step__code", flat=True))


def use_preset(personas, code, kind="identification"):
    """Run another seed's procedure in the test county (prefix 360425)."""
    current = Procedure.objects.get(kind=kind, region_prefix="360425", is_active=True)
    procedure_deactivate(actor=personas.county_officer, procedure=current)
    Procedure.objects.filter(code=code).update(region_prefix="360425", is_active=False)
    return procedure_activate(actor=personas.county_officer, procedure=Procedure.objects.get(code=code))


def test_presets_installed():
    codes = dict(Procedure.objects.values_list("code", "kind"))
    assert codes == {
        "yongxiu_identification": "identification",
        "laiyuan_identification": "identification",
        "taogou_identification": "identification",
        "yongxiu_exit": "exit",
        "laiyuan_exit": "exit",
        "taogou_exit": "exit",
    }
    yongxiu = Procedure.objects.get(code="yongxiu_identification")
    steps = list(yongxiu.steps.order_by("order"))
    assert [s.kind for s in steps] == [
        "village_review",
        "publicity",
        "township_audit",
        "department_comparison",
        "township_audit",
        "publicity",
        "county_approval",
        "announcement",
    ]
    assert steps[1].days == 5 and steps[5].days == 5
    # 000 §三(三)3 and 6: the township's preliminary review before the county's comparison, its announcement.
    assert (steps[2].code, steps[2].role) == ("township_preliminary", "township_officer")
    assert steps[7].role == "township_officer"
    laiyuan = Procedure.objects.get(code="laiyuan_identification")
    assert laiyuan.limit_days == 15
    assert laiyuan.steps.get(code="village_review_publicity").parallel_with_next
    assert laiyuan.steps.get(code="county_comparison").skippable_when_clear
    taogou = Procedure.objects.get(code="taogou_identification")
    publicity = taogou.steps.get(code="village_publicity")
    assert (publicity.days, publicity.day_type, publicity.parallel_with_next) == (5, "working", True)
    exit_steps = Procedure.objects.get(code="yongxiu_exit").steps.order_by("order")
    assert list(exit_steps.values_list("kind", flat=True)) == [
        "village_review",
        "publicity",
        "township_audit",
        "county_approval",
        "announcement",
    ]
    # 000 §三(三)8 在监测系统中及时标注“风险消除”: the township's, as the identification's 公告并标识.
    assert (exit_steps.last().name, exit_steps.last().role) == ("公告并标注风险消除", "township_officer")


def test_one_active_procedure_per_county_and_kind(personas):
    taogou = Procedure.objects.get(code="taogou_identification")
    Procedure.objects.filter(pk=taogou.pk).update(region_prefix="360425", is_active=False)
    taogou.refresh_from_db()
    with pytest.raises(ApplicationError, match="已启用"):
        procedure_activate(actor=personas.county_officer, procedure=taogou)
    with pytest.raises(PermissionDenied):
        procedure_activate(actor=personas.township, procedure=taogou)
    use_preset(personas, "taogou_identification")
    assert list(
        Procedure.objects.filter(region_prefix="360425", kind="identification", is_active=True).values_list(
            "code", flat=True
        )
    ) == ["taogou_identification"]
    assert AuditEvent.objects.filter(action="workflow.procedure_activate").count() == 1


def test_yongxiu_identification_end_to_end(personas, household_a):
    case = open_identification(personas.cadre_a, household_a)
    assert case.procedure.code == "yongxiu_identification"
    assert open_steps(case) == ["village_review"]
    for actor, code in [
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_preliminary"),
        (personas.county_officer, "county_comparison"),
        (personas.township, "township_audit"),
        (personas.township, "township_publicity"),
    ]:
        case = case_act(actor=actor, case=case, step_code=code, outcome=Outcome.PASS, note="")
        household_a.refresh_from_db()
        assert household_a.monitoring_category == ""
    # The county's approval includes the household; the announcement closes the case.
    case = case_act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    household_a.refresh_from_db()
    assert household_a.monitoring_category == MonitoringCategory.SUDDEN_HARDSHIP
    assert case.status == CaseStatus.OPEN
    with pytest.raises(ApplicationError, match="县级已审批"):
        case_act(actor=personas.township, case=case, step_code="announcement", outcome=Outcome.REJECT, note="x")
    case = case_act(actor=personas.township, case=case, step_code="announcement", outcome=Outcome.PASS)
    assert case.status == CaseStatus.APPROVED and case.closed_on == timezone.localdate()
    household_a.refresh_from_db()
    assert household_a.monitoring_category == MonitoringCategory.SUDDEN_HARDSHIP
    assert household_a.monitoring_start == timezone.localdate()
    assert household_a.risk_types == ["medical_cost"]
    assert HouseholdEvent.objects.filter(household=household_a, summary="纳入监测").exists()
    # Every transition has its case event and its audit row.
    for event in CaseEvent.objects.filter(case=case):
        assert AuditEvent.objects.filter(
            action=f"workflow.{event.action}", object_id=str(case.pk), object_type="workflow.case"
        ).exists()
    assert AuditEvent.objects.filter(object_id=str(case.pk), action="workflow.case_act").count() == 8
    assert AuditEvent.objects.filter(action="workflow.identification_approved").count() == 1
    # One audit event an act: opening the case is audited once (its household history row adds none).
    assert AuditEvent.objects.filter(action="workflow.case_open", object_id=str(case.pk)).count() == 1
    assert HouseholdEvent.objects.filter(household=household_a, summary__startswith="发起纳入").count() == 1
    # Each step's outcome is in the household's history too, as the step's form says.
    history = list(HouseholdEvent.objects.filter(household=household_a).values_list("summary", flat=True))
    for name in ("村级评议", "乡镇审核", "县级审批", "公告并标识"):
        assert any(s.startswith(f"纳入案件 {name}") and "通过" in s for s in history), (name, history)


def test_laiyuan_parallel_and_skippable_comparison(personas, household_a):
    use_preset(personas, "laiyuan_identification")
    # The medical cost is borne out by the record: the risk is clear, so the comparison may be skipped (skip_rules).
    household_a.members.update(health=Health.SERIOUS)
    case = open_identification(personas.cadre_a, household_a)
    assert case.procedure.limit_days == 15
    case = case_act(actor=personas.cadre_a, case=case, step_code="household_check", outcome=Outcome.PASS)
    assert open_steps(case) == ["township_check", "village_review_publicity"]
    # The township may finish first: the village publicity runs in parallel.
    case = case_act(actor=personas.township, case=case, step_code="township_check", outcome=Outcome.PASS)
    assert open_steps(case) == ["village_review_publicity"]
    with pytest.raises(ApplicationError, match="尚未轮到"):
        case_act(actor=personas.county_officer, case=case, step_code="county_comparison", outcome=Outcome.SKIP)
    case = case_act(actor=personas.cadre_a, case=case, step_code="village_review_publicity", outcome=Outcome.PASS)
    assert open_steps(case) == ["county_comparison"]
    case = case_act(
        actor=personas.county_officer, case=case, step_code="county_comparison", outcome=Outcome.SKIP, note="风险明确"
    )
    assert CaseStep.objects.get(case=case, step__code="county_comparison").status == CaseStepStatus.SKIPPED
    # 001 §五: the county bureau decides, with no 批复文号.
    case = case_act(actor=personas.county_officer, case=case, step_code="county_approval", outcome=Outcome.PASS)
    assert case.status == CaseStatus.APPROVED
    household_a.refresh_from_db()
    assert household_a.monitoring_category == MonitoringCategory.SUDDEN_HARDSHIP


def test_only_skippable_steps_may_be_skipped(personas, household_a):
    case = open_identification(personas.cadre_a, household_a)
    with pytest.raises(ApplicationError, match="不能免办"):
        case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.SKIP)


def test_taogou_end_to_end(personas, household_a):
    use_preset(personas, "taogou_identification")
    case = open_identification(personas.cadre_a, household_a)
    case = case_act(actor=personas.cadre_a, case=case, step_code="group_review", outcome=Outcome.PASS)
    case = case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    assert open_steps(case) == ["district_comparison", "village_publicity"]
    case = case_act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    case = case_act(actor=personas.county_officer, case=case, step_code="district_comparison", outcome=Outcome.PASS)
    case = case_act(actor=personas.township, case=case, step_code="township_review", outcome=Outcome.PASS)
    case = case_act(actor=personas.county_officer, case=case, step_code="district_filing", outcome=Outcome.PASS)
    assert case.status == CaseStatus.APPROVED
    household_a.refresh_from_db()
    assert household_a.monitoring_category == MonitoringCategory.SUDDEN_HARDSHIP


def test_wrong_role_out_of_scope_and_out_of_order_refused(personas, household_a):
    case = open_identification(personas.cadre_a, household_a)
    with pytest.raises(PermissionDenied, match="须由"):
        case_act(actor=personas.township, case=case, step_code="village_review", outcome=Outcome.PASS)
    with pytest.raises(PermissionDenied, match="管辖范围"):
        case_act(actor=personas.cadre_b, case=case, step_code="village_review", outcome=Outcome.PASS)
    with pytest.raises(ApplicationError, match="尚未轮到"):
        case_act(actor=personas.county_officer, case=case, step_code="county_comparison", outcome=Outcome.PASS)
    with pytest.raises(ApplicationError, match="没有"):
        case_act(actor=personas.cadre_a, case=case, step_code="nope", outcome=Outcome.PASS)
    case = case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    with pytest.raises(ApplicationError, match="已由他人办理"):
        case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    assert open_steps(case) == ["village_publicity"]


def test_cadre_cannot_open_case_out_of_scope(personas, household_a):
    with pytest.raises(PermissionDenied):
        open_identification(personas.cadre_b, household_a)
    with pytest.raises(PermissionDenied):
        open_identification(personas.approver, household_a)


def test_reject_closes_case_and_leaves_household(personas, household_a):
    case = open_identification(personas.cadre_a, household_a)
    with pytest.raises(ValidationError):
        case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT)
    case = case_act(
        actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT, note="收入达标"
    )
    assert case.status == CaseStatus.REJECTED
    assert not CaseStep.objects.filter(case=case, status__in=["open", "pending"]).exists()
    household_a.refresh_from_db()
    assert household_a.monitoring_category == ""
    assert AuditEvent.objects.filter(action="workflow.case_rejected", object_id=str(case.pk)).count() == 1
    assert HouseholdEvent.objects.filter(household=household_a, summary="纳入案件办结：未通过").exists()
    with pytest.raises(ApplicationError, match="已办结"):
        case_act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    # A new case may be opened once the old one is closed.
    assert open_identification(personas.cadre_a, household_a).status == CaseStatus.OPEN


def test_open_refusals(personas, household_a, monitored_a):
    with pytest.raises(ApplicationError, match="已是监测对象"):
        open_identification(personas.cadre_a, monitored_a)
    Household.objects.filter(pk=monitored_a.pk).update(monitoring_category="")
    monitored_a.refresh_from_db()
    with pytest.raises(ApplicationError, match="不是监测对象"):
        case_open(
            actor=personas.cadre_a,
            household=monitored_a,
            kind=CaseKind.EXIT,
            confirm_advisories=True,
            channel=Channel.CADRE_VISIT,
        )
    open_identification(personas.cadre_a, monitored_a)
    with pytest.raises(ApplicationError, match="办理中"):
        open_identification(personas.cadre_a, monitored_a)
    with pytest.raises(ValidationError):
        case_open(
            actor=personas.cadre_a,
            household=monitored_a,
            kind=CaseKind.REMARK,
            channel=Channel.CADRE_VISIT,
            risk_types=[],
            category="",
        )


def test_exit_refused_without_labour_capacity(personas, monitored_a):
    Household.objects.filter(pk=monitored_a.pk).update(labour_capacity=LabourCapacity.NONE)
    monitored_a.refresh_from_db()
    with pytest.raises(ApplicationError) as error:
        case_open(
            actor=personas.cadre_a,
            household=monitored_a,
            kind=CaseKind.EXIT,
            confirm_advisories=True,
            channel=Channel.CADRE_VISIT,
        )
    assert error.value.message == MSG_EXIT_NO_LABOUR
    assert "暂不标注“风险消除”" in error.value.message
    assert not Case.objects.exists()


def test_exit_refused_when_no_living_member_can_work_whatever_the_household_field_says(personas, monitored_a):
    # The household was typed 有劳动能力; its members' labour skills say nobody can work.
    monitored_a.members.update(labour_skill=LabourSkill.NONE)
    with pytest.raises(ApplicationError) as error:
        case_open(
            actor=personas.cadre_a,
            household=monitored_a,
            kind=CaseKind.EXIT,
            confirm_advisories=True,
            channel=Channel.CADRE_VISIT,
        )
    assert error.value.message == MSG_EXIT_NO_LABOUR
    assert not Case.objects.exists()


def test_exit_refused_while_the_inclusion_is_still_running(personas, login, household_a):
    # A green channel: the household is monitored from the county's approval, its village review still owed.
    allow_green_channel(household_a)  # the test county's Yongxiu procedure has none of its own (seed 000)
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=timezone.localdate(), notes="入户核查")
    case = case_open_green_channel(
        actor=personas.county_officer,
        household=household_a,
        cause="disaster",
        reason="7月暴雨房屋倒塌",
        village_study="村两委研究同意先行救助",
        channel=Channel.CADRE_VISIT,
        risk_types=["disaster_loss"],
        category="sudden_hardship",
    )
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    case_act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    household_a.refresh_from_db()
    assert household_a.monitoring_category
    with pytest.raises(ApplicationError) as error:
        case_open(
            actor=personas.cadre_a,
            household=household_a,
            kind=CaseKind.EXIT,
            confirm_advisories=True,
            channel=Channel.CADRE_VISIT,
        )
    assert error.value.message == MSG_EXIT_INCLUSION_OPEN.format(kind="纳入")
    assert not Case.objects.filter(kind=CaseKind.EXIT).exists()
    # The API says the same, in Chinese.
    response = login(personas.cadre_a).post(
        "/api/v1/cases/", {"household": household_a.pk, "kind": "exit", "channel": "cadre_visit"}
    )
    assert response.status_code == 400 and "尚未办结" in response.content.decode()


def test_the_category_must_fit_the_household_type(personas, login, household_a, household_b):
    # 脱贫不稳定户 are lifted-out households, 边缘易致贫户 never-poor ones; a sudden hardship may strike either.
    with pytest.raises(ValidationError) as raised:
        open_identification(personas.cadre_a, household_a, category=MonitoringCategory.MARGINAL)
    assert raised.value.message_dict["category"] == [
        "该户为脱贫户，不能按“边缘易致贫户”纳入：可选“脱贫不稳定户”、“突发严重困难户”。"
    ]
    with pytest.raises(ValidationError, match="该户为一般农户"):
        open_identification(personas.cadre_b, household_b, category=MonitoringCategory.UNSTABLE_LIFTED_OUT)
    assert not Case.objects.exists()
    assert open_identification(personas.cadre_b, household_b, category=MonitoringCategory.MARGINAL).pk
    # The page offers only what fits, and the API says why.
    client = login(personas.cadre_a)
    page = client.get(f"/workflow/households/{household_a.pk}/cases/new/").content.decode()
    assert "脱贫不稳定户" in page and "边缘易致贫户" not in page
    response = client.post(
        "/api/v1/cases/",
        {"household": household_a.pk, "kind": "identification", "channel": "cadre_visit",
         "risk_types": ["medical_cost"], "category": "marginal"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400 and "不能按“边缘易致贫户”纳入" in response.content.decode()


def run_exit(personas, household):
    """An exit through all its steps: the household changes at the county's approval, the township then records the
    announcement and the national system's marking (公告并标注风险消除), which closes the case."""
    exit_ready(household)
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    assert case.procedure.code == "yongxiu_exit"
    for actor, code in [
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_audit"),
        (personas.approver, "county_approval"),
        (personas.township, "announcement"),
    ]:
        case = case_act(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)
    return case


def test_exit_then_remark(personas, monitored_a):
    case = run_exit(personas, monitored_a)
    assert case.status == CaseStatus.APPROVED and case.closed_on == timezone.localdate()
    monitored_a.refresh_from_db()
    assert monitored_a.monitoring_category == ""
    assert HouseholdEvent.objects.filter(household=monitored_a, summary__contains="风险消除").exists()
    remark = case_open(
        actor=personas.cadre_a,
        household=monitored_a,
        kind=CaseKind.REMARK,
        channel=Channel.DEPARTMENT_ALERT,
        risk_types=["disaster_loss"],
        national_risk_types=["natural_disaster"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    assert remark.procedure.code == "yongxiu_identification"
    for actor, code in [
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_preliminary"),
        (personas.county_officer, "county_comparison"),
        (personas.township, "township_audit"),
        (personas.township, "township_publicity"),
        (personas.approver, "county_approval"),
        (personas.township, "announcement"),
    ]:
        remark = case_act(actor=actor, case=remark, step_code=code, outcome=Outcome.PASS)
    monitored_a.refresh_from_db()
    assert monitored_a.monitoring_category == MonitoringCategory.SUDDEN_HARDSHIP
    assert monitored_a.risk_types == ["disaster_loss"]


def test_a_new_risk_of_a_risk_eliminated_household_opens_a_remark_case(personas, monitored_a):
    # Whichever channel finds it (here a screening hit asks for an identification), it is a 风险再标注 case.
    run_exit(personas, monitored_a)
    case = case_open(
        actor=personas.cadre_a,
        household=monitored_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.SCREENING_HIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    assert case.kind == CaseKind.REMARK
    assert case.events.first().summary.startswith("发起风险再标注")


def test_remark_needs_previous_exit(personas, household_a):
    with pytest.raises(ApplicationError, match="风险消除"):
        case_open(
            actor=personas.cadre_a,
            household=household_a,
            kind=CaseKind.REMARK,
            channel=Channel.CADRE_VISIT,
            risk_types=["medical_cost"],
            national_risk_types=["illness"],
            category=MonitoringCategory.SUDDEN_HARDSHIP,
        )


def test_withdraw(personas, household_a):
    case = open_identification(personas.cadre_a, household_a)
    case = case_withdraw(actor=personas.cadre_a, case=case, note="已就业")
    assert case.status == CaseStatus.WITHDRAWN
    assert AuditEvent.objects.filter(object_id=str(case.pk), action="workflow.case_withdrawn").exists()


def test_exit_approval_refused_if_labour_capacity_lost_meanwhile(personas, monitored_a):
    exit_ready(monitored_a)
    case = case_open(
        actor=personas.cadre_a,
        household=monitored_a,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    for actor, code in [
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_audit"),
    ]:
        case = case_act(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)
    Household.objects.filter(pk=monitored_a.pk).update(labour_capacity=LabourCapacity.NONE)
    with pytest.raises(ApplicationError, match="无劳动能力"):
        case_act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    assert Household.objects.get(pk=monitored_a.pk).monitoring_category == MonitoringCategory.MARGINAL


def test_the_resident_work_team_acts_the_village_steps_and_no_other(personas, login, household_a, county):
    from accounts.choices import Role
    from tests.factories import UserFactory

    team = UserFactory(
        username="team_a", role=Role.WORK_TEAM, region_path=county.village_a.path, region_name=county.village_a.name
    )
    case = open_identification(team, household_a)
    client = login(team)
    assert household_a.head_name in client.get("/workflow/").content.decode()
    assert "办理：村级评议" in client.get(f"/workflow/cases/{case.pk}/").content.decode()

    case = case_act(actor=team, case=case, step_code="village_review", outcome=Outcome.PASS, note="驻村工作队组织评议")

    assert open_steps(case) == ["village_publicity"]
    case = case_act(actor=team, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    with pytest.raises(PermissionDenied):  # the county's step is not the village's
        case_act(actor=team, case=case, step_code="county_comparison", outcome=Outcome.REJECT, note="x")
