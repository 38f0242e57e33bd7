"""A measure code or a choice the assistance API does not know is refused naming what it is and what is taken: DRF's
"属性 code 为 x 的对象不存在。" and "“x” 不是合法选项。" named neither (config.api_fields)."""

import pytest

from assistance.choices import TOWNSHIP_VILLAGE_LABEL
from assistance.models import MeasureType, PlanMeasure
from tests.assistance.test_api_amounts import measure_body, plan  # noqa: F401  the plan fixture

pytestmark = pytest.mark.django_db


def test_an_unknown_measure_code_names_the_codes_and_where_they_are_listed(personas, login, plan):  # noqa: F811
    body = {**measure_body(plan, "100"), "measure_code": "x"}

    response = login(personas.township).post("/api/v1/assistance/measures/", body, content_type="application/json")

    assert response.status_code == 400
    message = response.json()["measure_code"][0]
    assert message.startswith("未知的帮扶措施代码“x”，可选：")
    assert "housing_renovation" in message and "/suggestions/" in message
    assert MeasureType.objects.count() > 1 and not PlanMeasure.objects.exists()


def test_an_unknown_responsible_department_lists_the_departments(personas, login, plan):  # noqa: F811
    body = {**measure_body(plan, "100"), "responsible_department": "nowhere"}

    response = login(personas.township).post("/api/v1/assistance/measures/", body, content_type="application/json")

    assert response.status_code == 400
    message = response.json()["responsible_department"][0]
    assert message.startswith("“nowhere”不是可用的取值，可选：") and f"（{TOWNSHIP_VILLAGE_LABEL}）" in message
