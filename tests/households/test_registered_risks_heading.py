"""The risk types ticked on a household that is not monitored: 登记的风险类型（未纳入监测） when it never was a
监测对象, 原风险（已不是监测对象） when it was (an inclusion revoked, say), 原风险（date 已风险消除） after 风险消除."""

import pytest

from households.choices import RiskType
from households.models import Household
from households.services.common import record_event
from tests.clock import today

pytestmark = pytest.mark.django_db


def risks_line(page: str) -> str:
    return page.split("data-former-risks>")[1].split("</span>")[0]


def test_a_never_monitored_household_shows_its_registered_risk_types(household_a, personas, login):
    Household.objects.filter(pk=household_a.pk).update(risk_types=[RiskType.UNSAFE_HOUSING])

    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/").content.decode()

    assert risks_line(page) == "登记的风险类型（未纳入监测）：唯一住房存在安全问题"
    assert "原风险" not in page


def test_a_household_monitored_before_keeps_the_words_former_risks(household_a, personas, login):
    Household.objects.filter(pk=household_a.pk).update(risk_types=[RiskType.UNSAFE_HOUSING])
    change = {"field": "monitoring_category", "label": "监测对象类别", "old": "边缘易致贫户", "new": ""}
    record_event(
        actor=personas.county_officer, household=household_a, summary="撤销纳入监测", action="test", changes=[change]
    )
    client = login(personas.cadre_a)

    revoked = client.get(f"/households/{household_a.pk}/").content.decode()
    Household.objects.filter(pk=household_a.pk).update(risk_eliminated_on=today())
    eliminated = client.get(f"/households/{household_a.pk}/").content.decode()

    assert risks_line(revoked) == "原风险（已不是监测对象）：唯一住房存在安全问题"
    assert risks_line(eliminated) == f"原风险（{today():%Y-%m-%d} 已风险消除）：唯一住房存在安全问题"
