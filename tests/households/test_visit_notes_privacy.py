"""A visit's notes (走访情况) are read as the fields around them (DOMAIN.md "Privacy"; households.privacy): before, an
official or the approver read a self-application's 入户核实 notes, and any visit's, in full on the visits tab and in
the API (the wife's cancer, the son's phone and ID number) while the household's own phone beside them was masked;
only an alert's verification was hidden."""

import datetime as dt

import pytest
from django.utils import timezone

from households import privacy
from households.choices import VisitKind
from households.idnumber import mask
from households.privacy import MSG_ALERT_VISIT_NOTES, MSG_VISIT_NOTES_HIDDEN
from households.services.visits import visit_record
from tests.households.conftest import make_id

pytestmark = pytest.mark.django_db

SON_ID = make_id(dt.date(1992, 12, 13), 1)
SON_PHONE = "13698765432"
APPLICATION_NOTES = f"自主申报入户核实：妻子乳腺癌晚期化疗中，儿子电话{SON_PHONE}，身份证{SON_ID}"
MONTHLY_NOTES = f"户主腰椎间盘突出，暂不能务工；女儿电话{SON_PHONE}"
SECRETS = ("乳腺癌", "腰椎", SON_PHONE, SON_ID)
FINDINGS = dict.fromkeys(("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok"), True)


@pytest.fixture
def visited(household_a, personas):
    """A self-application's verification (as to_case and decline record it) and a monthly visit, both quoting an
    illness, a phone and an ID number."""
    today = timezone.localdate()
    visit_record(
        actor=personas.cadre_a,
        household=household_a,
        visited_on=today,
        kind=VisitKind.APPLICATION,
        notes=APPLICATION_NOTES,
    )
    visit_record(
        actor=personas.cadre_a,
        household=household_a,
        visited_on=today - dt.timedelta(days=1),
        kind=VisitKind.MONTHLY,
        findings=FINDINGS,
        notes=MONTHLY_NOTES,
    )
    return household_a


def _page(client, household) -> str:
    return client.get(f"/households/{household.pk}/", {"tab": "visits"}).content.decode()


def _api_notes(client, household) -> list[str]:
    answer = client.get("/api/v1/visits/", {"household": household.pk})
    assert answer.status_code == 200, answer.content.decode()
    return [row["notes"] for row in answer.json()["results"]]


@pytest.mark.parametrize("role", ["official", "approver"])
def test_a_read_only_role_reads_no_visits_notes_on_the_page_or_in_the_api(personas, login, visited, role):
    client = login(getattr(personas, role))

    page = _page(client, visited)
    notes = _api_notes(client, visited)

    assert [secret for secret in SECRETS if secret in page or secret in str(notes)] == []
    assert notes == [MSG_VISIT_NOTES_HIDDEN, MSG_VISIT_NOTES_HIDDEN]
    assert page.count(MSG_VISIT_NOTES_HIDDEN) == 2
    assert "申报核实" in page and "月度走访" in page


def test_those_who_keep_the_registry_read_the_notes_as_written(personas, login, visited):
    for user in (personas.cadre_a, personas.township, personas.county_officer):
        client = login(user)

        page = _page(client, visited)

        assert sorted(_api_notes(client, visited)) == sorted([APPLICATION_NOTES, MONTHLY_NOTES])
        assert APPLICATION_NOTES in page and MSG_VISIT_NOTES_HIDDEN not in page


def test_a_role_that_reads_health_with_numbers_masked_reads_the_notes_masked(personas, login, visited, monkeypatch):
    """No role reads health but not numbers today (sees_health is sees_personal_numbers): were one to, it would read
    the illness and every ID number and mobile number in the notes masked, as the household's own phone is."""
    monkeypatch.setattr(privacy, "sees_health", lambda user: True)
    client = login(personas.official)

    page = _page(client, visited)
    notes = _api_notes(client, visited)

    masked = f"自主申报入户核实：妻子乳腺癌晚期化疗中，儿子电话136****5432，身份证{mask(SON_ID)}"
    assert masked in notes and masked in page
    assert SON_PHONE not in page + str(notes) and SON_ID not in page + str(notes)


def test_an_alert_verification_keeps_its_own_words_and_empty_notes_stay_empty(personas):
    official = personas.official

    assert privacy.shown_visit_notes(official, VisitKind.ALERT, "白血病") == MSG_ALERT_VISIT_NOTES
    assert privacy.shown_visit_notes(official, VisitKind.MONTHLY, "") == ""
    assert privacy.shown_visit_notes(personas.cadre_a, VisitKind.ALERT, "白血病") == "白血病"
