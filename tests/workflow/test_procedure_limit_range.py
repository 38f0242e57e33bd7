"""A procedure's 办结时限 is 1–60 days (Laiyuan's 15, 001) or none: 0 was accepted, making every case overdue the
day it opened."""

import pytest

from tests.workflow.test_procedure_admin import procedure_data
from workflow.models import Procedure
from workflow.services.procedure_config import MSG_LIMIT_DAYS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("limit", ["-3", "0", "61"])
def test_a_limit_out_of_1_to_60_days_is_refused(personas, login, limit):
    procedure = Procedure.objects.get(code="laiyuan_identification")
    page = login(personas.system_admin).post(
        f"/admin/workflow/procedure/{procedure.pk}/change/", procedure_data(procedure, limit_days=limit)
    )
    assert page.status_code == 200
    assert MSG_LIMIT_DAYS in page.content.decode()
    procedure.refresh_from_db()
    assert procedure.limit_days == 15


def with_steps(procedure, data):
    """The read-only step inline's management form, which a save of the procedure posts too."""
    steps = list(procedure.steps.order_by("order"))
    data |= {"steps-TOTAL_FORMS": len(steps), "steps-INITIAL_FORMS": len(steps), "steps-MIN_NUM_FORMS": 0}
    data |= {f"steps-{i}-id": step.pk for i, step in enumerate(steps)}
    return data | {f"steps-{i}-procedure": procedure.pk for i in range(len(steps))}


def test_a_limit_in_range_or_none_is_saved(personas, login):
    procedure = Procedure.objects.get(code="laiyuan_identification")
    client = login(personas.system_admin)
    url = f"/admin/workflow/procedure/{procedure.pk}/change/"
    for limit, saved in (("60", 60), ("1", 1), ("", None)):
        assert client.post(url, with_steps(procedure, procedure_data(procedure, limit_days=limit))).status_code == 302
        procedure.refresh_from_db()
        assert procedure.limit_days == saved
