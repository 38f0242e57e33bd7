"""The village's side of a self-application, after review: the phone warning and the identity confirmation before
an outcome, the 无效申报 closure that needs no visit, the list search by receipt, ID number and phone, and the
difficulty labels kept apart."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from config.errors import ApplicationError
from households.models import Visit
from tests.workflow.applications_helpers import HEAD_ID, STRANGER_ID
from tests.workflow.batch_helpers import open_case
from tests.workflow.test_applications_village import REVIEW_OPINION, apply, decline, to_case
from workflow.choices_applications import ApplicationStatus, InvalidReason
from workflow.models import Case
from workflow.selectors_application_public import application_status_lookup
from workflow.selectors_applications import application_counts, application_list
from workflow.services import application_invalid as invalid
from workflow.services import applications as services

pytestmark = pytest.mark.django_db

PHONE_WARNING = "申报电话与户籍档案登记电话不一致，请核实是否为本户成员申报"
NOTE = "3次拨打申报电话均为空号，村里无此人。"


def _register_phone(household, phone: str) -> None:
    household.phone = phone
    household.save(update_fields=["phone"])


# The phone the household registered


def test_the_detail_page_warns_when_the_phone_is_not_the_household_s(personas, login, county, household_a):
    _register_phone(household_a, "139 0000 1111")
    application = apply(county.village_a)  # 张大山, the head, from 13812345678

    page = login(personas.cadre_a).get(f"/workflow/applications/{application.pk}/").content.decode()

    assert PHONE_WARNING in page and "139 0000 1111" in page
    assert "申报姓名与档案不符" not in page  # the name is the registry's: only the phone is said


def test_the_same_phone_written_otherwise_is_no_warning(personas, login, county, household_a):
    _register_phone(household_a, "+86 138-1234-5678")
    application = apply(county.village_a)

    page = login(personas.cadre_a).get(f"/workflow/applications/{application.pk}/").content.decode()

    assert PHONE_WARNING not in page


def test_no_phone_registered_or_no_household_is_no_warning(personas, login, county, household_a):
    client = login(personas.cadre_a)
    registered = apply(county.village_a)
    stranger = apply(county.village_a, id_number=STRANGER_ID, name="陈桂兰", phone="13900002222")

    assert PHONE_WARNING not in client.get(f"/workflow/applications/{registered.pk}/").content.decode()
    assert PHONE_WARNING not in client.get(f"/workflow/applications/{stranger.pk}/").content.decode()


def test_the_forms_that_close_with_an_outcome_say_it_too(personas, login, county, household_a):
    _register_phone(household_a, "13900001111")
    application = apply(county.village_a)
    client = login(personas.cadre_a)

    assert PHONE_WARNING in client.get(f"/workflow/applications/{application.pk}/to-case/").content.decode()
    services.application_start_verification(actor=personas.cadre_a, application=application)
    page = client.get(f"/workflow/applications/{application.pk}/decline/").content.decode()
    assert PHONE_WARNING in page and services.IDENTITY_CONFIRMED in page


# The applicant confirmed as the person or one of the household, before an outcome


def test_a_decline_needs_the_identity_confirmed_and_audits_it(personas, login, county, household_a):
    application = services.application_start_verification(actor=personas.cadre_a, application=apply(county.village_a))
    client = login(personas.cadre_a)
    post = {
        "visited_on": timezone.localdate().isoformat(),
        "visit_notes": "入户核实：两人务工。",
        "reason": "收入稳定。",
        "review_on": timezone.localdate().isoformat(),
        "review_opinion": REVIEW_OPINION,
    }

    refused = client.post(f"/workflow/applications/{application.pk}/decline/", post)

    assert refused.status_code == 200 and services.MSG_IDENTITY_UNCONFIRMED in refused.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VERIFYING and not Visit.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.application_decline(
            actor=personas.cadre_a,
            application=application,
            identity_confirmed=False,
            **{**post, "visited_on": timezone.localdate(), "review_on": timezone.localdate()},
        )
    assert error.value.message_dict == {"identity_confirmed": [services.MSG_IDENTITY_UNCONFIRMED]}

    done = client.post(f"/workflow/applications/{application.pk}/decline/", {**post, "identity_confirmed": "on"})

    assert done.status_code == 302
    event = AuditEvent.objects.get(action="workflow.application_decline")
    assert event.after == {"status": "declined", "identity_confirmed": True}
    assert services.IDENTITY_CONFIRMED in event.summary


def test_turning_into_a_case_needs_the_identity_confirmed(personas, login, county, household_a):
    application = apply(county.village_a)
    with pytest.raises(ValidationError) as error:
        to_case(personas.cadre_a, application, household_a, identity_confirmed=False)
    assert error.value.message_dict == {"identity_confirmed": [services.MSG_IDENTITY_UNCONFIRMED]}
    assert not Case.objects.exists() and not Visit.objects.exists()

    to_case(personas.cadre_a, application, household_a)

    event = AuditEvent.objects.get(action="workflow.application_to_case")
    assert event.after["identity_confirmed"] is True and services.IDENTITY_CONFIRMED in event.summary


def test_joining_the_open_case_needs_the_identity_confirmed(personas, login, county, household_a):
    case = open_case(personas.cadre_a, household_a)
    application = apply(county.village_a)
    client = login(personas.cadre_a)
    page = client.get(f"/workflow/applications/{application.pk}/").content.decode()
    assert 'name="identity_confirmed"' in page

    refused = client.post(f"/workflow/applications/{application.pk}/join-case/", follow=True)
    assert services.MSG_IDENTITY_UNCONFIRMED in refused.content.decode()
    api = client.post(f"/api/v1/applications/{application.pk}/join-case/", {}, content_type="application/json")
    assert api.status_code == 400 and "identity_confirmed" in api.json()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.case is None

    joined = client.post(f"/workflow/applications/{application.pk}/join-case/", {"identity_confirmed": "on"})

    assert joined.status_code == 302
    application.refresh_from_db()
    assert application.case == case
    assert AuditEvent.objects.get(action="workflow.application_join_case").after["identity_confirmed"] is True


# 无效申报: closed with no visit


def test_a_spam_application_is_closed_as_invalid_with_no_visit(personas, login, county, household_a):
    application = apply(county.village_a)  # still 已提交: no verification started, none needed
    client = login(personas.cadre_a)
    detail = client.get(f"/workflow/applications/{application.pk}/").content.decode()
    assert f"/workflow/applications/{application.pk}/invalid/" in detail
    form = client.get(f"/workflow/applications/{application.pk}/invalid/").content.decode()
    assert all(label in form for label in InvalidReason.labels)
    assert "入户核实日期" not in form

    response = client.post(
        f"/workflow/applications/{application.pk}/invalid/", {"reason": InvalidReason.UNREACHABLE, "note": NOTE}
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.invalid_reason, application.invalid_note) == (
        ApplicationStatus.INVALID,
        InvalidReason.UNREACHABLE,
        NOTE,
    )
    assert application.visit is None and application.verified_on is None and application.household is None
    assert not Visit.objects.exists()  # no visit invented on 张大山's household
    event = AuditEvent.objects.get(action="workflow.application_invalidate")
    assert event.actor == personas.cadre_a and event.after == {"status": "invalid"}
    assert "无法联系" in event.summary and NOTE in event.summary
    page = client.get(f"/workflow/applications/{application.pk}/").content.decode()
    assert "按无效申报办结（无法联系，未入户核实）" in page and NOTE in page
    # The applicant's lookup still answers, without the village's note.
    [row] = application_status_lookup(id_number=HEAD_ID, phone="13812345678")
    assert NOTE not in str(row)


def test_invalid_ones_are_not_counted_as_declined(personas, login, county, household_a):
    invalid.application_invalidate(
        actor=personas.cadre_a, application=apply(county.village_a), reason=InvalidReason.DUPLICATE, note=NOTE
    )
    decline(personas.cadre_a, apply(county.village_a, phone="13900003333"), "收入稳定，暂不符合。")

    counts = application_counts(actor=personas.cadre_a)

    assert counts[ApplicationStatus.DECLINED] == 1 and counts[ApplicationStatus.INVALID] == 1
    declined = login(personas.cadre_a).get("/workflow/applications/?status=declined").content.decode()
    assert '未予纳入 <span class="badge">1</span>' in declined and '无效申报 <span class="badge">1</span>' in declined


def test_the_invalid_form_needs_a_reason_and_a_note(personas, login, county, household_a):
    application = apply(county.village_a)

    page = login(personas.cadre_a).post(f"/workflow/applications/{application.pk}/invalid/", {"note": " "})

    html = page.content.decode()
    assert page.status_code == 200
    assert invalid.MSG_INVALID_REASON_REQUIRED in html and invalid.MSG_INVALID_NOTE_REQUIRED in html
    with pytest.raises(ValidationError) as error:
        invalid.application_invalidate(actor=personas.cadre_a, application=application, reason="spam", note="")
    assert error.value.message_dict == {
        "reason": [invalid.MSG_INVALID_REASON_REQUIRED],
        "note": [invalid.MSG_INVALID_NOTE_REQUIRED],
    }
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_only_a_pending_application_in_scope_is_closed_as_invalid(personas, login, county, household_a):
    application = apply(county.village_a)
    assert login(personas.cadre_b).get(f"/workflow/applications/{application.pk}/invalid/").status_code == 404
    assert login(personas.approver).get(f"/workflow/applications/{application.pk}/invalid/").status_code == 403
    to_case(personas.cadre_a, application, household_a)

    with pytest.raises(ApplicationError):
        invalid.application_invalidate(
            actor=personas.cadre_a, application=application, reason=InvalidReason.FALSE_INFO, note=NOTE
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CASE_OPENED


def test_the_api_closes_one_being_verified_as_invalid(personas, login, county, household_a):
    application = services.application_start_verification(actor=personas.cadre_a, application=apply(county.village_a))
    client = login(personas.cadre_a)
    url = f"/api/v1/applications/{application.pk}/invalidate/"

    bad = client.post(url, {"invalid_reason": "spam", "invalid_note": NOTE}, content_type="application/json")
    ok = client.post(url, {"invalid_reason": "not_villager", "invalid_note": NOTE}, content_type="application/json")

    assert bad.status_code == 400
    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert (body["status"], body["invalid_reason"], body["invalid_reason_display"], body["invalid_note"]) == (
        "invalid",
        "not_villager",
        "非本村人员",
        NOTE,
    )
    assert not Visit.objects.exists()


# The list's search


@pytest.mark.parametrize("typed", ["{r}", "{lower}", "{bare}", "{spaced}", " {lower_bare} "])
def test_the_list_finds_a_receipt_in_any_case_with_or_without_its_dash(personas, login, county, household_a, typed):
    application = apply(county.village_a)
    other = apply(county.village_a, id_number=STRANGER_ID, name="陈桂兰", phone="13900002222")
    r = application.receipt_no
    q = typed.format(
        r=r, lower=r.lower(), bare=r.replace("-", ""), spaced=r.replace("-", " "), lower_bare=r.replace("-", "").lower()
    )

    found = list(application_list(actor=personas.cadre_a, filters={"q": q}))
    page = login(personas.cadre_a).get("/workflow/applications/", {"q": q}).content.decode()

    assert found == [application]
    assert r in page and other.receipt_no not in page


def test_the_list_finds_by_the_whole_id_number_or_phone_only(personas, login, county, household_a):
    application = apply(county.village_a)
    other = apply(county.village_a, id_number=STRANGER_ID, name="陈桂兰", phone="13900002222")
    client = login(personas.cadre_a)

    for q in (HEAD_ID, HEAD_ID.lower(), "138 1234 5678", "138-1234-5678", "+8613812345678"):
        assert list(application_list(actor=personas.cadre_a, filters={"q": q})) == [application], q
    for q in (HEAD_ID[:10], "1381234", "5678"):
        assert list(application_list(actor=personas.cadre_a, filters={"q": q})) == [], q
    api = client.get("/api/v1/applications/", {"q": "13900002222"}).json()["results"]
    assert [row["id"] for row in api] == [other.pk]
    api = client.get("/api/v1/applications/", {"q": application.receipt_no.replace("-", "").lower()}).json()
    assert [row["id"] for row in api["results"]] == [application.pk]


# The difficulties


def test_the_difficulties_are_kept_apart_by_semicolons(personas, login, county, household_a):
    application = apply(county.village_a, risk_types=["low_income", "medical_cost"])

    page = login(personas.cadre_a).get(f"/workflow/applications/{application.pk}/").content.decode()

    assert "家庭收入明显减少，生活困难；生大病、重病或残疾，看病花钱多" in page
    assert "生活困难、生大病" not in page
