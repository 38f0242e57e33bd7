"""我的任务: its step filter offers only the steps of the procedures that run in the user's county, and a case back
in the list because of an objection says so (review township finding 9)."""

import re

import pytest

from tests.clock import today
from tests.workflow.batch_helpers import open_case
from tests.workflow.helpers import case_act
from workflow.choices import Outcome
from workflow.services.objections import objection_add, objection_resolve
from workflow.services.publicity import publicity_posted_record

pytestmark = pytest.mark.django_db


def step_options(page: str) -> list[str]:
    select = re.search(r'<select name="step"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    return re.findall(r"<option value=\"([^\"]*)\"", select.group(1))


def test_the_step_filter_offers_only_the_county_s_own_procedure_steps(personas, login):
    page = login(personas.township).get("/workflow/").content.decode()

    options = step_options(page)
    assert "乡镇审核" in options and "乡镇审核后再次公示" in options
    assert "乡党委政府审核" not in options  # Anhui 桃沟
    assert "乡镇核查初审" not in options  # Hebei 涞源
    cadre = step_options(login(personas.cadre_a).get("/workflow/").content.decode())
    assert "村级评议" in cadre and "村级公示" in cadre
    assert "村民小组评议" not in cadre and "入户核查核实" not in cadre


def test_a_case_with_an_objection_to_verify_says_so_in_the_list(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a)
    case = case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=today())
    client = login(personas.cadre_a)
    assert "张大山" not in client.get("/workflow/").content.decode().split("公示中")[0]  # publicity running

    objection = objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", raised_by_name="李四", content="家有轿车"
    )

    listed = client.get("/workflow/").content.decode().split("公示中")[0]
    assert "张大山" in listed and "异议待核实" in listed

    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=True, resolution="经核实属实")
    upheld = client.get("/workflow/").content.decode().split("公示中")[0]
    assert "张大山" in upheld and "异议待核实" not in upheld and "异议成立" in upheld
