"""The green channel (绿色通道) is offered only to a household the service would take: not to one already monitored
(已是监测对象) nor to one with a case of the kind open. The household page and the form page say why instead, in
the service's words, and the service still refuses (review finding: the error came only after submitting)."""

import pytest

from config.errors import ApplicationError
from tests.workflow.batch_helpers import open_case
from tests.workflow.test_green_channel import household_visited, open_green
from workflow.choices import CaseKind
from workflow.models import Procedure
from workflow.selectors import household_in_green_channel
from workflow.services.case_opening import MSG_IDENT_MONITORED
from workflow.services.cases import MSG_OPEN_EXISTS
from workflow.services.green_channel import green_channel_refusal

pytestmark = pytest.mark.django_db

OPEN_IDENTIFICATION = MSG_OPEN_EXISTS.format(kind=CaseKind.IDENTIFICATION.label)


@pytest.fixture(autouse=True)
def channel_configured(db):
    """The refusals here are the household's: its county's procedure has the channel (Procedure.green_channel),
    which the test county's Yongxiu procedure has not of its own (seed 000; test_green_channel_configured.py)."""
    Procedure.objects.filter(code="yongxiu_identification").update(green_channel=True)


def green_link(household) -> str:
    return f'href="/workflow/households/{household.pk}/cases/green/"'


def pages(client, household) -> tuple[str, str]:
    panel = client.get(f"/households/{household.pk}/?tab=cases").content.decode()
    form = client.get(f"/workflow/households/{household.pk}/cases/green/").content.decode()
    return panel, form


def test_a_monitored_household_is_not_offered_the_green_channel(personas, login, monitored_a):
    household_visited(monitored_a, personas.cadre_a)

    panel, form = pages(login(personas.township), monitored_a)

    assert green_link(monitored_a) not in panel and MSG_IDENT_MONITORED in panel
    assert "green_channel_reason" not in form and MSG_IDENT_MONITORED in form
    assert green_channel_refusal(monitored_a) == MSG_IDENT_MONITORED
    with pytest.raises(ApplicationError, match=MSG_IDENT_MONITORED):
        open_green(personas.township, monitored_a)


def test_a_household_with_an_open_case_is_not_offered_the_green_channel(personas, login, household_a):
    open_case(personas.cadre_a, household_a)
    household_visited(household_a, personas.cadre_a)

    panel, form = pages(login(personas.county_officer), household_a)

    assert green_link(household_a) not in panel and OPEN_IDENTIFICATION in panel
    assert "green_channel_reason" not in form and OPEN_IDENTIFICATION in form
    with pytest.raises(ApplicationError, match=OPEN_IDENTIFICATION[:12]):
        open_green(personas.county_officer, household_a)


def test_a_posted_form_for_such_a_household_opens_nothing_and_says_why(personas, login, monitored_a):
    household_visited(monitored_a, personas.cadre_a)

    response = login(personas.township).post(
        f"/workflow/households/{monitored_a.pk}/cases/green/",
        {
            "green_channel_cause": "disaster",
            "green_channel_reason": "暴雨房屋倒塌",
            "green_channel_village_study": "村两委研究同意",
            "channel": "cadre_visit",
            "risk_types": ["disaster_loss"],
            "category": "sudden_hardship",
        },
    )

    assert response.status_code == 200 and MSG_IDENT_MONITORED in response.content.decode()
    assert not household_in_green_channel(monitored_a)


def test_a_household_the_service_would_take_is_offered_it_and_the_village_is_not(personas, login, household_a):
    panel, form = pages(login(personas.township), household_a)
    assert green_link(household_a) in panel and "green_channel_reason" in form
    assert green_channel_refusal(household_a) == ""

    cadre_panel = login(personas.cadre_a).get(f"/households/{household_a.pk}/?tab=cases").content.decode()
    assert green_link(household_a) not in cadre_panel and MSG_IDENT_MONITORED not in cadre_panel
