"""The plan page names the risk types of a household not monitored now as the household page does (risks_heading):
登记的风险类型（未纳入监测） for one never monitored, 原风险（…） for one that was, not 原风险类型 for all."""

import pytest

from households.choices import RiskType
from households.models import Household
from households.services.common import record_event

pytestmark = pytest.mark.django_db


def risks_term(page: str) -> str:
    return page.split("<dt data-former-risks>")[1].split("</dt>")[0]


def test_a_never_monitored_household_s_plan_page_shows_registered_risk_types(household_a, personas, login):
    Household.objects.filter(pk=household_a.pk).update(risk_types=[RiskType.UNSAFE_HOUSING])

    page = login(personas.township).get(f"/assistance/households/{household_a.pk}/").content.decode()

    assert risks_term(page) == "登记的风险类型（未纳入监测）"
    assert "原风险" not in page and "唯一住房存在安全问题" in page


def test_a_household_monitored_before_keeps_former_risks_on_its_plan_page(household_a, personas, login):
    Household.objects.filter(pk=household_a.pk).update(risk_types=[RiskType.UNSAFE_HOUSING])
    change = {"field": "monitoring_category", "label": "监测对象类别", "old": "边缘易致贫户", "new": ""}
    record_event(
        actor=personas.county_officer, household=household_a, summary="撤销纳入监测", action="test", changes=[change]
    )

    page = login(personas.township).get(f"/assistance/households/{household_a.pk}/").content.decode()

    assert risks_term(page) == "原风险（已不是监测对象）"
