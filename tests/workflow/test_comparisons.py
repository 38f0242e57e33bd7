"""Department comparison (部门比对): per member and item, positive findings become screening's exclusion facts and
need a decision with a reason; no comparison without the signed consent on file."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from config.errors import ApplicationError
from households.choices import MonitoringCategory
from households.models import Consent
from screening.choices import ExclusionKind, ExclusionSource
from screening.models import ExclusionFact
from screening.services.results import exclusion_add
from tests.workflow.helpers import act_after_publicity, case_act
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Channel, Outcome
from workflow.choices_comparisons import ComparisonDecision, ComparisonItem, FindingResult
from workflow.models import CaseStep, DepartmentComparison
from workflow.services.cases import case_open
from workflow.services.comparisons import (
    MSG_DECISION_REQUIRED,
    MSG_KEEP_BARRED,
    MSG_NO_CONSENT,
    MSG_NOTHING_CHECKED,
    MSG_REASON_REQUIRED,
    FindingInput,
    comparison_record,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_comparison(personas, household_a):
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    for code in ("village_review", "village_publicity"):
        case = act_after_publicity(actor=personas.cadre_a, case=case, step_code=code, outcome=Outcome.PASS)
    # 000 §三(三)3: the township sums up and checks the village's list before the county compares.
    return act_after_publicity(
        actor=personas.township, case=case, step_code="township_preliminary", outcome=Outcome.PASS
    )


@pytest.fixture
def consent(personas, household_a):
    # On file since the village passed its review (workflow.services.pass_rules): the one the helper recorded.
    return Consent.objects.exclude(scan="").get(household=household_a)


def without_consent(household):
    """The consent's scan gone since the village's review (a record kept without it): not on file any more."""
    Consent.objects.filter(household=household).update(scan="")


def members(case):
    head, spouse = case.household.members.order_by("pk")
    return head, spouse


def all_none(case):
    return [
        FindingInput(member.pk, item.value, FindingResult.NONE) for member in members(case) for item in ComparisonItem
    ]


def with_finding(case, member, item, detail):
    rows = [f for f in all_none(case) if not (f.member_id == member.pk and f.item == item)]
    return [*rows, FindingInput(member.pk, item, FindingResult.FOUND, detail)]


def comparison_step(case):
    return CaseStep.objects.get(case=case, step__code="county_comparison")


def test_refused_without_the_signed_consent(personas, at_comparison):
    without_consent(at_comparison.household)
    with pytest.raises(ApplicationError) as error:
        comparison_record(
            actor=personas.county_officer,
            case=at_comparison,
            compared_on=timezone.localdate(),
            findings=all_none(at_comparison),
        )
    assert error.value.message == MSG_NO_CONSENT
    assert comparison_step(at_comparison).status == CaseStepStatus.OPEN


def test_no_finding_passes_the_step(personas, at_comparison, consent):
    comparison = comparison_record(
        actor=personas.county_officer,
        case=at_comparison,
        compared_on=timezone.localdate(),
        findings=all_none(at_comparison),
    )
    assert comparison.decision == ComparisonDecision.NO_FINDING
    assert comparison.findings.count() == 22
    step = comparison_step(at_comparison)
    assert (step.status, step.outcome) == (CaseStepStatus.DONE, Outcome.PASS)
    assert "部门比对 22 项，未发现排除情形" in step.note
    assert CaseStep.objects.get(case=at_comparison, step__code="township_audit").status == CaseStepStatus.OPEN
    assert not ExclusionFact.objects.exists()


def test_positive_finding_needs_a_decision_with_a_reason(personas, at_comparison, consent):
    head, _ = members(at_comparison)
    findings = with_finding(at_comparison, head, ComparisonItem.VEHICLE, "赣G12345 小型轿车")
    base = {"actor": personas.county_officer, "case": at_comparison, "compared_on": timezone.localdate()}
    with pytest.raises(ValidationError) as error:
        comparison_record(**base, findings=findings)
    assert error.value.message_dict["decision"] == [MSG_DECISION_REQUIRED]
    with pytest.raises(ValidationError) as error:
        comparison_record(**base, findings=findings, decision=ComparisonDecision.KEEP, reason="  ")
    assert error.value.message_dict["reason"] == [MSG_REASON_REQUIRED]
    # "有" without a detail is refused, naming the member and item.
    bare = with_finding(at_comparison, head, ComparisonItem.PROPERTY, "")
    with pytest.raises(ValidationError) as error:
        comparison_record(**base, findings=bare, decision=ComparisonDecision.KEEP, reason="x")
    assert "张大山的“商品房”比对为“有”" in error.value.message_dict["findings"][0]
    assert not DepartmentComparison.objects.exists() and not ExclusionFact.objects.exists()


def test_exclude_writes_exclusion_facts_and_refuses_the_step(personas, at_comparison, consent):
    head, spouse = members(at_comparison)
    findings = with_finding(at_comparison, head, ComparisonItem.CONSUMER_CAR, "赣G12345 小型轿车")
    findings = [f for f in findings if not (f.member_id == spouse.pk and f.item == ComparisonItem.PUBLIC_FUNDED)]
    findings.append(FindingInput(spouse.pk, ComparisonItem.PUBLIC_FUNDED, FindingResult.FOUND, "县教育局在编教师"))
    # Income tax found is evidence, not an exclusion kind: no fact for it.
    findings = [f for f in findings if not (f.member_id == spouse.pk and f.item == ComparisonItem.INCOME_TAX)]
    findings.append(FindingInput(spouse.pk, ComparisonItem.INCOME_TAX, FindingResult.FOUND, "年缴个税 3,200 元"))
    comparison = comparison_record(
        actor=personas.county_officer,
        case=at_comparison,
        compared_on=timezone.localdate(),
        findings=findings,
        decision=ComparisonDecision.EXCLUDE,
        reason="有消费型轿车且配偶为财政供养人员",
    )
    facts = ExclusionFact.objects.filter(household=at_comparison.household).order_by("kind")
    assert [(f.kind, f.member_id, f.source) for f in facts] == [
        (ExclusionKind.CAR, head.pk, ExclusionSource.COUNTY),
        (ExclusionKind.PUBLIC_FUNDED, spouse.pk, ExclusionSource.COUNTY),
    ]
    assert "赣G12345" in facts[0].note
    assert comparison.findings.filter(exclusion_fact__isnull=False).count() == 2
    audit = AuditEvent.objects.get(action="workflow.comparison_record")
    assert "登记排除情形 2 项，不予纳入" in audit.summary
    step = comparison_step(at_comparison)
    assert step.outcome == Outcome.REJECT and "有消费型轿车且配偶为财政供养人员" in step.note
    at_comparison.refresh_from_db()
    assert at_comparison.status == CaseStatus.REJECTED
    # Screening sees the facts: the household's history records them.
    assert at_comparison.household.events.filter(summary__contains="登记排除情形：家中有消费型轿车").exists()


def test_keep_with_reason_passes_and_records_the_fact_withdrawn(personas, at_comparison, consent):
    head, _ = members(at_comparison)
    findings = with_finding(at_comparison, head, ComparisonItem.DEPOSITS, "定期存款 8 万元")
    comparison_record(
        actor=personas.county_officer,
        case=at_comparison,
        compared_on=timezone.localdate(),
        findings=findings,
        decision=ComparisonDecision.KEEP,
        reason="存款为子女大病治疗借款，已用于医疗",
    )
    assert comparison_step(at_comparison).outcome == Outcome.PASS
    # The department's finding stays on file, withdrawn with the county's reason, so screening does not exclude
    # a family the county decided to keep.
    fact = ExclusionFact.objects.get()
    assert (fact.kind, fact.is_active) == (ExclusionKind.LARGE_DEPOSITS, False)
    assert at_comparison.household.events.filter(summary__contains="撤销排除情形：大额存款或有价证券").exists()


def test_a_work_vehicle_may_be_kept_and_is_no_consumer_car_fact(personas, at_comparison, consent):
    """Seed 003 bars only a 消费型轿车: the reviewer records a farm tricycle as a vehicle, which bars nothing."""
    head, _ = members(at_comparison)
    findings = with_finding(at_comparison, head, ComparisonItem.VEHICLE, "农用三轮车")
    comparison_record(
        actor=personas.county_officer,
        case=at_comparison,
        compared_on=timezone.localdate(),
        findings=findings,
        decision=ComparisonDecision.KEEP,
        reason="车辆为农用三轮车，不属于消费型轿车",
    )
    assert comparison_step(at_comparison).outcome == Outcome.PASS
    assert not ExclusionFact.objects.exists()


def test_a_business_finding_is_recorded_as_a_business_not_as_other(personas, at_comparison, consent):
    """经商办企业 is a fact of its own (a note the county weighs), neither 企业高管 nor a bare 其他."""
    head, _ = members(at_comparison)
    findings = with_finding(at_comparison, head, ComparisonItem.BUSINESS, "个体小卖部")
    comparison_record(
        actor=personas.county_officer,
        case=at_comparison,
        compared_on=timezone.localdate(),
        findings=findings,
        decision=ComparisonDecision.KEEP,
        reason="小卖部收入微薄",
    )
    fact = ExclusionFact.objects.get()
    assert fact.kind == ExclusionKind.BUSINESS and fact.get_kind_display() == "经商办企业"


@pytest.mark.parametrize(
    ("item", "label"),
    [
        (ComparisonItem.CONSUMER_CAR, "消费型轿车"),
        (ComparisonItem.PUBLIC_FUNDED, "财政供养"),
        (ComparisonItem.EXECUTIVE, "企业高管"),
    ],
)
def test_keep_is_refused_for_the_three_barring_findings(personas, at_comparison, consent, item, label):
    """003 §二2(2): 消费型轿车, 财政供养人员, 企业高管 "不得确定为监测对象", never kept."""
    head, _ = members(at_comparison)
    findings = with_finding(at_comparison, head, item, "比对发现")
    with pytest.raises(ValidationError) as error:
        comparison_record(
            actor=personas.county_officer,
            case=at_comparison,
            compared_on=timezone.localdate(),
            findings=findings,
            decision=ComparisonDecision.KEEP,
            reason="经研判仍予纳入",
        )
    assert error.value.message_dict["decision"] == [MSG_KEEP_BARRED.format(items=f"张大山的“{label}”")]
    assert not DepartmentComparison.objects.exists() and comparison_step(at_comparison).status == CaseStepStatus.OPEN


def test_nothing_checked_wrong_role_and_wrong_step(personas, at_comparison, consent):
    unchecked = [FindingInput(f.member_id, f.item, FindingResult.NOT_CHECKED) for f in all_none(at_comparison)]
    base = {"case": at_comparison, "compared_on": timezone.localdate()}
    with pytest.raises(ValidationError) as error:
        comparison_record(actor=personas.county_officer, findings=unchecked, **base)
    assert error.value.message_dict["findings"] == [MSG_NOTHING_CHECKED]
    with pytest.raises(PermissionDenied):
        comparison_record(actor=personas.township, findings=all_none(at_comparison), **base)
    comparison_record(actor=personas.county_officer, findings=all_none(at_comparison), **base)
    with pytest.raises(ApplicationError, match="不在部门比对环节"):
        comparison_record(actor=personas.county_officer, findings=all_none(at_comparison), **base)


def test_comparison_page_and_api(personas, login, at_comparison, consent):
    head, spouse = members(at_comparison)
    client = login(personas.county_officer)
    case_page = client.get(f"/workflow/cases/{at_comparison.pk}/").content.decode()
    assert f"/workflow/cases/{at_comparison.pk}/comparison/" in case_page
    url = f"/workflow/cases/{at_comparison.pk}/comparison/"
    page = client.get(url).content.decode()
    assert "张大山" in page and "李秀英" in page and "财政供养" in page and "住房公积金" in page
    post = {"compared_on": timezone.localdate().isoformat(), "decision": "", "reason": ""}
    for member in (head, spouse):
        for item in ComparisonItem:
            post[f"r_{member.pk}_{item.value}"] = "none"
            post[f"d_{member.pk}_{item.value}"] = ""
    post[f"r_{head.pk}_property"] = "found"
    post[f"d_{head.pk}_property"] = "县城XX小区商品房一套"
    response = client.post(url, post)
    assert response.status_code == 200 and MSG_DECISION_REQUIRED in response.content.decode()
    response = client.post(url, {**post, "decision": "exclude", "reason": "城镇购有商品房"})
    assert response.status_code == 302
    comparison = DepartmentComparison.objects.get()
    detail = client.get(f"/workflow/comparisons/{comparison.pk}/").content.decode()
    assert "县城XX小区商品房一套" in detail and "城镇购有商品房" in detail and "不予纳入" in detail
    # The API lists it for the case, in scope only.
    rows = client.get(f"/api/v1/comparisons/?case={at_comparison.pk}").json()["results"]
    assert [row["decision"] for row in rows] == ["exclude"]
    found = [f for f in rows[0]["findings"] if f["result"] == "found"]
    assert found == [
        {
            "member": head.pk,
            "member_name": "张大山",
            "item": "property",
            "item_display": "商品房",
            "result": "found",
            "result_display": "有",
            "detail": "县城XX小区商品房一套",
            "exclusion_kind": "commercial_property",
            "exclusion_kind_display": "城镇购有商品房",
        }
    ]
    assert login(personas.cadre_b).get(f"/api/v1/comparisons/{comparison.pk}/").status_code == 404
    assert login(personas.cadre_b).get(f"/workflow/comparisons/{comparison.pk}/").status_code == 404


def test_comparison_page_without_consent_says_so(personas, login, at_comparison):
    without_consent(at_comparison.household)
    page = login(personas.county_officer).get(f"/workflow/cases/{at_comparison.pk}/comparison/").content.decode()
    assert "没有在档的《农户承诺和授权查询书》" in page and "提交比对结果" not in page


def test_api_create_comparison(personas, login, at_comparison, consent):
    head, _ = members(at_comparison)
    body = {
        "case": at_comparison.pk,
        "compared_on": timezone.localdate().isoformat(),
        "findings": [{"member": head.pk, "item": "deposits", "result": "found", "detail": "存款 32 万元"}],
    }
    client = login(personas.county_officer)
    response = client.post("/api/v1/comparisons/", body, content_type="application/json")
    assert response.status_code == 400 and MSG_DECISION_REQUIRED in response.content.decode()
    body.update(decision="exclude", reason="大额存款")
    response = client.post("/api/v1/comparisons/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["findings"][0]["exclusion_kind"] == "large_deposits"
    assert ExclusionFact.objects.get().kind == ExclusionKind.LARGE_DEPOSITS
    # Someone else's case cannot even be named.
    out = login(personas.cadre_b).post("/api/v1/comparisons/", body, content_type="application/json")
    assert out.status_code in (400, 403)
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/comparisons/" in schema and "/api/v1/objections/{id}/resolve/" in schema


def test_long_details_and_reason_fit_the_records(personas, at_comparison, consent):
    head, _ = members(at_comparison)
    findings = with_finding(at_comparison, head, ComparisonItem.VEHICLE, "车" * 300)
    findings = [f for f in findings if not (f.member_id == head.pk and f.item == ComparisonItem.SECURITIES)]
    findings.append(FindingInput(head.pk, ComparisonItem.SECURITIES, FindingResult.FOUND, "券" * 300))
    findings = [f for f in findings if not (f.member_id == head.pk and f.item == ComparisonItem.DEPOSITS)]
    findings.append(FindingInput(head.pk, ComparisonItem.DEPOSITS, FindingResult.FOUND, "存" * 300))
    comparison_record(
        actor=personas.county_officer,
        case=at_comparison,
        compared_on=timezone.localdate(),
        findings=findings,
        decision=ComparisonDecision.KEEP,
        reason="理" * 300,
    )
    # Deposits and securities are one exclusion kind: one fact for both.
    facts = ExclusionFact.objects.order_by("kind")
    assert [(f.kind, f.is_active) for f in facts] == [(ExclusionKind.LARGE_DEPOSITS, False)]
    assert comparison_step(at_comparison).outcome == Outcome.PASS


def test_the_comparison_step_cannot_be_passed_without_the_recorded_comparison(personas, login, at_comparison, consent):
    # Neither the generic step form nor the API lets the county pass 七严四甄别 without findings per member.
    with pytest.raises(ApplicationError, match="录入部门比对结果"):
        case_act(actor=personas.county_officer, case=at_comparison, step_code="county_comparison", outcome=Outcome.PASS)
    response = login(personas.county_officer).post(
        f"/api/v1/cases/{at_comparison.pk}/act/", {"step_code": "county_comparison", "outcome": "pass"}
    )
    assert response.status_code == 400 and "录入部门比对结果" in response.json()["detail"]
    assert CaseStep.objects.get(case=at_comparison, step__code="county_comparison").status == CaseStepStatus.OPEN


def test_the_case_page_offers_no_pass_of_a_comparison_it_would_refuse(personas, login, at_comparison):
    page = login(personas.county_officer).get(f"/workflow/cases/{at_comparison.pk}/").content.decode()

    form = page.split("办理：县级部门比对", 1)[1].split("</form>", 1)[0]
    assert 'value="reject"' in form and 'value="pass"' not in form
    assert "录入部门比对结果" in page and "本环节随比对结果办理" in form


def test_the_migration_moves_county_hand_entries_apart_from_the_comparisons_facts(personas, at_comparison, consent):
    """screening 0017: facts county staff typed by hand under 县级比对 (85a480c) become 县级录入; the comparison's
    own facts (pointed at by their findings, their note the comparison's) stay 县级比对."""
    head, spouse = members(at_comparison)
    comparison_record(
        actor=personas.county_officer,
        case=at_comparison,
        compared_on=timezone.localdate(),
        findings=with_finding(at_comparison, head, ComparisonItem.DEPOSITS, "定期存款 8 万元"),
        decision=ComparisonDecision.KEEP,
        reason="存款为子女大病治疗借款",
    )
    found = ExclusionFact.objects.get()
    household = at_comparison.household
    typed = exclusion_add(
        actor=personas.county_officer, household=household, kind=ExclusionKind.CAR, member=spouse, note="县里核实"
    )
    # One whose finding is gone but whose note is the comparison's is not taken for a hand entry.
    orphan = exclusion_add(
        actor=personas.county_officer,
        household=household,
        kind=ExclusionKind.COMMERCIAL_PROPERTY,
        member=head,
        note="县级部门比对（2026-12-01）商品房：城南小区",
    )
    feed = exclusion_add(actor=personas.county_officer, household=household, kind=ExclusionKind.CAR, source="feed")
    ExclusionFact.objects.filter(pk__in=[typed.pk, orphan.pk]).update(source=ExclusionSource.COUNTY)

    importlib.import_module("screening.migrations.0017_exclusion_county_entry").hand_entries_apart(apps, None)

    sources = dict(ExclusionFact.objects.values_list("pk", "source"))
    assert sources == {
        found.pk: ExclusionSource.COUNTY,
        typed.pk: ExclusionSource.COUNTY_ENTRY,
        orphan.pk: ExclusionSource.COUNTY,
        feed.pk: ExclusionSource.FEED,
    }
