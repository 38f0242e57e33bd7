"""发起识别/退出 on a household whose case is in hand (its page says 纳入办理中) says so above the form, with the way to
that case, instead of an empty form and no word (review cadre-on-phone finding); submitting it anyway is refused by
the service (services.cases.case_open), which the line only warns ahead of."""

import pytest

from tests.clock import today
from tests.workflow.steps_helpers import open_case
from workflow.models import Case
from workflow.selectors_openings import open_case_notice
from workflow.services.case_opening import MSG_OPEN_EXISTS

pytestmark = pytest.mark.django_db


def url(household):
    return f"/workflow/households/{household.pk}/cases/new/"


def test_the_form_names_the_open_case_and_links_to_it(personas, login, household_a):
    client = login(personas.cadre_a)
    assert "data-open-case" not in client.get(url(household_a)).content.decode()
    assert open_case_notice(household=household_a) is None

    case = open_case(personas, household_a)
    page = client.get(url(household_a)).content.decode()

    label, link = open_case_notice(household=household_a)
    assert label.startswith("该户已有办理中的纳入案件（") and link == f"/workflow/cases/{case.pk}/"
    assert "data-open-case" in page and label in page and f'href="{link}"' in page
    assert page.index("data-open-case") < page.index('<form method="post" novalidate')

    body = {"kind": "identification", "channel": "cadre_visit", "risk_types": ["medical_cost"]}
    response = client.post(url(household_a), body | {"category": "sudden_hardship", "discovered_on": f"{today()}"})
    assert response.status_code == 200 and Case.objects.filter(household=household_a).count() == 1
    assert MSG_OPEN_EXISTS.format(kind="纳入") in response.content.decode()
