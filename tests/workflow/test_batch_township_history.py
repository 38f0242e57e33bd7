"""A township (or village) reads the county's approval batches (审批批次) as far as they concern its own households:
the batches with one of its cases, each showing its cases only, on the pages and in the API alike; read only."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.choices import Role
from tests.factories import UserFactory
from tests.workflow.batch_helpers import at_approval, new_household
from workflow.models import Batch, BatchDecision
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def township2(county):
    return UserFactory(
        username="township2",
        role=Role.TOWNSHIP_OFFICER,
        region_path=county.township2.path,
        region_name=county.township2.name,
    )


@pytest.fixture
def batch(personas, county, township2, household_a, household_b):
    """One 批复 over 张大山 (城南村) and 王五 (城北村) of 涂埠镇, and 李四 (张公渡村) of 虬津镇."""
    cadre_c = UserFactory(
        username="cadre_c", role=Role.VILLAGE_CADRE, region_path=county.village_c.path, region_name="张公渡村"
    )
    household_c = new_household(cadre_c, county.village_c, "李四", 78)
    other_township = SimpleNamespace(county_officer=personas.county_officer, township=township2)
    cases = [
        at_approval(personas, household_a, personas.cadre_a),
        at_approval(personas, household_b, personas.cadre_b),
        at_approval(other_township, household_c, cadre_c),
    ]
    return batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case.pk, case_version(case)) for case in cases],
        decision=BatchDecision.APPROVE,
        document_number="永巩固〔2026〕30号",
        decided_on=timezone.localdate(),
        note="",
    )


def test_a_township_lists_the_county_batches_with_its_households(personas, login, batch):
    page = login(personas.township).get("/workflow/batches/history/").content.decode()

    assert "永巩固〔2026〕30号" in page and "3 户（本辖区 2 户）" in page
    # The county's approval queue is not the township's tool: the history does not lead to it.
    assert 'href="/workflow/batches/"' not in page


def test_a_township_reads_a_batch_with_its_own_households_only(personas, login, batch):
    client = login(personas.township)

    detail = client.get(f"/workflow/batches/{batch.pk}/")
    printed = client.get(f"/workflow/batches/{batch.pk}/print/").content.decode()

    assert detail.status_code == 200
    page = detail.content.decode()
    assert "张大山" in page and "王五" in page and "李四" not in page
    assert "下表只列本辖区的 2 户" in page and "<form" not in page.split("</header>")[1]
    assert "张大山" in printed and "李四" not in printed and "本辖区 2 户（批复共 3 户）" in printed


def test_the_api_gives_a_township_the_batch_with_its_cases_only(personas, login, batch):
    client = login(personas.township)

    listing = client.get("/api/v1/batches/").json()
    detail = client.get(f"/api/v1/batches/{batch.pk}/").json()

    assert listing["count"] == 1
    assert detail["count"] == 3 and detail["in_scope"] == 2
    assert sorted(item["snapshot"]["head_name"] for item in detail["items"]) == ["张大山", "王五"]


def test_a_village_sees_its_own_households_of_the_batch(personas, login, batch):
    client = login(personas.cadre_a)

    page = client.get(f"/workflow/batches/{batch.pk}/").content.decode()

    assert "张大山" in page and "王五" not in page and "李四" not in page
    assert [item["snapshot"]["head_name"] for item in client.get("/api/v1/batches/").json()["results"][0]["items"]] == [
        "张大山"
    ]


def test_a_batch_without_a_household_of_the_township_stays_out_of_its_sight(personas, login, county, township2):
    household = new_household(personas.cadre_a, county.village_a, "赵六", 79)
    case = at_approval(personas, household, personas.cadre_a)
    batch = batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case.pk, case_version(case))],
        decision=BatchDecision.APPROVE,
        document_number="永巩固〔2026〕31号",
        decided_on=timezone.localdate(),
        note="",
    )
    client = login(township2)

    assert client.get(f"/workflow/batches/{batch.pk}/").status_code == 404
    assert client.get(f"/workflow/batches/{batch.pk}/print/").status_code == 404
    assert client.get(f"/api/v1/batches/{batch.pk}/").status_code == 404
    assert client.get("/api/v1/batches/").json()["count"] == 0
    assert "永巩固" not in client.get("/workflow/batches/history/").content.decode()


def test_the_county_still_sees_the_whole_batch(personas, login, batch):
    client = login(personas.approver)

    page = client.get(f"/workflow/batches/{batch.pk}/").content.decode()
    detail = client.get(f"/api/v1/batches/{batch.pk}/").json()

    assert all(name in page for name in ("张大山", "王五", "李四")) and "本辖区" not in page
    assert detail["in_scope"] == 3 and len(detail["items"]) == 3
    assert Batch.objects.get().count == 3
