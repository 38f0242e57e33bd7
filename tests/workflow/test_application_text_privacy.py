"""An application's free text is read as the fields above it (DOMAIN.md "Privacy"; workflow.application_privacy):
before, a read-only role (an official, the approver) read the ID number, the phone and the illness a farmer wrote
into 困难情况 (and the village into its visit notes, review and reason) in full, on the page and in the API, while the
ID number and phone fields above were masked."""

import datetime as dt

import pytest

from households import idnumber
from tests.workflow.applications_helpers import STRANGER_ID
from tests.workflow.test_applications_village import apply, decline
from workflow import application_privacy
from workflow.application_privacy import TEXT_HIDDEN
from workflow.services import application_invalid as invalid
from workflow.services import application_public as public

pytestmark = pytest.mark.django_db

WIFE_ID = idnumber.make("360425", dt.date(1962, 3, 4), 2)
SON_PHONE = "13912345678"
SITUATION = f"妻子患乳腺癌化疗，她身份证{WIFE_ID}，联系我儿子{SON_PHONE}"
SUPPLEMENT = f"补充：化疗第二疗程，儿子电话{SON_PHONE}。"
VISIT_NOTES = f"入户核实：妻子乳腺癌化疗属实，身份证{WIFE_ID}。"
REVIEW = f"村两委评议：已有医保报销，儿子{SON_PHONE}有稳定收入。"
REASON = f"乳腺癌费用已由医保报销，儿子{SON_PHONE}务工收入稳定。"
TEXTS = (SITUATION, SUPPLEMENT, VISIT_NOTES, REVIEW, REASON)


@pytest.fixture
def declined(personas, county, household_a):
    """陶华's application with a supplement, declined by the village; every text quotes a number and the illness."""
    values = {"name": "陶华", "id_number": STRANGER_ID, "phone": "13800001111"}
    application = apply(county.village_a, situation=SITUATION, **values)
    public.application_submit(
        village=county.village_a, risk_types=["medical_cost"], situation=SUPPLEMENT, consent=True, **values
    )
    return decline(personas.cadre_a, application, REASON, visit_notes=VISIT_NOTES, review_opinion=REVIEW)


def _leaks(text: str) -> list[str]:
    return [secret for secret in (WIFE_ID, SON_PHONE, "乳腺癌") if secret in text]


@pytest.mark.parametrize("role", ["official", "approver"])
def test_read_only_roles_read_none_of_the_free_text_on_the_page(personas, login, declined, role):
    page = login(getattr(personas, role)).get(f"/workflow/applications/{declined.pk}/").content.decode()

    assert _leaks(page) == []
    # 困难情况, the supplement, 入户核实, 村两委评议 and 不予纳入: each hidden, the dates and types still read.
    assert page.count(TEXT_HIDDEN) == 5
    assert declined.difficulty_labels()[0] in page
    assert "村两委评议" in page and "不予纳入：" in page


@pytest.mark.parametrize("role", ["official", "approver"])
def test_read_only_roles_read_none_of_the_free_text_in_the_api(personas, login, declined, role):
    client = login(getattr(personas, role))

    listed = client.get("/api/v1/applications/", {"q": "陶华"}).json()["results"]
    one = client.get(f"/api/v1/applications/{declined.pk}/").json()

    assert [row["id"] for row in listed] == [declined.pk]
    for row in (listed[0], one):
        assert _leaks(str(row)) == []
        for field in ("situation", "verification_notes", "review_opinion", "decline_reason"):
            assert row[field] == TEXT_HIDDEN
        assert row["supplements"][0]["situation"] == TEXT_HIDDEN


def test_those_who_keep_the_registry_read_the_texts_as_written(personas, login, declined):
    for user in (personas.cadre_a, personas.township, personas.county_officer):
        client = login(user)
        page = client.get(f"/workflow/applications/{declined.pk}/").content.decode()
        body = client.get(f"/api/v1/applications/{declined.pk}/").json()

        assert TEXT_HIDDEN not in page and TEXT_HIDDEN not in str(body)
        assert all(text in page for text in (SITUATION, SUPPLEMENT, REVIEW, REASON))
        assert VISIT_NOTES in page
        assert (body["situation"], body["verification_notes"], body["review_opinion"], body["decline_reason"]) == (
            SITUATION,
            VISIT_NOTES,
            REVIEW,
            REASON,
        )
        assert body["supplements"][0]["situation"] == SUPPLEMENT


def test_an_invalid_applications_note_is_hidden_too(personas, login, county, household_a):
    application = apply(county.village_a, name="陶华", id_number=STRANGER_ID)
    note = f"3次拨打{SON_PHONE}均为空号"
    invalid.application_invalidate(actor=personas.cadre_a, application=application, reason="unreachable", note=note)
    client = login(personas.official)

    page = client.get(f"/workflow/applications/{application.pk}/").content.decode()
    body = client.get(f"/api/v1/applications/{application.pk}/").json()

    assert SON_PHONE not in page and TEXT_HIDDEN in page
    assert body["invalid_note"] == TEXT_HIDDEN
    assert note in login(personas.cadre_a).get(f"/workflow/applications/{application.pk}/").content.decode()


def test_who_reads_health_but_not_numbers_reads_the_text_masked(personas, monkeypatch):
    monkeypatch.setattr(application_privacy, "sees_health", lambda user: True)

    shown = application_privacy.shown_application_text(personas.official, SITUATION)

    assert "乳腺癌" in shown and WIFE_ID not in shown and SON_PHONE not in shown
    assert idnumber.mask(WIFE_ID) in shown and "139****5678" in shown
    assert application_privacy.shown_application_text(personas.official, "") == ""
