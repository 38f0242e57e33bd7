"""Dates that exist but lie far outside any period the county could report on (9999-12-31, 0001-06-01) are told
as the performance page tells a date that does not exist, never a server error."""

import pytest

from reports.ledgers import ledger_list

pytestmark = pytest.mark.django_db

FAR_DATES = [("month", "9999-12-31"), ("quarter", "9999-11-30"), ("year", "0001-06-01"), ("month", "0001-01-01")]


@pytest.mark.parametrize(("period", "date"), FAR_DATES)
def test_the_performance_page_tells_a_date_out_of_range(personas, login, period, date):
    response = login(personas.official).get(f"/reports/performance/?period={period}&date={date}")
    page = response.content.decode()

    assert response.status_code == 400
    assert f"“{date}”超出可统计的日期范围" in page and f'value="{date}"' in page
    assert "识别纳入与走访" not in page


@pytest.mark.parametrize(("period", "date"), FAR_DATES)
def test_the_performance_workbook_refuses_a_date_out_of_range(personas, login, period, date):
    response = login(personas.official).get(f"/reports/performance/export/?period={period}&date={date}")

    assert response.status_code == 400
    assert f"“{date}”超出可统计的日期范围" in response.content.decode()


@pytest.mark.parametrize(("period", "date"), FAR_DATES)
def test_the_performance_api_names_the_date_out_of_range(personas, login, period, date):
    response = login(personas.official).get(f"/api/v1/reports/performance/?period={period}&date={date}")

    assert response.status_code == 400
    assert f"“{date}”超出可统计的日期范围" in response.json()["date"][0]


def test_the_first_and_last_reportable_days_still_give_figures(personas, login):
    client = login(personas.official)

    assert client.get("/reports/performance/?period=year&date=2000-01-01").status_code == 200
    assert client.get("/reports/performance/?period=month&date=2099-12-31").status_code == 200
    assert client.get("/api/v1/reports/performance/?period=quarter&date=2099-12-31").status_code == 200


def test_every_ledger_exports_with_the_widest_dates_a_form_accepts(personas, login):
    client = login(personas.county_officer)

    for ledger in ledger_list(actor=personas.county_officer):
        response = client.post(
            "/reports/export/", {"ledger": ledger.code, "date_from": "0001-01-01", "date_to": "9999-12-31"}
        )
        assert response.status_code in (200, 400), (ledger.code, response.status_code)
