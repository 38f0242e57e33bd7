"""A batch's page (and the API's items of a batch) lists its households in the order of the printed 批准名单 and
公告 of its 批复 (inclusions before exits, each by place then 户编号: selectors_cases.notice_order), not in the
order the county ticked them: a township clerk checks the screen against the paper line by line."""

import pytest

from tests.clock import today
from tests.workflow.batch_helpers import at_approval, new_household
from tests.workflow.test_announcement_order import listed
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db

NUMBER = "永防返贫〔2026〕23号"
NAMES = ["方俊", "朱娟霞", "曾强健", "王五"]


@pytest.fixture
def batch(personas, county):
    """方俊, 朱娟霞, 曾强健 registered in that order in 城南村 (so numbered in that order) and 王五 in 城北村, their
    cases opened 王五, 曾强健, 朱娟霞, 方俊 and approved in one batch ticked 曾强健, 王五, 方俊, 朱娟霞."""
    cadre_a, cadre_b = personas.cadre_a, personas.cadre_b
    households = {
        name: new_household(cadre_a, county.village_a, name, sequence)
        for sequence, name in enumerate(["方俊", "朱娟霞", "曾强健"], start=71)
    }
    households["王五"] = new_household(cadre_b, county.village_b, "王五", 74)
    # Their cases opened the other way round (the items are written in the cases' order).
    cases = {
        name: at_approval(personas, households[name], cadre_b if name == "王五" else cadre_a)
        for name in ["王五", "曾强健", "朱娟霞", "方俊"]
    }
    return batch_decide(
        actor=personas.approver,
        refs=[
            CaseRef(case_id=cases[n].pk, version=case_version(cases[n])) for n in ["曾强健", "王五", "方俊", "朱娟霞"]
        ],
        decision="approve",
        document_number=NUMBER,
        decided_on=today(),
    )


@pytest.mark.parametrize("who", ["township", "approver", "county_officer"])
def test_the_batch_page_lists_the_households_as_the_printed_approval_list(personas, login, batch, who):
    client = login(getattr(personas, who))
    detail = client.get(f"/workflow/batches/{batch.pk}/").content.decode()
    printed = client.get(f"/workflow/batches/{batch.pk}/print/").content.decode()

    assert listed(detail, NAMES) == listed(printed, NAMES) == ["方俊", "朱娟霞", "曾强健", "王五"]


def test_the_village_reads_its_own_households_in_the_printed_order(personas, login, batch):
    detail = login(personas.cadre_a).get(f"/workflow/batches/{batch.pk}/").content.decode()

    assert listed(detail, NAMES) == ["方俊", "朱娟霞", "曾强健"]


def test_the_api_lists_a_batchs_items_in_the_printed_order(personas, login, batch):
    client = login(personas.township)
    one = client.get(f"/api/v1/batches/{batch.pk}/").json()
    listing = client.get("/api/v1/batches/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    in_list = next(row for row in rows if row["id"] == batch.pk)

    expected = ["方俊", "朱娟霞", "曾强健", "王五"]
    assert [item["snapshot"]["head_name"] for item in one["items"]] == expected
    assert [item["snapshot"]["head_name"] for item in in_list["items"]] == expected
