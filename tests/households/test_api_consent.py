"""承诺和授权查询书 through the API (POST /api/v1/consents/, multipart with the scan): consent_record as the consent
page calls it, with the same file checks and the same "仍要保存" question for a second consent of the same day;
scoped (another village's household reads as one that does not exist, its consent is a 404), edit roles only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEvent
from households.api import MSG_READ_ONLY
from households.api_consent import MSG_SCAN_EMPTY
from households.api_fields import MSG_HOUSEHOLD_NOT_FOUND
from households.models import Consent, HouseholdEvent
from households.services.confirm import MSG_CONFIRM_API
from households.services.visits import (
    MAX_UPLOAD,
    MSG_CONSENT_SAME_DAY,
    MSG_FILE_SIZE,
    MSG_FILE_TYPE,
    MSG_PROXY_NAME,
    MSG_PROXY_THUMB,
    MSG_SCAN_REQUIRED,
    consent_on_file,
    consent_record,
)
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi
from tests.households.conftest import consent_scan

pytestmark = pytest.mark.django_db


def post(client, household_id, **fields):
    """A multipart POST, as a phone app uploads the scan."""
    data = {"household": household_id, "signed_on": today().isoformat(), "scan": consent_scan(), **fields}
    return client.post("/api/v1/consents/", {k: v for k, v in data.items() if v is not None})


def test_a_cadre_records_the_signed_consent_with_its_scan(household_a, personas, login):
    client = login(personas.cadre_a)

    response = post(client, household_a.pk)

    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert body["has_scan"] is True and body["signer"] == "self" and body["recorded_by"] == "cadre_a"
    consent = Consent.objects.get(pk=body["id"])
    assert consent.household_id == household_a.pk and consent.scan.read().startswith(b"%PDF-")
    assert consent_on_file(household_a.pk)
    assert HouseholdEvent.objects.filter(
        household=household_a, summary=f"登记承诺和授权查询书（本人签字，{today():%Y-%m-%d}）"
    ).exists()
    assert AuditEvent.objects.filter(
        action="consent.create", object_type="households.consent", object_id=str(consent.pk), actor=personas.cadre_a
    ).exists()
    schema = openapi(client)
    assert_matches_schema(schema, "/api/v1/consents/", "post", response)
    assert_matches_schema(
        schema, "/api/v1/consents/", "get", client.get("/api/v1/consents/", {"household": household_a.pk})
    )
    assert_matches_schema(schema, "/api/v1/consents/{id}/", "get", client.get(f"/api/v1/consents/{consent.pk}/"))


def test_a_consent_signed_for_an_illiterate_farmer_needs_the_proxy_and_the_thumbprint(household_a, personas, login):
    client = login(personas.cadre_a)

    refused = post(client, household_a.pk, signer="proxy")
    response = post(client, household_a.pk, signer="proxy", proxy_name="张小明", thumbprint="true")

    assert refused.status_code == 400
    assert refused.json() == {"proxy_name": [MSG_PROXY_NAME], "thumbprint": [MSG_PROXY_THUMB]}
    assert response.status_code == 201, response.content.decode()
    assert response.json()["proxy_name"] == "张小明" and response.json()["thumbprint"] is True


@pytest.mark.parametrize(
    "scan, message",
    [
        (None, MSG_SCAN_REQUIRED),
        (SimpleUploadedFile("授权书.txt", b"%PDF-1.7 but a text file"), MSG_FILE_TYPE),
        (SimpleUploadedFile("授权书.pdf", b"GIF89a not a pdf"), MSG_FILE_TYPE),
        (SimpleUploadedFile("授权书.jpg", b""), MSG_SCAN_EMPTY),
        ("BIG", MSG_FILE_SIZE),
    ],
)
def test_a_scan_the_page_would_refuse_is_a_400_at_scan_and_nothing_is_recorded(
    scan, message, household_a, personas, login
):
    if scan == "BIG":
        scan = SimpleUploadedFile("授权书.pdf", b"%PDF-" + b"0" * MAX_UPLOAD)

    response = post(login(personas.cadre_a), household_a.pk, scan=scan)

    assert response.status_code == 400
    assert response.json()["scan"] == [message]
    assert not Consent.objects.exists()


def test_a_json_body_without_the_scan_is_told_the_scan_is_missing(household_a, personas, login):
    response = login(personas.cadre_a).post(
        "/api/v1/consents/",
        {"household": household_a.pk, "signed_on": today().isoformat(), "signer": "self"},
        content_type="application/json",
    )

    assert response.status_code == 400 and response.json() == {"scan": [MSG_SCAN_REQUIRED]}


def test_bad_fields_are_named_in_chinese(household_a, personas, login):
    response = post(login(personas.cadre_a), household_a.pk, signed_on="2026-13-01", signer="neighbour")

    assert response.status_code == 400
    assert response.json()["signed_on"] == ["日期格式应为 YYYY-MM-DD（如 2026-03-01）。"]
    assert "neighbour" in response.json()["signer"][0] and "self" in response.json()["signer"][0]


def test_a_second_consent_of_the_same_day_is_asked_about_and_recorded_once_confirmed(household_a, personas, login):
    consent_record(actor=personas.cadre_a, household=household_a, signed_on=today(), signer="self", scan=consent_scan())
    client = login(personas.cadre_a)

    asked = post(client, household_a.pk)

    assert asked.status_code == 400
    assert asked.json() == {
        "signed_on": [MSG_CONSENT_SAME_DAY.format(day=today(), count=1, signers="本人签字")],
        "confirm_unusual": [MSG_CONFIRM_API],
    }
    assert Consent.objects.count() == 1

    confirmed = post(client, household_a.pk, confirm_unusual="true")

    assert confirmed.status_code == 201, confirmed.content.decode()
    assert Consent.objects.count() == 2
    latest = HouseholdEvent.objects.filter(household=household_a).latest("pk")
    assert latest.summary.startswith("登记承诺和授权查询书") and "已核实确认" in latest.summary


def test_a_cadre_of_another_village_cannot_record_or_read_a_consent_there(household_a, personas, login):
    consent = consent_record(
        actor=personas.cadre_a, household=household_a, signed_on=today(), signer="self", scan=consent_scan()
    )
    client = login(personas.cadre_b)

    recorded = post(client, household_a.pk)
    missing = post(client, 999_999)

    # The household of another village reads exactly as one that does not exist (api_fields.ScopedHouseholdField).
    assert recorded.status_code == 400 and recorded.json() == {"household": [MSG_HOUSEHOLD_NOT_FOUND]}
    assert missing.json() == recorded.json()
    assert client.get(f"/api/v1/consents/{consent.pk}/").status_code == 404
    assert client.get("/api/v1/consents/").json()["count"] == 0
    assert Consent.objects.count() == 1


@pytest.mark.parametrize("persona, message", [("clerk", "您的角色无权使用此接口。"), ("official", MSG_READ_ONLY)])
def test_roles_that_may_not_edit_the_registry_get_a_403_in_chinese(persona, message, household_a, personas, login):
    response = post(login(getattr(personas, persona)), household_a.pk)

    assert response.status_code == 403
    assert response.json() == {"detail": message}
    assert not Consent.objects.exists()
