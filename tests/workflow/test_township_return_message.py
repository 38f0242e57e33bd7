"""Review finding (township #8): once a township batch audit returns cases to the village, the township is told in
plain words how many went back and to which step — the procedure's village review, or its household verification
where it has none (services.case_return.return_check) — on the page and in the API's answer."""

import pytest

from tests.workflow.township_helpers import at_township, selection
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import CaseStep, Procedure
from workflow.services.batches import CaseRef, case_version
from workflow.services.procedures import procedure_activate, procedure_deactivate
from workflow.services.township_batch import township_batch_audit, township_batch_message

pytestmark = pytest.mark.django_db
URL = "/workflow/township-audit/"
NOTE = "请补充评议会议记录"


@pytest.fixture
def two(personas, household_a, household_b):
    """Two Yongxiu cases at 乡镇汇总初审: a return reopens their 村级评议."""
    return [at_township(personas, household_a, personas.cadre_a), at_township(personas, household_b, personas.cadre_b)]


def use_laiyuan(personas):
    """Hebei's procedure (入户核查核实, then 村级评议公示 beside 乡镇核查初审) for the test county's new cases."""
    current = Procedure.objects.get(kind="identification", region_prefix="360425", is_active=True)
    procedure_deactivate(actor=personas.county_officer, procedure=current, confirmed=True)  # cases under way
    Procedure.objects.filter(code="laiyuan_identification").update(region_prefix="360425", is_active=False)
    procedure_activate(actor=personas.county_officer, procedure=Procedure.objects.get(code="laiyuan_identification"))


def test_the_page_says_how_many_went_back_and_to_which_step(personas, login, two):
    client = login(personas.township)
    form = {"case": selection(two), "outcome": "return", "note": NOTE, "confirmed": "1"}

    page = client.post(URL, form, follow=True).content.decode()

    assert "已退回 2 户，退回至“村级评议”环节重新办理，村级补正后重新报送乡镇审核。" in page
    assert "户乡镇审核" not in page  # the old "已退回村级补正 2 户乡镇审核。"
    statuses = CaseStep.objects.filter(case__in=two, step__code="village_review").values_list("status", flat=True)
    assert list(statuses) == [CaseStepStatus.OPEN, CaseStepStatus.OPEN]


def test_cases_of_two_procedures_are_told_apart(personas, county, household_a, household_b):
    yongxiu = at_township(personas, household_a, personas.cadre_a)
    use_laiyuan(personas)
    laiyuan = at_township(personas, household_b, personas.cadre_b, steps=[("cadre", "household_check")])
    refs = [CaseRef(case.pk, case_version(case)) for case in (yongxiu, laiyuan)]

    done = township_batch_audit(actor=personas.township, refs=refs, outcome=Outcome.RETURN, note=NOTE)

    assert township_batch_message(outcome=Outcome.RETURN, cases=done) == (
        "已退回 2 户，其中 1 户退回至“村级评议”环节、1 户退回至“入户核查核实”环节重新办理，村级补正后重新报送乡镇审核。"
    )
    assert CaseStep.objects.get(case=laiyuan, step__code="household_check").status == CaseStepStatus.OPEN


def test_a_pass_is_told_as_before(personas, two):
    refs = [CaseRef(case.pk, case_version(case)) for case in two]

    done = township_batch_audit(actor=personas.township, refs=refs, outcome=Outcome.PASS)

    assert township_batch_message(outcome=Outcome.PASS, cases=done) == "已通过 2 户乡镇审核。"


def test_the_api_answer_carries_the_same_words(personas, login, two):
    body = {"cases": [{"id": c.pk, "version": case_version(c)} for c in two], "outcome": "return", "note": NOTE}

    answer = login(personas.township).post("/api/v1/township-audits/decide/", body, content_type="application/json")

    assert answer.status_code == 200, answer.content
    assert answer.json()["message"] == "已退回 2 户，退回至“村级评议”环节重新办理，村级补正后重新报送乡镇审核。"


def test_the_case_pages_confirmation_names_the_step_a_return_reopens(personas, login, household_a, household_b):
    yongxiu = at_township(personas, household_a, personas.cadre_a)
    use_laiyuan(personas)
    laiyuan = at_township(personas, household_b, personas.cadre_b, steps=[("cadre", "household_check")])
    client = login(personas.township)

    assert "退回村级补正：本案回到“村级评议”环节" in client.get(f"/workflow/cases/{yongxiu.pk}/").content.decode()
    page = client.get(f"/workflow/cases/{laiyuan.pk}/").content.decode()
    assert "退回村级补正：本案回到“入户核查核实”环节" in page and "回到“村级评议”环节" not in page
