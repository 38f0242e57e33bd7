"""The audit page's filters: an export runs only on filters the page accepted (an invalid one is shown with its
error, and an export would otherwise hold more than the admin asked for), and each filter says how it is used."""

import re

import pytest

from accounts.models import AuditEvent
from accounts.views import MSG_EXPORT_INVALID_FILTERS

pytestmark = pytest.mark.django_db

AUDIT = "/accounts/audit/"


@pytest.mark.parametrize(
    "params",
    [
        {"category": "bogus"},
        {"date_from": "2026-12-06", "date_to": "2026-12-01"},
        {"date_from": "not-a-date"},
    ],
)
def test_an_export_with_an_invalid_filter_is_refused_with_the_errors_shown(personas, login, params):
    response = login(personas.audit_admin).get(AUDIT, {**params, "export": "xlsx"})
    page = response.content.decode()

    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert MSG_EXPORT_INVALID_FILTERS in page
    assert "field-error" in page
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_an_export_with_valid_filters_still_runs(personas, login):
    response = login(personas.audit_admin).get(AUDIT, {"category": "login", "export": "xlsx"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="audit.export").exists()


def test_each_filter_shows_its_help_under_the_id_the_field_is_described_by(personas, login):
    page = login(personas.audit_admin).get(AUDIT, {"category": "bogus"}).content.decode()

    assert "结果中身份证号仍隐去中间位" in page
    assert "如 auth.login；可只写前缀" not in page  # the action is picked by name from a list (audit_actions)
    described = {name for value in re.findall(r'aria-describedby="([^"]+)"', page) for name in value.split()}
    assert {"id_q_helptext", "id_category_error"} <= described
    assert all(f'id="{name}"' in page for name in described)
