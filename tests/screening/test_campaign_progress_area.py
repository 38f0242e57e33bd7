"""排查进度 counts 面上问题 as the summary table (附件4) does: a village's under the village, a township's in its
line (or a line of its own among villages), the county's in a line of its own; so 问题 / 未销号 add up to the
summary's 发现 / 正在整改, on the page and in the API alike."""

# ruff: noqa: F811  (the fixtures of test_campaigns, imported)
import pytest

from screening import selectors_campaigns as selectors
from screening import selectors_progress as progress_selectors
from tests.screening.test_campaigns import campaign, household_a, household_b, screened  # noqa: F401

pytestmark = pytest.mark.django_db


def _summary(actor, campaign, township=None):
    total = selectors.summary_totals(selectors.summary_table(actor=actor, campaign=campaign, township=township))
    return total.total.found, total.total.found - total.total.rectified


def test_progress_totals_equal_the_summary_with_open_area_problems(screened, campaign, personas):
    for actor in (personas.county_officer, personas.township, personas.cadre_b):
        rows = list(progress_selectors.campaign_progress(actor=actor, campaign=campaign))
        areas = progress_selectors.area_progress(actor=actor, campaign=campaign)
        totals = progress_selectors.progress_totals(rows, areas)
        assert (totals["problems"], totals["open_problems"]) == _summary(actor, campaign)
    rows = list(progress_selectors.campaign_progress(actor=personas.county_officer, campaign=campaign))
    assert {r.name: (r.problems, r.open_problems) for r in rows}["城北村"] == (2, 2)  # 户内 1 + 面上 1


def test_the_campaign_page_shows_area_problems_in_lines_adding_up_to_the_summary(
    screened, campaign, personas, login, county
):
    page = login(personas.county_officer).get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "县级面上问题" in page and "永修县" in page
    foot = page.split("<tfoot>")[1]
    assert "<th>6<div" in foot and "未销号5" in foot  # summary: 发现 6, 正在整改 5
    township_line = page.split("涂埠镇</a>")[1].split("</tr>")[0]
    assert "5<div" in township_line and "未销号4" in township_line  # its villages' 4 and its own 1

    page = login(personas.township).get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "乡镇级面上问题" in page
    foot = page.split("<tfoot>")[1]
    assert (f"<th>{_summary(personas.township, campaign)[0]}<div") in foot


def test_api_progress_lines_add_up_to_the_summary(screened, campaign, personas, login, county):
    client = login(personas.county_officer)
    found, open_ = _summary(personas.county_officer, campaign)
    for by in ("village", "township"):
        rows = client.get(f"/api/v1/campaigns/{campaign.pk}/progress/?by={by}").json()
        assert (sum(r["problems"] for r in rows), sum(r["open_problems"] for r in rows)) == (found, open_)
    by_village = client.get(f"/api/v1/campaigns/{campaign.pk}/progress/").json()
    assert [(r["name"], r["level"], r["problems"]) for r in by_village if r["level"] != "village"] == [
        ("永修县", "county", 1),
        ("涂埠镇", "township", 1),
    ]
    by_township = client.get(f"/api/v1/campaigns/{campaign.pk}/progress/?by=township").json()
    assert [(r["name"], r["level"], r["problems"]) for r in by_township] == [
        ("涂埠镇", "township", 5),
        ("虬津镇", "township", 0),
        ("永修县", "county", 1),
    ]
