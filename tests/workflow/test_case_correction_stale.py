"""Two village users correcting the same returned case at once (services.case_correction): the later one does not
silently overwrite the earlier. The page posts the values it showed (config.stale) and is shown again naming the
field corrected meanwhile, with its value now; an API client that sends the version it read gets a 409."""

import re

import pytest

from accounts.choices import Role
from households.choices import MonitoringCategory
from tests.factories import UserFactory
from tests.workflow.helpers import case_act
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.choices import Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(county):
    return UserFactory(
        username="team_a", role=Role.WORK_TEAM, region_path=county.village_a.path, region_name=county.village_a.name
    )


def _returned(personas, household):
    case = open_case(personas, household)  # 大病重病 / 突发严重困难户
    walk_to(personas, case, "township_audit")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note="请核实")
    return case


def _seen(page: str) -> str:
    return re.search(r'name="seen_values" value="([^"]+)"', page).group(1)


def test_the_page_refuses_a_field_corrected_meanwhile_and_names_it(personas, login, team, household_a):
    case = _returned(personas, household_a)
    url = f"/workflow/cases/{case.pk}/correct/"
    cadre, other = login(personas.cadre_a), login(team)
    cadre_seen, team_seen = _seen(cadre.get(url).content.decode()), _seen(other.get(url).content.decode())
    shown = {"national_risk_types": ["illness"], "category": "sudden_hardship"}

    first = cadre.post(url, {**shown, "risk_types": ["unemployment"], "seen_values": cadre_seen})
    assert first.status_code == 302
    # The work team's page still shows 大病重病…; it ticks another risk type.
    late = other.post(url, {**shown, "risk_types": ["school_dropout"], "seen_values": team_seen})

    assert late.status_code == 200
    page = late.content.decode()
    assert "您打开页面后，他人已修改了：风险类型（现为 主要劳动力失岗6个月以上）" in page
    case.refresh_from_db()
    assert case.risk_types == ["unemployment"]
    assert case.events.filter(action="case_correct").count() == 1

    # Submitted again after checking, from the page as re-shown: the work team's choice is taken.
    again = other.post(url, {**shown, "risk_types": ["school_dropout"], "seen_values": _seen(page)})
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.risk_types == ["school_dropout"] and case.national_risk_types == ["education"]


def test_the_page_writes_only_what_this_user_changed(personas, login, team, household_a):
    case = _returned(personas, household_a)
    url = f"/workflow/cases/{case.pk}/correct/"
    cadre, other = login(personas.cadre_a), login(team)
    cadre_seen, team_seen = _seen(cadre.get(url).content.decode()), _seen(other.get(url).content.decode())

    cadre.post(
        url,
        {
            "risk_types": ["medical_cost"],
            "national_risk_types": ["illness"],
            "category": "unstable",
            "seen_values": cadre_seen,
        },
    )
    # The work team corrects the risk types on a page that still shows the old category: the cadre's stays.
    response = other.post(
        url,
        {"risk_types": ["unemployment"], "category": "sudden_hardship", "seen_values": team_seen},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.risk_types == ["unemployment"] and case.national_risk_types == ["unstable_employment"]
    assert case.category == MonitoringCategory.UNSTABLE_LIFTED_OUT


def test_the_api_refuses_a_correction_from_a_stale_version(personas, login, team, household_a):
    case = _returned(personas, household_a)
    cadre, other = login(personas.cadre_a), login(team)
    version = cadre.get(f"/api/v1/cases/{case.pk}/").json()["version"]
    url = f"/api/v1/cases/{case.pk}/correct/"

    first = cadre.post(url, {"category": "unstable", "version": version}, content_type="application/json")
    assert first.status_code == 200, first.content.decode()
    late = other.post(url, {"category": "sudden_hardship", "version": version}, content_type="application/json")

    assert late.status_code == 409
    assert "案件有新的办理记录" in late.json()["detail"]
    case.refresh_from_db()
    assert case.category == MonitoringCategory.UNSTABLE_LIFTED_OUT
    fresh = other.get(f"/api/v1/cases/{case.pk}/").json()["version"]
    again = other.post(url, {"category": "sudden_hardship", "version": fresh}, content_type="application/json")
    assert again.status_code == 200, again.content.decode()
