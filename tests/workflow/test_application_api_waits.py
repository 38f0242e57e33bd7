"""The API gives the worklist the page gives (api_applications): its 待办, 超期 and 村级不予纳入待阅 views, by the
selector the page uses, and each application's wait against the limit, its visit date and notes. Before, ?status=
took the stored statuses only (?status=overdue was a 400) and the rows carried no wait, limit or visit."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.workflow.applications_helpers import STRANGER_ID
from tests.workflow.test_applications_village import VISIT, apply, decline
from workflow.models import Procedure
from workflow.models.applications import Application

pytestmark = pytest.mark.django_db


def waited(application: Application, days: int) -> Application:
    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days))
    application.refresh_from_db()
    return application


@pytest.fixture
def worklist(personas, county, household_a):
    """Under a 15-day limit: 张大山 waiting 20 days (超期), 王芳 3 days, 李四 declined (乡镇待阅)."""
    Procedure.objects.filter(code="yongxiu_identification").update(limit_days=15)
    late = waited(apply(county.village_a), 20)
    recent = waited(apply(county.village_a, name="王芳", id_number=STRANGER_ID, phone="13900002222"), 3)
    other = apply(county.village_a, name="李四", id_number=STRANGER_ID, phone="13900003333")
    declined = decline(personas.cadre_a, other, "收入稳定。")
    return late, recent, declined


def _ids(client, status: str) -> list[int]:
    answer = client.get("/api/v1/applications/", {"status": status})
    assert answer.status_code == 200, answer.content.decode()
    return sorted(row["id"] for row in answer.json()["results"])


def _page_count(page: str, label: str) -> int:
    start = page.index(f'>{label} <span class="badge">') + len(label) + 2
    return int(page[page.index(">", start) + 1 : page.index("</span>", start)])


def test_the_api_takes_the_pages_views(personas, login, worklist):
    late, recent, declined = worklist
    township = login(personas.township)
    page = township.get("/workflow/applications/").content.decode()

    assert _ids(township, "overdue") == [late.pk]
    assert _ids(township, "pending") == sorted([late.pk, recent.pk])
    assert _ids(township, "decline_unread") == [declined.pk]
    assert _ids(township, "declined") == [declined.pk]
    assert (_page_count(page, "超期"), _page_count(page, "待办"), _page_count(page, "村级不予纳入待阅")) == (1, 2, 1)
    wrong = township.get("/api/v1/applications/", {"status": "late"})
    assert wrong.status_code == 400


def test_each_row_carries_its_wait_and_visit(personas, login, worklist):
    late, recent, declined = worklist
    rows = {row["id"]: row for row in login(personas.cadre_a).get("/api/v1/applications/").json()["results"]}

    assert {k: rows[late.pk][k] for k in ("wait_days", "limit_days", "overdue")} == {
        "wait_days": 20,
        "limit_days": 15,
        "overdue": True,
    }
    assert {k: rows[recent.pk][k] for k in ("wait_days", "limit_days", "overdue")} == {
        "wait_days": 3,
        "limit_days": 15,
        "overdue": False,
    }
    done = rows[declined.pk]
    assert (done["wait_days"], done["limit_days"], done["overdue"]) == (None, None, False)
    assert (done["verified_on"], done["verification_notes"]) == (timezone.localdate().isoformat(), VISIT["visit_notes"])
    assert rows[late.pk]["verified_on"] is None and rows[late.pk]["verification_notes"] == ""
    # One application reads the same as in the list, and as the page says it.
    one = login(personas.cadre_a).get(f"/api/v1/applications/{late.pk}/").json()
    page = login(personas.cadre_a).get(f"/workflow/applications/{late.pk}/").content.decode()
    assert (one["wait_days"], one["limit_days"], one["overdue"]) == (20, 15, True)
    assert "已等待20天（时限15天，已超5天）" in page


def test_a_county_with_no_limit_reads_the_days_only(personas, login, worklist):
    late = worklist[0]
    Procedure.objects.filter(code="yongxiu_identification").update(limit_days=None)

    row = login(personas.cadre_a).get(f"/api/v1/applications/{late.pk}/").json()

    assert (row["wait_days"], row["limit_days"], row["overdue"]) == (20, None, False)
    assert login(personas.cadre_a).get("/api/v1/applications/", {"status": "overdue"}).json()["count"] == 0
