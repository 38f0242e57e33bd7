"""The assistance API's filters given a code they do not know, or a region that does not exist or is not the
caller's, answer a Chinese 400 naming the parameter, never an empty list that reads as "nothing there"."""

import pytest

from assistance.models import MeasureType
from assistance.services import measures, plans
from tests.clock import today

pytestmark = pytest.mark.django_db


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def doctor(personas, monitored_a):
    """A 卫健 measure (personas.clerk is 卫健), open."""
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    return measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="family_doctor"),
        member=plan.household.members.get(name="李秀英"),
        starts_on=today(),
        responsible_person="刘医生",
    )


@pytest.mark.parametrize(
    ("role", "url", "params", "named"),
    [
        ("cadre_a", "/api/v1/assistance/claims/", {"status": "zzz"}, "status"),
        ("township", "/api/v1/assistance/measures/", {"category": "zzz"}, "category"),
        ("township", "/api/v1/assistance/measures/", {"department": "zzz"}, "department"),
        ("township", "/api/v1/assistance/measures/", {"region": "zzz"}, "region"),
        ("township", "/api/v1/assistance/measures/", {"village": "999999999999"}, "village"),
        ("township", "/api/v1/assistance/plans/", {"township": "zzz"}, "township"),
        ("township", "/api/v1/assistance/plans/", {"village": "zzz"}, "village"),
        ("clerk", "/api/v1/assistance/department-measures/", {"status": "finished"}, "status"),
    ],
)
def test_an_unknown_code_is_a_400_naming_the_parameter(personas, login, doctor, role, url, params, named):
    response = login(getattr(personas, role)).get(url, params)

    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert named in response.json() and has_chinese(str(response.json()[named]))


def test_a_region_outside_the_callers_scope_is_a_400_like_one_that_does_not_exist(personas, login, county, doctor):
    client = login(personas.cadre_b)

    for url, name in [("/api/v1/assistance/measures/", "region"), ("/api/v1/assistance/measures/", "village")]:
        response = client.get(url, {name: county.village_a.code})
        assert response.status_code == 400 and name in response.json()
    response = login(personas.township).get("/api/v1/assistance/plans/", {"township": county.township2.code})
    assert response.status_code == 400 and "township" in response.json()


def test_the_known_codes_still_filter(personas, login, county, doctor):
    client = login(personas.township)

    by_township = client.get("/api/v1/assistance/plans/", {"township": county.township.code}).json()
    by_department = client.get("/api/v1/assistance/measures/", {"department": doctor.responsible_department}).json()
    by_category = client.get("/api/v1/assistance/measures/", {"category": doctor.measure_type.category.code}).json()
    by_region = client.get("/api/v1/assistance/measures/", {"region": county.village_a.code}).json()
    elsewhere = client.get("/api/v1/assistance/measures/", {"village": county.village_b.code}).json()
    township_village = client.get("/api/v1/assistance/measures/", {"department": "township_village"}).json()

    assert [row["id"] for row in by_township["results"]] == [doctor.plan_id]
    assert [row["id"] for row in by_department["results"]] == [doctor.pk]
    assert [row["id"] for row in by_category["results"]] == [doctor.pk]
    assert [row["id"] for row in by_region["results"]] == [doctor.pk]
    assert elsewhere["count"] == 0 and township_village["count"] == 0


def test_the_clerk_lists_finished_measures_when_asking_for_done(personas, login, doctor):
    client = login(personas.clerk)
    open_before = client.get("/api/v1/assistance/department-measures/").json()
    client.post(f"/api/v1/assistance/department-measures/{doctor.pk}/done/", {"note": "已签约"})

    done = client.get("/api/v1/assistance/department-measures/", {"status": "done"}).json()
    still_open = client.get("/api/v1/assistance/department-measures/", {"status": "open"}).json()

    assert [row["id"] for row in open_before["results"]] == [doctor.pk]
    assert [row["id"] for row in done["results"]] == [doctor.pk]
    assert still_open["count"] == 0
