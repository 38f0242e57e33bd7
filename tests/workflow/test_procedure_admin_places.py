"""The procedure list on the configuration site names each procedure's county (or the province a preset holds as a
placeholder), with the code in brackets, instead of bare division codes (130630, 340000); its day columns are
headed with full-width brackets, as the others are: 办结时限（天）."""

import re

import pytest

from workflow.models import Procedure
from workflow.selectors_procedures import region_name

pytestmark = pytest.mark.django_db


def region_cells(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r'class="field-region_shown">(.*?)</td>', page)]


def test_the_list_names_the_county_or_province_with_its_code(personas, login):
    client = login(personas.system_admin)

    page = client.get("/admin/workflow/procedure/").content.decode()

    cells = set(region_cells(page))
    assert {"永修县（360425）", "涞源县（130630）", "安徽省（340000）"} <= cells
    assert not {"360425", "130630", "340000"} & cells
    assert "办结时限（天）" in page and "办结时限(天)" not in page


def test_a_county_set_up_here_is_named_as_entered_and_an_unknown_code_stays_a_code(county):
    assert region_name("360425") == "永修县（360425）"  # the Region row
    assert region_name("440233") == "新丰县（440233）"  # seed 004's county, not set up here
    assert region_name("44") == "广东省（44）"
    assert region_name("130631") == "130631"


def test_the_model_header_has_full_width_brackets():
    assert Procedure._meta.get_field("limit_days").verbose_name == "办结时限（天）"
