"""A date filter the audit log cannot read (2026-13-45) or a range the wrong way round refuses the query: the page
says so beside the field and lists nothing (it listed the whole log, as if the period were the one asked for), the
export exports nothing, and the API answers 400 in Chinese."""

import pytest
from django.utils import timezone

from accounts.audit import audit_record
from accounts.forms import MSG_BAD_DATE, MSG_DATE_ORDER
from accounts.models import AuditEvent
from accounts.views import MSG_FILTERS_REFUSED

pytestmark = pytest.mark.django_db

AUDIT = "/accounts/audit/"
API = "/api/v1/audit-events/"


@pytest.fixture
def logged(personas):
    audit_record(actor=personas.cadre_a, action="household.update", summary="修改农户 H0001 的住址")
    audit_record(actor=personas.cadre_b, action="household.update", summary="修改农户 H0002 的电话")


def test_an_impossible_date_is_refused_beside_its_field_and_nothing_is_listed(personas, login, logged):
    page = login(personas.audit_admin).get(AUDIT, {"date_from": "2026-13-45"}).content.decode()

    assert MSG_BAD_DATE.format(value="2026-13-45") in page and 'id="id_date_from_error"' in page
    assert MSG_FILTERS_REFUSED in page
    assert "H0001" not in page and "H0002" not in page


def test_a_range_the_wrong_way_round_is_refused_and_nothing_is_listed(personas, login, logged):
    page = login(personas.audit_admin).get(AUDIT, {"date_from": "2026-12-06", "date_to": "2026-12-01"})
    body = page.content.decode()

    assert MSG_DATE_ORDER in body and 'id="id_date_to_error"' in body and MSG_FILTERS_REFUSED in body
    assert "H0001" not in body and "H0002" not in body


def test_a_bad_date_beside_a_keyword_lists_nothing_either(personas, login, logged):
    body = login(personas.audit_admin).get(AUDIT, {"q": "H0001", "date_to": "2026-02-30"}).content.decode()

    assert MSG_BAD_DATE.format(value="2026-02-30") in body and "修改农户 H0001" not in body


def test_a_good_range_still_lists_its_events(personas, login, logged):
    today = timezone.localdate(AuditEvent.objects.latest("pk").created_at).isoformat()

    body = login(personas.audit_admin).get(AUDIT, {"date_from": today, "date_to": today}).content.decode()

    assert "H0001" in body and "H0002" in body and MSG_FILTERS_REFUSED not in body


def test_the_export_of_a_bad_date_exports_nothing(personas, login, logged):
    response = login(personas.audit_admin).get(AUDIT, {"date_from": "2026-13-45", "export": "xlsx"})

    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action="audit.export").exists()


@pytest.mark.parametrize(
    ("params", "field"),
    [({"date_from": "2026-13-45"}, "date_from"), ({"date_from": "2026-12-06", "date_to": "2026-12-01"}, "date_to")],
)
def test_the_api_refuses_the_same_dates_with_a_400_in_chinese(personas, login, logged, params, field):
    response = login(personas.audit_admin).get(API, params)

    assert response.status_code == 400
    assert "日期" in response.json()[field][0]
