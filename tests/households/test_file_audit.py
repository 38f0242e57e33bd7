"""Opening a file that holds personal data is an audited act (DOMAIN.md "Privacy"): the signed consent's scan and a
visit photo are recorded with who opened which record's file; the consent's scan, which carries every member's
full ID number, is for those who keep the registry, not for the read-only roles that see numbers masked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEvent
from households.services import visits
from households.services.files import MSG_NO_CONSENT_SCAN
from tests.clock import today
from tests.households.conftest import consent_scan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def consent(personas, household_a):
    return visits.consent_record(
        actor=personas.cadre_a, household=household_a, signed_on=today(), signer="self", scan=consent_scan()
    )


def test_opening_a_consent_scan_is_recorded_with_the_consent_as_its_target(personas, login, consent, household_a):
    for user in (personas.cadre_a, personas.county_officer):
        response = login(user).get(f"/households/consents/{consent.pk}/scan/")
        assert response.status_code == 200 and b"signed consent" in b"".join(response.streaming_content)

    events = AuditEvent.objects.filter(action="consent.scan_view").order_by("pk")
    assert [event.actor for event in events] == [personas.cadre_a, personas.county_officer]
    event = events[0]
    assert (event.object_type, event.object_id) == ("households.consent", str(consent.pk))
    assert household_a.number in event.summary and "承诺和授权查询书扫描件" in event.summary
    assert event.region_path == household_a.region_path


@pytest.mark.parametrize("role", ["official", "approver"])
def test_read_only_roles_see_that_a_consent_is_on_file_but_cannot_open_its_scan(
    personas, login, consent, household_a, role
):
    client = login(getattr(personas, role))

    response = client.get(f"/households/consents/{consent.pk}/scan/")
    tab = client.get(f"/households/{household_a.pk}/?tab=consent").content.decode()

    assert response.status_code == 403 and MSG_NO_CONSENT_SCAN in response.content.decode()
    assert f"/households/consents/{consent.pk}/scan/" not in tab and "扫描件已上传" in tab
    assert not AuditEvent.objects.filter(action="consent.scan_view").exists()


def test_a_consent_scan_out_of_scope_is_not_found_and_not_recorded(personas, login, consent):
    assert login(personas.cadre_b).get(f"/households/consents/{consent.pk}/scan/").status_code == 404
    assert not AuditEvent.objects.filter(action="consent.scan_view").exists()


def test_opening_a_visit_photo_is_recorded(personas, login, household_a):
    visit = visits.visit_record(
        actor=personas.cadre_a,
        household=household_a,
        visited_on=today(),
        photo=SimpleUploadedFile("house.jpg", b"\xff\xd8\xffphoto", content_type="image/jpeg"),
    )

    response = login(personas.official).get(f"/households/visits/{visit.pk}/photo/")

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="visit.photo_view")
    assert event.actor == personas.official
    assert (event.object_type, event.object_id) == ("households.visit", str(visit.pk))
    assert household_a.number in event.summary and "走访的照片" in event.summary
