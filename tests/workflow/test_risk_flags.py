"""Review finding (township, contra): a case declared for a risk its household's own members contradict (a medical
cost with both members 健康) passed the township audit and the county approval with no word of it; only the plan page
said so. Each reviewing step now shows an advisory per declared risk the registry contradicts
(workflow.selectors_risks over households.risk_evidence): the township's batch audit and its confirmation, the
county's comparison form, the county's batch approval and its confirmation, and the case page. It informs; a pass
is not refused for it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.choices import Health, LivingStatus
from households.models import Household
from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from tests.workflow.township_helpers import TO_AUDIT, at_township, selection
from workflow.models import Case
from workflow.selectors_risks import RISK_FLAG, risk_contradictions

pytestmark = pytest.mark.django_db
MEDICAL_WORDS = "申报风险“大病重病重残医疗支出大”，但没有在世或近2年内去世的成员登记为患有大病、长期慢性病或残疾"


def ill(household):
    household.members.update(health=Health.SERIOUS)


def row_of(page, name):
    return next(part for part in page.split('<li class="card row-card')[1:] if name in part)


@pytest.fixture
def audits(personas, household_a, household_b):
    """Both at Yongxiu's 乡镇审核 for a medical cost: 张大山's two members are healthy, 王五 is seriously ill."""
    ill(household_b)
    healthy = at_township(personas, household_a, personas.cadre_a, steps=TO_AUDIT)
    sick = at_township(personas, household_b, personas.cadre_b, steps=TO_AUDIT)
    return healthy, sick


def test_the_township_batch_audit_and_its_confirmation_flag_the_unsupported_risk(personas, login, audits):
    client = login(personas.township)

    page = client.get("/workflow/township-audit/").content.decode()
    healthy, sick = row_of(page, "张大山"), row_of(page, "王五")
    assert "data-risk-flags" in healthy and MEDICAL_WORDS in healthy and "后再审核" in healthy
    assert RISK_FLAG not in sick

    confirm = client.post(
        "/workflow/township-audit/", {"case": selection(audits), "outcome": "pass", "note": "情况属实"}
    ).content.decode()
    # An advisory, not a refusal: both may still be passed.
    assert "确认通过 2 户" in confirm and confirm.split("data-selected")[1].count(RISK_FLAG) == 1

    rows = {row["id"]: row for row in client.get("/api/v1/township-audits/").json()["results"]}
    assert rows[audits[0].pk]["risk_flags"] == [MEDICAL_WORDS] and rows[audits[1].pk]["risk_flags"] == []


def test_the_county_batch_approval_and_its_confirmation_flag_it(personas, login, household_a, household_b):
    ill(household_b)
    healthy = at_approval(personas, household_a, personas.cadre_a)
    sick = at_approval(personas, household_b, personas.cadre_b)
    client = login(personas.approver)

    page = client.get("/workflow/batches/").content.decode()
    assert MEDICAL_WORDS in row_of(page, "张大山") and "后再审批" in row_of(page, "张大山")
    assert RISK_FLAG not in row_of(page, "王五")

    form = {
        "case": selection([healthy, sick]),
        "decision": "approve",
        "document_number": "永防贫〔2026〕9号",
        "decided_on": today().isoformat(),
        "note": "",
    }
    confirm = client.post("/workflow/batches/", form).content.decode()
    assert "确认批准" in confirm and confirm.count("data-risk-flag>") == 1

    queue = client.get("/api/v1/batches/queue/").json()
    rows = {row["id"]: row for row in queue.get("results", queue)}
    assert rows[healthy.pk]["risk_flags"] == [MEDICAL_WORDS] and rows[sick.pk]["risk_flags"] == []


def test_the_case_page_shows_it_to_the_township_and_the_county(personas, login, audits, household_a):
    healthy, sick = audits

    page = login(personas.township).get(f"/workflow/cases/{healthy.pk}/").content.decode()
    assert "办理：乡镇审核" in page and MEDICAL_WORDS in page
    assert RISK_FLAG not in login(personas.township).get(f"/workflow/cases/{sick.pk}/").content.decode()


def test_the_county_comparison_form_shows_it(personas, login, household_a):
    case = at_township(personas, household_a, personas.cadre_a, steps=[*TO_AUDIT[:3]])

    page = login(personas.county_officer).get(f"/workflow/cases/{case.pk}/comparison/").content.decode()

    assert "data-risk-flags" in page and MEDICAL_WORDS in page and "后再研判" in page


def test_the_advisory_follows_the_registry(personas, login, audits, household_a):
    healthy, _ = audits
    household_a.members.filter(name="李秀英").update(health=Health.CHRONIC)

    page = login(personas.township).get(f"/workflow/cases/{healthy.pk}/").content.decode()

    assert RISK_FLAG not in page


def test_one_query_reads_the_members_of_every_case_on_a_page(personas, audits):
    cases = list(Case.objects.filter(pk__in=[case.pk for case in audits]))

    with CaptureQueriesContext(connection) as queries:
        found = risk_contradictions(cases, today())

    assert len(queries) == 1 and list(found) == [audits[0].pk]


def test_a_member_who_died_of_illness_lately_bears_the_medical_cost_out_in_the_one_query(personas, login, audits):
    """Review finding: a household left in debt by 李秀英's death from illness was flagged 没有成员…患有大病. A
    member recorded ill and deceased within two years is read with the others (no query more); three years ago
    is flagged again."""
    healthy, _ = audits
    spouse = healthy.household.members.filter(name="李秀英")
    spouse.update(health=Health.SERIOUS, living_status=LivingStatus.DECEASED, status_changed_on=today())
    cases = list(Case.objects.filter(pk__in=[case.pk for case in audits]))

    with CaptureQueriesContext(connection) as queries:
        found = risk_contradictions(cases, today())

    assert len(queries) == 1 and found == {}
    assert RISK_FLAG not in login(personas.township).get(f"/workflow/cases/{healthy.pk}/").content.decode()

    spouse.update(status_changed_on=today() - dt.timedelta(days=3 * 365))
    with CaptureQueriesContext(connection) as queries:
        found = risk_contradictions(cases, today())
    assert len(queries) == 1 and found == {healthy.pk: [MEDICAL_WORDS]}


HOUSING_WORDS = "申报风险“唯一住房存在安全问题”，但档案记载住房安全有保障"


def test_a_housing_risk_on_a_record_that_says_housing_is_secured_is_flagged(personas, login, household_a):
    """Seed 000 §三(一)8: the risk is the only house being unsafe, so a record saying 住房安全有保障 contradicts it
    (opening the case says it is not secured: here the record was set back since)."""
    household_a.members.update(health=Health.SERIOUS)  # the medical cost is borne out: only the housing is said
    case = at_township(
        personas,
        household_a,
        personas.cadre_a,
        steps=TO_AUDIT,
        risk_types=["medical_cost", "unsafe_housing"],
        national_risk_types=["illness", "housing"],
    )
    client = login(personas.township)
    assert RISK_FLAG not in client.get(f"/workflow/cases/{case.pk}/").content.decode()

    Household.objects.filter(pk=household_a.pk).update(housing_ok=True)

    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert RISK_FLAG == "申报风险与档案信息不符" and RISK_FLAG in page and HOUSING_WORDS in page
    assert "住房、饮水安全等档案信息" in page
    rows = {row["id"]: row for row in client.get("/api/v1/township-audits/").json()["results"]}
    assert rows[case.pk]["risk_flags"] == [HOUSING_WORDS]
    cases = list(Case.objects.filter(pk=case.pk))
    with CaptureQueriesContext(connection) as queries:
        found = risk_contradictions(cases, today())
    assert len(queries) == 1 and found == {case.pk: [HOUSING_WORDS]}
