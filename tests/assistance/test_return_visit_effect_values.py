"""A return visit's 帮扶成效 on the API is refused naming the values taken whether it is wrong (config.api_fields),
left out or null: left out it read 该字段是必填项。, which names neither the field's meaning nor its codes."""

import pytest

from assistance.api_count_visit import MSG_EFFECT_MISSING
from assistance.models import ReturnVisit
from tests.assistance.test_return_visit_api_reads import plan, url  # noqa: F401  the plan fixture
from tests.clock import today

pytestmark = pytest.mark.django_db
VALUES = "good（成效明显）、fair（有一定成效）、poor（成效不明显）"


@pytest.mark.parametrize("path", ["", "from-visit/"])
@pytest.mark.parametrize("effect", ["missing", None, "bad"])
def test_each_refusal_of_the_effect_lists_the_values(personas, login, plan, path, effect):  # noqa: F811
    # Each endpoint's own fields: an unknown one would be refused before the effect (config.api_body).
    body = {"visit": 0} if path else {"visited_on": today().isoformat()}
    body["effect"] = effect
    if effect == "missing":
        del body["effect"]

    response = login(personas.cadre_a).post(url(plan) + path, body, content_type="application/json")

    assert response.status_code == 400
    assert VALUES in response.json()["effect"][0]
    assert f"请选择帮扶成效，可选：{VALUES}。" == MSG_EFFECT_MISSING
    assert not ReturnVisit.objects.exists()
