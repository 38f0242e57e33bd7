"""修改未落实帮扶措施的原因 through the API: PATCH /api/v1/cases/{id}/no-measure-reason/ changes the reason on file
as the case page does (workflow.api_exit_reason), and refuses it once the county approved the exit (409)."""

import pytest

from tests.workflow.test_exit_reason_changed import CHANGED, FIRST, SECOND, approved, exit_with_reason
from workflow.models import Case, CaseEvent
from workflow.services.exit_reason import MSG_CHANGE_APPROVED
from workflow.services.exit_rules import MSG_NO_MEASURE_REASON_SHORT

pytestmark = pytest.mark.django_db


def test_the_api_changes_the_reason_as_the_page_does(personas, login, monitored_a):
    case = exit_with_reason(personas, monitored_a, "township_audit")
    url = f"/api/v1/cases/{case.pk}/no-measure-reason/"
    township = login(personas.township)
    version = township.get(f"/api/v1/cases/{case.pk}/").json()["version"]

    assert (
        login(personas.cadre_a).patch(url, {"no_measure_reason": SECOND}, content_type="application/json").status_code
        == 403
    )
    short = township.patch(url, {"no_measure_reason": "消除"}, content_type="application/json")
    assert short.status_code == 400 and short.json()["no_measure_reason"] == [MSG_NO_MEASURE_REASON_SHORT]
    done = township.patch(url, {"no_measure_reason": SECOND, "version": version}, content_type="application/json")
    assert done.status_code == 200 and done.json()["no_measure_reason"] == SECOND
    stale = township.patch(url, {"no_measure_reason": FIRST, "version": version}, content_type="application/json")
    assert stale.status_code == 409
    assert CaseEvent.objects.get(case=case, action="no_measure_reason_change").summary == CHANGED


def test_the_api_refuses_the_change_after_the_approval(personas, login, monitored_a):
    case = approved(personas, exit_with_reason(personas, monitored_a))

    response = login(personas.township).patch(
        f"/api/v1/cases/{case.pk}/no-measure-reason/", {"no_measure_reason": SECOND}, content_type="application/json"
    )

    assert response.status_code == 409 and MSG_CHANGE_APPROVED in response.content.decode()
    assert Case.objects.get(pk=case.pk).no_measure_reason == FIRST
