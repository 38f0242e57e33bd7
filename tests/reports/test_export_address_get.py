"""Review finding (reports 5): a refused export's page (400) lives at /reports/export/; reloading or bookmarking it
asked that address by GET and got an empty 405, which the browser told in English. A GET goes back to the reports
page, with the filters its query holds."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_get_goes_back_to_the_reports_page_with_its_query(personas, login):
    client = login(personas.county_officer)

    bare = client.get("/reports/export/")
    with_query = client.get("/reports/export/?date_from=2026-11-01&date_to=2026-11-30")
    followed = client.get("/reports/export/", follow=True)

    assert bare.status_code == 302 and bare["Location"] == "/reports/"
    assert with_query.status_code == 302
    assert with_query["Location"] == "/reports/?date_from=2026-11-01&date_to=2026-11-30"
    assert followed.status_code == 200 and "台账统计" in followed.content.decode()


def test_other_methods_are_still_refused_and_a_user_without_ledgers_still_gets_403(personas, login):
    assert login(personas.county_officer).put("/reports/export/").status_code == 405
    assert login(personas.clerk).get("/reports/export/").status_code == 403
