"""The problem ledgers exported from a campaign's own pages (导出台账): only that campaign's problems (the /reports/
ledger mixes every campaign), as the page filters them, with the overdue filter (003 四(三) "时间倒排、任务倒逼")."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from screening.choices_campaigns import ProblemStatus, ProblemType
from screening.models import Campaign, HouseholdProblem
from tests.clock import today
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_campaigns(problems, registry, personas, county):
    """The conftest's campaign (a1 housing pending, a2 education rectified, c1 water in progress), a1's housing
    problem overdue, and another campaign with a problem of a3."""
    yesterday = today() - dt.timedelta(days=1)
    HouseholdProblem.objects.filter(campaign=problems, household=registry.a1).update(deadline=yesterday)
    HouseholdProblem.objects.filter(campaign=problems, household=registry.a2).update(deadline=yesterday)
    other = Campaign.objects.create(
        name="上半年排查", region=county.county, region_path=county.county.path, created_by=personas.county_officer
    )
    other.villages.set([county.village_a])
    HouseholdProblem.objects.create(
        campaign=other, household=registry.a3, region_path=registry.a3.region_path, problem_type=ProblemType.MEDICAL,
        content="王五的问题", created_by=personas.cadre_a,
    )  # fmt: skip
    return problems


def _heads(data: bytes) -> list[str]:
    header, body = ledger_table(read_xlsx(data))
    return [row[header.index("户主姓名")] for row in body]


def test_the_ledger_page_exports_its_own_campaign_only(two_campaigns, personas, login):
    client = login(personas.county_officer)
    page = client.get(f"/campaigns/{two_campaigns.pk}/problems/").content.decode()

    data = download(client.get(f"/campaigns/{two_campaigns.pk}/problems/export/"))

    assert f'href="/campaigns/{two_campaigns.pk}/problems/export/"' in page and "导出台账" in page
    assert sorted(_heads(data)) == sorted(["张三", "'=1+1", "钱七"])  # not 王五 of the other campaign
    rows = read_xlsx(data)
    assert rows[0][0] == "永修县户内问题整改台账（2026年集中排查）"
    event = AuditEvent.objects.get(action="reports.ledger_export")
    assert "户内问题整改台账（2026年集中排查）（3行）" in event.summary


def test_the_overdue_filter_on_the_page_and_in_the_export(two_campaigns, personas, login):
    client = login(personas.county_officer)
    url = f"/campaigns/{two_campaigns.pk}/problems/"

    page = client.get(url, {"overdue": "yes"})
    data = download(client.get(f"{url}export/", {"overdue": "yes"}))
    api = client.get("/api/v1/household-problems/", {"campaign": two_campaigns.pk, "overdue": "yes"}).json()

    # a1's is overdue; a2's deadline passed too but it is closed (已整改).
    assert [p.household.head_name for p in page.context["page"]] == ["张三"]
    assert "逾期" in page.content.decode()
    assert _heads(data) == ["张三"]
    assert read_xlsx(data)[0][0] == "永修县户内问题整改台账（2026年集中排查，逾期未整改）"
    assert [p["head_name"] for p in api["results"]] == ["张三"]
    closed = HouseholdProblem.objects.get(campaign=two_campaigns, household__head_name="=1+1")
    assert (closed.deadline, closed.status) == (today() - dt.timedelta(days=1), ProblemStatus.RECTIFIED)


def test_the_area_ledger_exports_too_and_opens_in_libreoffice(two_campaigns, personas, login):
    client = login(personas.county_officer)

    page = client.get(f"/campaigns/{two_campaigns.pk}/area-problems/").content.decode()
    data = download(client.get(f"/campaigns/{two_campaigns.pk}/area-problems/export/"))
    household = download(client.get(f"/campaigns/{two_campaigns.pk}/problems/export/"))

    assert f'href="/campaigns/{two_campaigns.pk}/area-problems/export/"' in page
    header, body = ledger_table(libreoffice_csv(data))
    assert header[:3] == ["排查名称", "层级", "单位"]
    assert [row[header.index("具体问题")] for row in body] == ["产业项目未见效"]
    csv_header, csv_body = ledger_table(libreoffice_csv(household))
    assert len(csv_body) == 3 and "'=1+1" in [row[csv_header.index("户主姓名")] for row in csv_body]


def test_a_cadre_exports_only_their_village_and_not_another_villages_campaign(two_campaigns, personas, login):
    assert sorted(_heads(download(login(personas.cadre_a).get(f"/campaigns/{two_campaigns.pk}/problems/export/")))) == [
        "'=1+1",  # a formula-like name is written as text
        "张三",
    ]
    assert login(personas.cadre_b).get(f"/campaigns/{two_campaigns.pk}/problems/export/").status_code == 404


# --- the summary (附件4) a village cadre exports: their village's, titled so ---


def test_a_village_cadres_summary_is_titled_as_their_village_not_the_township(problems, personas, login):
    client = login(personas.cadre_a)

    page = client.get(f"/campaigns/{problems.pk}/summary/").content.decode()
    rows = read_xlsx(download(client.get(f"/campaigns/{problems.pk}/summary/export/")))

    assert "整改情况汇总表（城南村）" in page and "涂埠镇各村" not in page
    assert rows[0][0] == "永修县涂埠镇城南村整改情况汇总表" and "汇总单位：城南村" in rows[1][0]
    labels = [row[2] or row[1] for row in rows[5:] if row[1] or row[2]]
    assert "其他（附件4未列）" in labels and "其他" not in labels
