"""A member outside basic medical insurance whose household records 基本医疗无保障 is consistently recorded: not a
逻辑错误 (nor counted in the home page's 数据逻辑问题), but a 需核实 item saying he should be brought into the
subsidised insurance."""

import datetime as dt

import pytest

from households.choices import HouseholdType
from households.data_checks import BY_CODE, ERROR, REVIEW, check_findings, error_count, kind_totals, years_before
from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db


def found(actor, code: str) -> set[str]:
    return {m.name for m in check_findings(actor=actor, check=BY_CODE[code], today=today())}


@pytest.fixture
def uninsured(county):
    household = HouseholdFactory(village=county.village_a, head_name="脱贫甲", household_type=HouseholdType.LIFTED_OUT)
    MemberFactory(
        household=household, name="脱贫甲", birth_date=years_before(today(), 45) - dt.timedelta(days=30),
        medical_insurance=False,
    )  # fmt: skip
    return household


def test_an_uninsured_member_of_a_household_recorded_as_insured_is_a_logic_error(uninsured, personas):
    assert found(personas.cadre_a, "uninsured") == {"脱贫甲"}
    assert found(personas.cadre_a, "uninsured_aid") == set()
    assert "将户的“基本医疗有保障”改为“否”" in BY_CODE["uninsured"].fix


def test_once_the_household_records_no_medical_cover_the_member_is_a_follow_up_not_an_error(uninsured, personas, login):
    before = error_count(actor=personas.cadre_a, today=today())
    uninsured.medical_ok = False
    uninsured.save()

    assert found(personas.cadre_a, "uninsured") == set()
    assert found(personas.cadre_a, "uninsured_aid") == {"脱贫甲"}
    assert error_count(actor=personas.cadre_a, today=today()) == before - 1
    assert kind_totals(actor=personas.cadre_a, today=today())[REVIEW] >= 1
    check = BY_CODE["uninsured_aid"]
    assert check.kind == REVIEW and check.kind != ERROR and check.kind_label == "需核实"
    page = login(personas.cadre_a).get("/households/checks/uninsured_aid/").content.decode()
    assert "脱贫甲" in page and "应纳入参保资助" in page and "户已记载基本医疗无保障" in page
    errors = login(personas.cadre_a).get("/households/checks/uninsured/").content.decode()
    assert "脱贫甲" not in errors
