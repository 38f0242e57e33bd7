"""A publicity of fewer than 5 days is refused on the configuration site, citing the rule: every seed that gives a
publicity a length gives it at least 5 days (000 §三(三)2、4, 003 不少于5天工作日); 1–4 days were accepted."""

import pytest

from tests.workflow.test_procedure_admin import step_data
from workflow.models import Procedure, Step
from workflow.services.procedure_config import MSG_DAYS_TOO_FEW

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("days", ["0", "1", "4"])
def test_a_publicity_shorter_than_5_days_is_refused_citing_the_rule(personas, login, days):
    step = Step.objects.get(procedure__code="yongxiu_identification", code="village_publicity")
    page = login(personas.system_admin).post(
        f"/admin/workflow/step/{step.pk}/change/", step_data(step, days=days, day_type="working")
    )
    assert page.status_code == 200
    assert MSG_DAYS_TOO_FEW in page.content.decode()
    step.refresh_from_db()
    assert step.days == 5


def test_a_new_publicity_step_of_3_days_is_refused_and_5_working_days_saved(personas, login):
    procedure = Procedure.objects.get(code="yongxiu_identification")
    client = login(personas.system_admin)
    data = {"procedure": procedure.pk, "order": "30", "code": "extra_publicity", "name": "补充公示"}
    data |= {"role": "village_cadre", "kind": "publicity", "day_type": "working"}
    refused = client.post("/admin/workflow/step/add/", data | {"days": "3"})
    assert MSG_DAYS_TOO_FEW in refused.content.decode()
    assert not Step.objects.filter(code="extra_publicity").exists()
    assert client.post("/admin/workflow/step/add/", data | {"days": "5"}).status_code == 302
    assert Step.objects.get(code="extra_publicity").days == 5


def test_negative_days_get_the_same_words(personas, login):
    step = Step.objects.get(procedure__code="yongxiu_identification", code="village_publicity")
    page = login(personas.system_admin).post(f"/admin/workflow/step/{step.pk}/change/", step_data(step, days="-3"))
    assert MSG_DAYS_TOO_FEW in page.content.decode() and "大于或等于" not in page.content.decode()
