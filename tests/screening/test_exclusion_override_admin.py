"""The county's 不予排除 decisions (screening.ExclusionOverride) on the configuration site: listed read-only with the
household, who decided, when, why and the facts overruled, to whoever may see that household; never added, changed or
deleted there; and not shown to the system admin, who sees no household (PIPL: need to know)."""

import pytest

from screening.choices import ExclusionKind, RunKind
from screening.models import ExclusionOverride, ScreeningResult
from screening.services import results
from screening.services.runs import screening_run
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
REASON = "车辆为农用三轮车"
LIST_URL = "/admin/screening/exclusionoverride/"


@pytest.fixture
def decision(line, make_household, personas):
    household = make_household("5000")
    results.exclusion_add(actor=personas.cadre_a, household=household, kind=ExclusionKind.CAR, note="2023年购轿车")
    screening_run(kind=RunKind.NIGHTLY)
    result = ScreeningResult.objects.get(household=household)
    results.result_override_exclusion(actor=personas.county_officer, result=result, justification=REASON)
    return ExclusionOverride.objects.get(household=household)


@pytest.fixture
def developer(client, county):
    client.force_login(UserFactory(username="dev", is_superuser=True, is_staff=True, region_path=county.county.path))
    return client


def test_the_page_lists_a_decision_with_the_facts_it_overruled(decision, developer, personas):
    page = developer.get(LIST_URL).content.decode()

    assert REASON in page and decision.household.head_name in page
    assert "家中有消费型轿车（整户）" in page and str(personas.county_officer) in page
    view = developer.get(f"{LIST_URL}{decision.pk}/change/")
    assert view.status_code == 200 and REASON in view.content.decode()
    assert 'name="_save"' not in view.content.decode()


def test_the_page_refuses_to_add_change_or_delete_a_decision(decision, developer):
    change = developer.post(f"{LIST_URL}{decision.pk}/change/", {"reason": "改过的理由"})
    add = developer.post(f"{LIST_URL}add/", {"reason": "新的理由"})
    delete = developer.post(f"{LIST_URL}{decision.pk}/delete/", {"post": "yes"})

    assert (change.status_code, add.status_code, delete.status_code) == (403, 403, 403)
    decision.refresh_from_db()
    assert decision.reason == REASON and ExclusionOverride.objects.count() == 1


def test_the_system_admin_sees_no_decision(decision, login, personas):
    client = login(personas.system_admin)

    assert client.get(LIST_URL).status_code == 403
    assert "不予排除决定" not in client.get("/admin/").content.decode()
