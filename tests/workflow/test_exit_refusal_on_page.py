"""An open exit whose household may not be marked 风险消除 (a failed 两不愁三保障 finding, workflow.services.exit_rules)
says so at the top of its page, and its township audit and county approval offer no 通过 (不通过 and 退回 stay),
rather than refusing the approver after the 通过, the 文号 and the confirmation."""

import re

import pytest

from households.models import Household
from tests.workflow.test_exit_rules import at
from workflow.exit_checks import MSG_GUARANTEES

pytestmark = pytest.mark.django_db


def outcomes(page: str) -> list[str]:
    return re.findall(r'name="[a-z_]+-outcome"[^>]*value="([a-z]+)"|value="([a-z]+)"[^>]*name="[a-z_]+-outcome"', page)


def offered(page: str) -> set[str]:
    return {a or b for a, b in outcomes(page)}


@pytest.mark.parametrize(("step_code", "persona"), [("county_approval", "approver"), ("township_audit", "township")])
def test_a_failed_guarantee_is_said_up_front_and_pass_is_not_offered(personas, login, monitored_a, step_code, persona):
    case = at(personas, monitored_a, step_code)
    client = login(getattr(personas, persona))
    assert "pass" in offered(client.get(f"/workflow/cases/{case.pk}/").content.decode())

    Household.objects.filter(pk=monitored_a.pk).update(housing_ok=False)

    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    message = MSG_GUARANTEES.format(failed="住房安全无保障")
    top = page.split("data-exit-refusal", 1)[1].split("</p>", 1)[0]
    assert "暂不能标注风险消除" in top and message in top
    assert page.index("data-exit-refusal") < page.index(f'id="act-{step_code}"')
    assert "pass" not in offered(page)
    assert "reject" in offered(page) and "return" in offered(page)
    assert "本环节暂不提供“通过”" in page
