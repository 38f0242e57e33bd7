"""The township's announcement (公告) of the county's approved list, 000 §三(三)6: printed per village or for the
whole township, with the approval's date and 批复文号 and no ID number or health detail; the township marks the
step (review township finding 7b)."""

import pytest
from django.utils import timezone

from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import DOCUMENT_NUMBER, act
from workflow.choices import CaseStatus, Outcome
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(personas, household_a):
    """张大山 (城南村), approved by the county on its own: waiting for the township's announcement."""
    case = at_approval(personas, household_a, personas.cadre_a)
    return act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)


def test_the_village_announcement_lists_the_approved_household_without_private_detail(
    personas, login, county, approved
):
    page = login(personas.township).get(f"/workflow/announcement/{county.village_a.code}/print/").content.decode()

    assert "涂埠镇城南村防止返贫动态监测对象纳入公告" in page
    assert "张大山" in page and "城南村" in page and approved.get_category_display() in page
    assert "刚性支出较大" in page  # the medical risk as the spending it causes
    assert DOCUMENT_NUMBER in page and approved.closed_on is None
    assert f"{timezone.localdate():%Y年}" in page and "涂埠镇人民政府（盖章）" in page
    for member in approved.household.members.all():
        assert member.id_number not in page
    assert "医疗" not in page and "因病" not in page and "大病" not in page


def test_the_township_announcement_covers_all_its_villages_and_a_batch_gives_its_number_and_date(
    personas, login, county, approved, household_b
):
    other = at_approval(personas, household_b, personas.cadre_b)
    batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case_id=other.pk, version=case_version(other))],
        decision="approve",
        document_number="永巩固〔2026〕9号",
        decided_on=timezone.localdate(),  # not before the case's last step (services.approval_records)
    )

    page = login(personas.township).get(f"/workflow/announcement/{county.township.code}/print/").content.decode()

    assert "涂埠镇防止返贫动态监测对象纳入公告" in page
    assert "张大山" in page and "王五" in page and "城北村" in page
    assert "永巩固〔2026〕9号" in page and cn_date(timezone.localdate()) in page


def test_the_announcement_is_reachable_from_its_step_and_the_case_list(personas, login, county, approved):
    client = login(personas.township)
    link = f"/workflow/announcement/{county.village_a.code}/print/"

    assert link in client.get(f"/workflow/cases/{approved.pk}/").content.decode()
    listing = client.get("/workflow/cases/").content.decode()
    assert link in listing and "打印本村公告" in listing
    assert f"/workflow/announcement/{county.township.code}/print/" in listing  # the township's whole list


def test_the_township_announces_and_the_case_closes(personas, approved):
    case = act(actor=personas.township, case=approved, step_code="announcement", outcome=Outcome.PASS)

    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED


def test_an_announcement_out_of_scope_is_not_found(personas, login, county, approved):
    assert login(personas.cadre_b).get(f"/workflow/announcement/{county.village_a.code}/print/").status_code == 404
    assert login(personas.cadre_a).get(f"/workflow/announcement/{county.township.code}/print/").status_code == 404
    page = login(personas.township).get(f"/workflow/announcement/{county.village_b.code}/print/").content.decode()
    assert "城北村当前没有待公告的经县级批准纳入或风险消除的农户。" in page


def cn_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def _batch(personas, *cases, decision="approve"):
    return batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case_id=case.pk, version=case_version(case)) for case in cases],
        decision=decision,
        document_number="永巩固〔2026〕12号",
        decided_on=timezone.localdate(),
        note="" if decision == "approve" else "不符合纳入条件",
    )


def test_a_batch_announcement_can_be_printed_again_after_the_township_announced(
    personas, login, county, household_a, household_b
):
    first = at_approval(personas, household_a, personas.cadre_a)
    second = at_approval(personas, household_b, personas.cadre_b)
    batch = _batch(personas, first, second)
    act(actor=personas.township, case=first, step_code="announcement", outcome=Outcome.PASS)
    client = login(personas.township)

    waiting = client.get(f"/workflow/announcement/{county.township.code}/print/").content.decode()
    assert "王五" in waiting and "张大山" not in waiting  # announced: no longer waiting

    again = client.get(f"/workflow/announcement/{county.township.code}/print/?batch={batch.pk}").content.decode()
    assert "张大山" in again and "王五" in again
    assert f"县级批复：永巩固〔2026〕12号（{cn_date(timezone.localdate())}）" in again

    listing = client.get("/workflow/cases/").content.decode()  # the township's own list offers the reprint
    assert f"/workflow/announcement/{county.township.code}/print/?batch={batch.pk}" in listing
    detail = login(personas.approver).get(f"/workflow/batches/{batch.pk}/").content.decode()
    assert f"/workflow/announcement/{county.township.code}/print/?batch={batch.pk}" in detail


def test_a_batch_announcement_keeps_to_the_region_and_refuses_other_batches(
    personas, login, county, household_a, household_b
):
    first = at_approval(personas, household_a, personas.cadre_a)
    batch = _batch(personas, first)
    client = login(personas.township)

    other_village = client.get(f"/workflow/announcement/{county.village_b.code}/print/?batch={batch.pk}")
    assert "本批复没有城北村经县级批准纳入或风险消除的农户。" in other_village.content.decode()
    assert client.get(f"/workflow/announcement/{county.village_a.code}/print/?batch=x1").status_code == 404
    assert client.get(f"/workflow/announcement/{county.village_a.code}/print/?batch=999999").status_code == 404

    refused = _batch(personas, at_approval(personas, household_b, personas.cadre_b), decision="reject")
    assert client.get(f"/workflow/announcement/{county.township.code}/print/?batch={refused.pk}").status_code == 404
    refused_page = login(personas.approver).get(f"/workflow/batches/{refused.pk}/").content.decode()
    assert f"?batch={refused.pk}" not in refused_page
    # Another township's user sees no batch without cases of its own.
    assert (
        login(personas.cadre_b)
        .get(f"/workflow/announcement/{county.village_b.code}/print/?batch={batch.pk}")
        .status_code
        == 404
    )
