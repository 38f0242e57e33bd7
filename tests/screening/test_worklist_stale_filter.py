"""The dashboard's 筛查待处理超过30天 (分乡镇情况) opens the hits it counts. Before, the number (0, say) opened
/screening/?status=hit&township=…, which listed every waiting hit of the township (共 9 户): the worklist had no
filter for the waiting time. Now its 等待时间 filter (待处理超过30天, page and API) keeps the hits first found more
than STALE_DAYS ago, by the rule the dashboard counts with (screening.selectors_backlog.stale_waiting)."""

import html
import re

import pytest

from screening.choices import ResultStatus
from tests.screening.test_worklist_backlog import result

pytestmark = pytest.mark.django_db


@pytest.fixture
def township_hits(county):
    """涂埠镇: three hits waiting 3, 10 and 30 days (none over 30), one of 45 days, one proposed 90 days ago."""
    for days in (3, 10, 30, 45):
        result(county.village_a, days)
    result(county.village_b, 90, ResultStatus.PROPOSED)


def stale_links(page: str) -> dict[str, tuple[str, int]]:
    found = re.findall(r'data-screening-stale="(\d+)"><a href="([^"]+)">(\d+)</a>', html.unescape(page))
    return {code: (link, int(n)) for code, link, n in found}


def test_each_dashboard_number_opens_a_list_of_as_many_households(personas, county, township_hits, login):
    client = login(personas.county_officer)

    links = stale_links(client.get("/reports/dashboard/").content.decode())

    assert {code: n for code, (_, n) in links.items()} == {county.township.code: 1, county.township2.code: 0}
    for code, (link, n) in links.items():
        listed = client.get(link)
        assert not listed.context["form"].errors
        assert listed.context["page"].paginator.count == n, (code, link)
        assert f"共 {n} 户" in listed.content.decode()
    township_link = links[county.township.code][0]
    assert [r.first_hit_on for r in client.get(township_link).context["page"]] == [
        min(r.first_hit_on for r in client.get(f"/screening/?township={county.township.code}").context["page"])
    ]


def test_the_worklist_offers_the_filter_in_chinese_and_keeps_its_other_hits_a_click_away(
    personas, county, township_hits, login
):
    client = login(personas.county_officer)

    page = client.get(f"/screening/?status=hit&waiting=stale&township={county.township.code}").content.decode()
    everything = client.get(f"/screening/?status=hit&township={county.township.code}")

    assert "等待时间" in page and '<option value="stale" selected>待处理超过30天</option>' in page
    assert everything.context["page"].paginator.count == 4


def test_the_api_list_takes_the_same_filter(personas, county, township_hits, login):
    client = login(personas.county_officer)

    stale = client.get(f"/api/v1/screening-results/?waiting=stale&township={county.township.code}")
    bad = client.get("/api/v1/screening-results/?waiting=old")

    assert stale.status_code == 200 and stale.json()["count"] == 1
    assert bad.status_code == 400 and "waiting" in bad.content.decode()


def test_the_export_button_carries_the_filter_and_the_ledger_holds_the_listed_hits(
    personas, county, township_hits, login
):
    import io

    from openpyxl import load_workbook

    client = login(personas.county_officer)
    page = client.get(f"/screening/?status=hit&waiting=stale&township={county.township.code}").content.decode()
    button = page[page.index('action="/reports/export/"') :].split("</form>")[0]
    assert '<input type="hidden" name="waiting" value="stale">' in button and "待处理超过30天" in button

    posted = dict(re.findall(r'name="(\w+)" value="([^"]*)"', button))
    posted.pop("csrfmiddlewaretoken", None)
    response = client.post("/reports/export/", posted)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and isinstance(row[0], int)]
    assert len(rows) == 1  # the one hit waiting 45 days, as the page lists


def test_the_backlogs_over_30_days_opens_those_hits(personas, county, township_hits, login):
    client = login(personas.county_officer)
    page = html.unescape(client.get(f"/screening/?status=hit&township={county.township.code}").content.decode())

    link = re.search(r'<a class="backlog-stale" href="([^"]+)">超过30天 1 户</a>', page).group(1)

    assert "waiting=stale" in link and client.get(link).context["page"].paginator.count == 1
