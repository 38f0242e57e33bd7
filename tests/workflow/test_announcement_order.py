"""The township's 公告 lists the households of a 批复 in the order of the county's 批准名单 (region, then 户编号), so a
clerk can check the notice line by line against the 批复 before stamping it, whatever order the county approved them
in."""

import pytest

from households.choices import LabourCapacity
from households.models import Household
from tests.clock import today
from tests.workflow.batch_helpers import at_approval, new_household
from tests.workflow.helpers import act
from tests.workflow.test_exit_rules import at
from workflow.choices import Outcome
from workflow.models import Batch, Case
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db

NUMBER = "永防返贫〔2026〕21号"


def listed(page: str, names: list[str]) -> list[str]:
    """The names in the order the page's first table lists them."""
    table = page.split("<table", 1)[1].split("</table>", 1)[0]
    return sorted((name for name in names if name in table), key=table.index)


@pytest.fixture
def approved(personas, county):
    """方俊, 朱娟霞, 曾强健 registered in that order in 城南村 (so numbered in that order) and 王五 in 城北村,
    approved under one 批复 entered as two batches: 王五, 方俊, 曾强健, then 朱娟霞."""
    cadre_a, cadre_b = personas.cadre_a, personas.cadre_b
    households = {
        name: new_household(cadre_a, county.village_a, name, sequence)
        for sequence, name in enumerate(["方俊", "朱娟霞", "曾强健"], start=61)
    }
    households["王五"] = new_household(cadre_b, county.village_b, "王五", 64)
    cadres = {"王五": cadre_b}
    cases = {name: at_approval(personas, h, cadres.get(name, cadre_a)) for name, h in households.items()}
    batches = []
    for names in (["王五", "方俊", "曾强健"], ["朱娟霞"]):
        batches.append(
            batch_decide(
                actor=personas.approver,
                refs=[CaseRef(case_id=cases[n].pk, version=case_version(cases[n])) for n in names],
                decision="approve",
                document_number=NUMBER,
                decided_on=today(),
            )
        )
    return batches


NAMES = ["方俊", "朱娟霞", "曾强健", "王五"]


def test_the_approval_list_lists_a_village_by_household_number_not_by_approval_order(personas, login, approved):
    page = login(personas.approver).get(f"/workflow/batches/{approved[0].pk}/print/").content.decode()

    assert listed(page, NAMES) == ["方俊", "朱娟霞", "曾强健", "王五"]


def test_the_townships_notice_lists_the_households_as_the_approval_list_does(personas, login, county, approved):
    batch = approved[1]
    client = login(personas.township)
    approval = client.get(f"/workflow/batches/{batch.pk}/print/").content.decode()
    notice = client.get(f"/workflow/announcement/{county.township.code}/print/?batch={batch.pk}").content.decode()
    waiting = client.get(f"/workflow/announcement/{county.township.code}/print/").content.decode()

    assert listed(notice, NAMES) == listed(approval, NAMES) == ["方俊", "朱娟霞", "曾强健", "王五"]
    assert listed(waiting, NAMES) == listed(approval, NAMES)


def test_the_village_notice_lists_its_households_as_the_approval_list_does(personas, login, county, approved):
    batch = Batch.objects.get(pk=approved[0].pk)
    client = login(personas.cadre_a)
    approval = client.get(f"/workflow/batches/{batch.pk}/print/").content.decode()
    notice = client.get(f"/workflow/announcement/{county.village_a.code}/print/?batch={batch.pk}").content.decode()

    assert listed(notice, NAMES) == listed(approval, NAMES) == ["方俊", "朱娟霞", "曾强健"]


def test_a_decision_with_an_exit_lists_it_after_the_inclusions_on_both(
    personas, login, county, household_a, household_b
):
    # Given 张大山 (城南村) monitored, announced, and his exit at the county's approval, and 王五 (城北村) waiting to be
    # included: both approved under one 批复
    inclusion = at_approval(personas, household_a, personas.cadre_a)
    inclusion = act(actor=personas.approver, case=inclusion, step_code="county_approval", outcome=Outcome.PASS)
    act(actor=personas.township, case=inclusion, step_code="announcement", outcome=Outcome.PASS)
    Household.objects.filter(pk=household_a.pk).update(labour_capacity=LabourCapacity.HAS_LABOUR)
    exit_case = at(personas, household_a, "county_approval")
    wang = at_approval(personas, household_b, personas.cadre_b)
    batch = batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case_id=c.pk, version=case_version(Case.objects.get(pk=c.pk))) for c in (exit_case, wang)],
        decision="approve",
        document_number=NUMBER,
        decided_on=today(),
    )

    # When the township prints the 批准名单 and its 公告
    client = login(personas.township)
    approval = client.get(f"/workflow/batches/{batch.pk}/print/").content.decode()
    notice = client.get(f"/workflow/announcement/{county.township.code}/print/?batch={batch.pk}").content.decode()

    # Then both list 王五 (纳入) before 张大山 (风险消除), who is under his own heading on the notice
    assert listed(approval, ["张大山", "王五"]) == ["王五", "张大山"]
    assert notice.index("王五") < notice.index("风险消除名单") < notice.index("张大山")
