"""The configuration site's lists lead with what the county calls a thing, linked, not its English code
(EDUCATION_UNSECURED, industry, yongxiu_identification, village_review), and its header greets in Chinese
punctuation."""

import re

import pytest

from assistance.models import MeasureCategory
from screening.models import ScreeningRule
from workflow.models import Procedure

pytestmark = pytest.mark.django_db


def first_column(page: str) -> list[str]:
    """The linked first cell of each row of a changelist."""
    return re.findall(r'<th class="field-name"><a href="[^"]+">([^<]+)</a></th>', page)


def test_the_screening_rule_list_links_each_rules_name_and_shows_no_code(personas, login):
    page = login(personas.system_admin).get("/admin/screening/screeningrule/").content.decode()

    rule = ScreeningRule.objects.get(code="EDUCATION_UNSECURED")
    assert rule.name in first_column(page)
    assert "EDUCATION_UNSECURED" not in page and "规则代码" not in page


def test_a_rule_is_still_found_by_its_code(personas, login):
    page = login(personas.system_admin).get("/admin/screening/screeningrule/?q=EDUCATION_UNSECURED").content.decode()

    assert first_column(page) == [ScreeningRule.objects.get(code="EDUCATION_UNSECURED").name]


def test_the_category_and_procedure_lists_show_names_not_codes(personas, login):
    client = login(personas.system_admin)

    categories = client.get("/admin/assistance/measurecategory/").content.decode()
    procedures = client.get("/admin/workflow/procedure/").content.decode()

    assert "产业帮扶" in first_column(categories)
    assert not [c.code for c in MeasureCategory.objects.all() if f">{c.code}<" in categories]
    assert "永修县监测对象识别程序" in first_column(procedures)
    assert not [p.code for p in Procedure.objects.all() if f">{p.code}<" in procedures]


def test_a_procedures_steps_are_listed_by_name_without_their_codes(personas, login):
    procedure = Procedure.objects.get(code="yongxiu_identification")

    page = login(personas.system_admin).get(f"/admin/workflow/procedure/{procedure.pk}/change/").content.decode()

    step = procedure.steps.get(code="village_review")
    assert step.name in page and ">village_review<" not in page


def test_the_header_greets_in_chinese_punctuation(personas, login):
    page = login(personas.system_admin).get("/admin/").content.decode()

    name = personas.system_admin.get_short_name()
    assert f"欢迎，<strong>{name}</strong>。" in page
    assert f"<strong>{name}</strong>." not in page


def test_the_department_filters_offer_only_departments_that_have_a_row(personas, login):
    client = login(personas.system_admin)

    feed_types = client.get("/admin/alerts/feedtype/").content.decode()
    measures = client.get("/admin/assistance/measuretype/").content.decode()
    users = client.get("/admin/accounts/user/").content.decode()

    assert "?department__exact=health" in feed_types and "?department__exact=development_reform" not in feed_types
    assert "default_department__exact=development_reform" in measures
    assert "default_department__exact=finance" not in measures
    assert "department__exact=health" in users and "department__exact=forestry" not in users
