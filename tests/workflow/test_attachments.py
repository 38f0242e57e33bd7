"""Step attachments (meeting minutes, a photo of the posted notice): PDF, JPG or PNG up to 10 MB, served only
through a scoped view and shown on the case timeline."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from households.choices import MonitoringCategory
from tests.workflow.helpers import case_act, household_checked, sign_consent
from workflow.choices import CaseKind, Channel, Outcome
from workflow.models import CaseStep
from workflow.services.attachments import MAX_UPLOAD, MSG_FILE_SIZE, MSG_FILE_TYPE
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def case_a(personas, household_a):
    sign_consent(actor=personas.cadre_a, household=household_a)  # the village step passes only with it
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    household_checked(actor=personas.cadre_a, case=case)  # and the household visit before it
    return case


def post_review(client, case, upload):
    return client.post(
        f"/workflow/cases/{case.pk}/",
        {
            "step_code": "village_review",
            "village_review-step_code": "village_review",
            "village_review-outcome": "pass",
            "village_review-attachment": upload,
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("会议记录.docx", b"PK\x03\x04 word", MSG_FILE_TYPE),
        ("照片.png", b"GIF89a renamed gif", MSG_FILE_TYPE),
        ("扫描件.pdf", b"%PDF-1.4" + b"\x00" * MAX_UPLOAD, MSG_FILE_SIZE),
    ],
)
def test_wrong_type_or_too_large_is_shown_at_the_field(personas, login, case_a, name, content, message):
    client = login(personas.cadre_a)
    response = post_review(client, case_a, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CaseStep.objects.get(case=case_a, step__code="village_review").status == "open"


def test_service_refuses_a_bad_file_from_any_caller(personas, case_a):
    with pytest.raises(ValidationError) as error:
        case_act(
            actor=personas.cadre_a,
            case=case_a,
            step_code="village_review",
            outcome=Outcome.PASS,
            attachment=SimpleUploadedFile("x.exe", b"MZ"),
        )
    assert error.value.message_dict == {"attachment": [MSG_FILE_TYPE]}


def test_attachment_uploaded_shown_on_timeline_and_served_in_scope(personas, login, case_a):
    client = login(personas.cadre_a)
    response = post_review(client, case_a, SimpleUploadedFile("公示照片.png", PNG, content_type="image/png"))
    assert response.status_code == 302
    step = CaseStep.objects.get(case=case_a, step__code="village_review")
    assert step.attachment
    url = f"/workflow/steps/{step.pk}/attachment/"
    assert url in client.get(f"/workflow/cases/{case_a.pk}/").content.decode()
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert login(personas.county_officer).get(url).status_code == 200
    assert login(personas.cadre_b).get(url).status_code == 404
    assert login(personas.clerk).get(url).status_code in (403, 404)
    # A step without a file has nothing to serve.
    empty = CaseStep.objects.get(case=case_a, step__code="village_publicity")
    assert client.get(f"/workflow/steps/{empty.pk}/attachment/").status_code == 404


def test_api_act_with_attachment(personas, login, case_a):
    client = login(personas.cadre_a)
    bad = client.post(
        f"/api/v1/cases/{case_a.pk}/act/",
        {"step_code": "village_review", "outcome": "pass", "attachment": SimpleUploadedFile("a.txt", b"text")},
    )
    assert bad.status_code == 400 and MSG_FILE_TYPE in bad.content.decode()
    good = client.post(
        f"/api/v1/cases/{case_a.pk}/act/",
        {"step_code": "village_review", "outcome": "pass", "attachment": SimpleUploadedFile("a.pdf", b"%PDF-1.7")},
    )
    assert good.status_code == 200


def test_opening_a_step_attachment_is_recorded_in_the_audit_log(personas, login, case_a, household_a):
    from accounts.models import AuditEvent

    post_review(login(personas.cadre_a), case_a, SimpleUploadedFile("公示照片.png", PNG, content_type="image/png"))
    step = CaseStep.objects.get(case=case_a, step__code="village_review")

    response = login(personas.approver).get(f"/workflow/steps/{step.pk}/attachment/")

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="workflow.step_attachment_view")
    assert event.actor == personas.approver
    assert (event.object_type, event.object_id) == ("workflow.casestep", str(step.pk))
    assert household_a.number in event.summary and step.step.name in event.summary
    assert event.region_path == case_a.region_path
