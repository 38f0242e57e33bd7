"""The audit admin's search of the log by a whole ID number follows the rule of every role that sees numbers masked
(households.services.id_search): each search is recorded in the audit log and at most DAILY_LIMIT run a day. The
page takes the keyword by POST and leaves no whole number in its address, its links or its keyword box."""

import datetime as dt
from urllib.parse import unquote

import pytest

from accounts.audit import audit_record
from accounts.audit_search import MSG_AUDIT_TOO_MANY
from accounts.models import AuditEvent
from households.choices import HouseholdType, Relation
from households.idnumber import mask
from households.services import registry
from households.services.id_search import DAILY_LIMIT, SEARCH
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db

SHEN = member_row("沈建国", Relation.HEAD, dt.date(1981, 2, 28), 13)
AUDIT = "/accounts/audit/"


@pytest.fixture
def registered(personas, county):
    return registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=[SHEN], household_type=HouseholdType.ORDINARY
    )


def _searches(user):
    return AuditEvent.objects.filter(action="member.search_id_number", actor=user)


def _searched_until_the_limit(user):
    """The day's searches, as the audit log counts them (households.services.id_search), up to the limit."""
    for _ in range(DAILY_LIMIT - _searches(user).count()):
        audit_record(actor=user, action=SEARCH, summary="按完整身份证号查找 3604**********0013")


def test_a_whole_number_is_searched_by_post_recorded_once_and_never_shown_in_full(personas, login, registered):
    client = login(personas.audit_admin)

    posted = client.post(AUDIT, {"q": SHEN["id_number"], "category": "registry"})
    page = client.get(posted.url).content.decode()
    again = client.get(posted.url)  # reloading, or paging through the results, is the same search

    assert posted.status_code == 302 and SHEN["id_number"] not in unquote(posted.url)
    assert "category=registry" in posted.url
    assert "新建农户档案" in page.split("共 ", 1)[1]
    assert SHEN["id_number"] not in page  # neither in the keyword box nor in the export or page links
    assert f'value="{mask(SHEN["id_number"])}"' in page
    assert again.status_code == 200
    search = _searches(personas.audit_admin).get()
    assert search.summary == f"按完整身份证号查找 {mask(SHEN['id_number'])}"


def test_the_export_link_of_a_whole_number_search_exports_that_persons_events(personas, login, registered):
    client = login(personas.audit_admin)
    url = client.post(AUDIT, {"q": SHEN["id_number"]}).url

    exported = client.get(f"{url}&export=xlsx")

    assert exported.status_code == 200 and exported["Content-Type"].startswith("application/vnd.openxmlformats")
    export = AuditEvent.objects.get(action="audit.export")
    assert "导出审计日志 1 条" in export.summary and SHEN["id_number"] not in export.summary
    assert _searches(personas.audit_admin).count() == 1


def test_a_whole_number_in_an_address_is_recorded_and_moved_out_of_it(personas, login, registered):
    client = login(personas.audit_admin)

    response = client.get(AUDIT, {"q": SHEN["id_number"].lower()})

    assert response.status_code == 302 and SHEN["id_number"] not in unquote(response.url).upper()
    assert _searches(personas.audit_admin).count() == 1


def test_beyond_the_daily_limit_the_search_is_refused_and_not_run(personas, login, registered):
    client = login(personas.audit_admin)
    _searched_until_the_limit(personas.audit_admin)

    page = client.post(AUDIT, {"q": SHEN["id_number"]}, follow=True).content.decode()

    assert MSG_AUDIT_TOO_MANY in page
    assert SHEN["id_number"] not in page
    assert _searches(personas.audit_admin).count() == DAILY_LIMIT  # the refused one is not recorded


def test_a_token_from_another_session_finds_nothing(personas, login, registered):
    url = login(personas.audit_admin).post(AUDIT, {"q": SHEN["id_number"]}).url

    page = login(personas.audit_admin).get(url).content.decode()

    assert "新建农户档案" not in page.split("共 ", 1)[1]


def test_the_api_records_and_limits_the_same_search(personas, login, registered):
    client = login(personas.audit_admin)

    found = client.get("/api/v1/audit-events/", {"q": SHEN["id_number"]})
    assert _searches(personas.audit_admin).count() == 1
    _searched_until_the_limit(personas.audit_admin)
    refused = client.get("/api/v1/audit-events/", {"q": SHEN["id_number"]})

    assert [row["action"] for row in found.json()["results"]] == ["household.create"]
    assert refused.status_code == 400 and refused.json()["detail"] == MSG_AUDIT_TOO_MANY
    assert _searches(personas.audit_admin).count() == DAILY_LIMIT
