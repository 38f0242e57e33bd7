"""Review finding (exit side 3): an exit's case page flagged 未在档 尚未登记附扫描件的授权书 under 来源与材料 although
the case API says consent_missing false for it, and the exit procedure asks for no consent (it queries no assets).
The page now follows the API's rule (workflow.selectors_consent): only an open inclusion or re-mark is flagged."""

import pytest

from tests.workflow.batch_helpers import open_case
from tests.workflow.test_exit_rules import at

pytestmark = pytest.mark.django_db


def consent_line(page: str) -> str:
    return page.split("data-case-sources")[1].split("data-source-consent>")[1].split("</p>")[0]


def test_an_exits_page_does_not_flag_a_missing_consent_as_its_api_does_not(personas, login, monitored_a):
    case = at(personas, monitored_a, "village_review")
    client = login(personas.cadre_a)

    line = consent_line(client.get(f"/workflow/cases/{case.pk}/").content.decode())

    assert client.get(f"/api/v1/cases/{case.pk}/").json()["consent_missing"] is False
    assert "未在档" not in line and "badge" not in line
    assert "风险消除不比对家庭资产，不需要授权书。" in line


def test_an_open_inclusions_page_still_flags_it_as_its_api_does(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a)
    client = login(personas.cadre_a)

    line = consent_line(client.get(f"/workflow/cases/{case.pk}/").content.decode())

    assert client.get(f"/api/v1/cases/{case.pk}/").json()["consent_missing"] is True
    assert '<span class="badge badge-warn">未在档</span> 尚未登记附扫描件的授权书。' in line
