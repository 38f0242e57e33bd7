"""000 §三(三)6: the county's 批复 makes the household monitored, and the township then announces it and marks it in
the national system. A case the county approved, still waiting at 公告并标识, is therefore "待标注" in the 监测对象台账
and on the 待标注 list from the approval on (review township finding 6), not "未经本系统审批" and missing."""

import pytest
from django.utils import timezone

from reports.ledgers.households import UNAPPROVED
from tests.reports.conftest import download, ledger_table, read_xlsx
from tests.workflow.batch_helpers import at_approval, new_household
from tests.workflow.helpers import act
from workflow.choices import CaseStatus, Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def presets(db):
    from workflow.models import Procedure, Step
    from workflow.presets import install

    install(Procedure, Step)


@pytest.fixture
def waiting(personas, county):
    """蔡东 (城南村): approved by the county today, waiting for the township's 公告并标识."""
    household = new_household(personas.cadre_a, county.village_a, "蔡东", 61)
    case = at_approval(personas, household, personas.cadre_a)
    return act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)


def marking_of(client, head: str):
    rows = read_xlsx(download(client.post("/reports/export/", {"ledger": "monitored_households"})))
    header, body = ledger_table(rows)
    column = header.index("国家系统标注")
    return {row[4]: row[column] for row in body}[head]


def test_an_approved_case_waiting_at_the_announcement_is_on_the_pending_list_and_reads_pending(
    personas, login, waiting
):
    client = login(personas.township)
    assert waiting.status == CaseStatus.OPEN  # still at 公告并标识

    page = client.get("/reports/national/")
    listed = read_xlsx(download(client.post("/reports/export/", {"ledger": "national_pending"})))
    api = client.get("/api/v1/reports/national/").json()

    assert [case.pk for case in page.context["page"]] == [waiting.pk]
    html = page.content.decode()
    assert f'name="case" value="{waiting.pk}"' in html and timezone.localdate().isoformat() in html
    body = ledger_table(listed)[1]
    assert [(row[0], row[4], row[12].date()) for row in body] == [(waiting.pk, "蔡东", timezone.localdate())]
    assert api["count"] == 1 and api["results"] == [
        {
            "case": waiting.pk,
            "household_number": waiting.household.number,
            "head_name": "蔡东",
            "village": "城南村",
            "kind": "identification",
            "kind_display": "纳入",
            "approved_on": timezone.localdate().isoformat(),
        }
    ]
    assert marking_of(client, "蔡东") == "待标注" != UNAPPROVED


def test_a_case_marked_before_its_announcement_stays_marked_once_announced(personas, login, waiting):
    client = login(personas.township)

    response = client.post("/reports/national/mark/", {"case": [waiting.pk]}, follow=True)
    assert "已标注 1 户" in response.content.decode()
    case = act(actor=personas.township, case=waiting, step_code="announcement", outcome=Outcome.PASS)

    assert case.status == CaseStatus.APPROVED
    assert client.get("/reports/national/").context["page"].paginator.count == 0
    assert marking_of(client, "蔡东") == "已标注"


def test_the_date_filter_of_the_list_counts_from_the_county_s_approval(personas, login, waiting):
    client = login(personas.county_officer)
    today = timezone.localdate().isoformat()

    rows = read_xlsx(
        download(client.post("/reports/export/", {"ledger": "national_pending", "date_from": today, "date_to": today}))
    )

    assert [row[4] for row in ledger_table(rows)[1]] == ["蔡东"]


def test_a_case_the_county_has_not_approved_is_not_listed(personas, login, county):
    household = new_household(personas.cadre_a, county.village_a, "谢帅", 62)
    at_approval(personas, household, personas.cadre_a)

    assert login(personas.township).get("/reports/national/").context["page"].paginator.count == 0
