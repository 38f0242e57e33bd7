"""The village's side of self-application: worklist, scope, roles, the transitions with their audit rows, turning
an application into an identification case, the QR poster, the home tile and the API."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from config.errors import ApplicationError
from households.choices import MonitoringCategory, categories_for
from households.models import Household, Visit
from tests.workflow.applications_helpers import HEAD_ID, STRANGER_ID
from tests.workflow.batch_helpers import open_case
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.choices_applications import ApplicationStatus
from workflow.models import Case
from workflow.models.applications import Application, ApplicationLink
from workflow.selectors_application_public import application_status_lookup
from workflow.services import application_public as public
from workflow.services import applications as services
from workflow.services.case_opening import MSG_CATEGORY_REQUIRED

pytestmark = pytest.mark.django_db


def apply(village, **overrides) -> Application:
    values = {
        "name": "张大山",
        "id_number": HEAD_ID,
        "phone": "13812345678",
        "risk_types": ["medical_cost"],
        "situation": "老伴今年查出尿毒症，每周透析三次，自付费用很高。",
        "consent": True,
        "client_ip": "10.0.0.1",
    }
    values.update(overrides)
    receipt = public.application_submit(village=village, **values)
    return Application.objects.get(receipt_no=receipt)


@pytest.fixture
def application_a(county, household_a):
    return apply(county.village_a)


def to_case(actor, application, household, **overrides):
    values = {
        "visited_on": timezone.localdate(),
        "visit_notes": "入户核实：透析属实，家中无其他收入来源。",
        "risk_types": ["medical_cost"],
        "category": MonitoringCategory.SUDDEN_HARDSHIP,
        "identity_confirmed": True,
    }
    values.update(overrides)
    return services.application_to_case(actor=actor, application=application, household=household, **values)


VISIT = {"visited_on": "", "visit_notes": "入户核实：家中有两人务工，收入稳定，无大额支出。"}
# The 村两委 review a decline rests on (seed 003 §二(4); services.application_decline_review).
REVIEW_OPINION = "村两委评议：家庭收入稳定，暂不符合监测条件。"


def review_values() -> dict:
    return {"review_on": timezone.localdate(), "review_opinion": REVIEW_OPINION}


def decline(actor, application, reason, **overrides):
    """Start the verification if needed, then decline with the verification visit recorded (seed 000 §三(三)2)."""
    application.refresh_from_db()
    if application.status == ApplicationStatus.SUBMITTED:
        application = services.application_start_verification(actor=actor, application=application)
    values = {"visited_on": timezone.localdate(), "visit_notes": VISIT["visit_notes"], "identity_confirmed": True}
    values |= review_values() | overrides
    return services.application_decline(actor=actor, application=application, reason=reason, **values)


CONFIRMED, JSON = {"identity_confirmed": True}, "application/json"


def visit_post(reason: str) -> dict:
    return {
        "visited_on": timezone.localdate().isoformat(),
        "visit_notes": VISIT["visit_notes"],
        "reason": reason,
        "identity_confirmed": "on",
        "review_on": timezone.localdate().isoformat(),
        "review_opinion": REVIEW_OPINION,
    }


# Scope and roles


def test_the_worklist_shows_applications_in_scope_only(personas, login, application_a, county):
    apply(county.village_c, id_number=STRANGER_ID, name="陈桂兰")
    page = login(personas.cadre_a).get("/workflow/applications/").content.decode()
    assert "张大山" in page and application_a.receipt_no in page and "陈桂兰" not in page
    assert "张大山" not in login(personas.cadre_b).get("/workflow/applications/").content.decode()
    township = login(personas.township).get("/workflow/applications/").content.decode()
    assert "张大山" in township and "陈桂兰" not in township
    assert "陈桂兰" in login(personas.county_officer).get("/workflow/applications/").content.decode()
    assert login(personas.clerk).get("/workflow/applications/").status_code == 403


def test_another_villages_cadre_gets_404(personas, login, application_a):
    client = login(personas.cadre_b)
    assert client.get(f"/workflow/applications/{application_a.pk}/").status_code == 404
    assert client.post(f"/workflow/applications/{application_a.pk}/start/").status_code == 404
    assert client.get(f"/workflow/applications/{application_a.pk}/to-case/").status_code == 404
    assert client.post(f"/workflow/applications/{application_a.pk}/decline/", {"reason": "x"}).status_code == 404
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.SUBMITTED


def test_the_services_check_role_and_scope(personas, application_a, household_a):
    for actor in (personas.cadre_b, personas.approver, personas.official, personas.clerk):
        with pytest.raises(PermissionDenied):
            services.application_start_verification(actor=actor, application=application_a)
        with pytest.raises(PermissionDenied):
            decline(actor, application_a, "不符合")
        with pytest.raises(PermissionDenied):
            to_case(actor, application_a, household_a)
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.SUBMITTED


def test_read_only_roles_see_masked_numbers_and_no_actions(personas, login, application_a):
    page = login(personas.approver).get(f"/workflow/applications/{application_a.pk}/").content.decode()
    assert HEAD_ID not in page and HEAD_ID[:4] + "**********" + HEAD_ID[-4:] in page
    assert "13812345678" not in page and "开始核实" not in page and "不予纳入</a>" not in page
    assert login(personas.approver).get(f"/workflow/applications/{application_a.pk}/to-case/").status_code == 403


def test_only_county_officers_see_the_client_address(personas, login, application_a):
    assert "10.0.0.1" not in login(personas.cadre_a).get(f"/workflow/applications/{application_a.pk}/").content.decode()
    assert (
        "10.0.0.1" not in login(personas.township).get(f"/workflow/applications/{application_a.pk}/").content.decode()
    )
    assert (
        "10.0.0.1" in login(personas.county_officer).get(f"/workflow/applications/{application_a.pk}/").content.decode()
    )


# Transitions


def test_start_verification_is_audited_and_shown_to_the_applicant(personas, application_a):
    application = services.application_start_verification(actor=personas.cadre_a, application=application_a)
    assert application.status == ApplicationStatus.VERIFYING
    assert application.verification_started_by == personas.cadre_a
    event = AuditEvent.objects.get(action="workflow.application_start_verification")
    assert event.actor == personas.cadre_a and event.object_id == str(application.pk)
    assert (event.before, event.after) == ({"status": "submitted"}, {"status": "verifying"})
    assert [row.status_label for row in application_status_lookup(id_number=HEAD_ID, phone="13812345678")] == ["核实中"]
    with pytest.raises(ApplicationError, match="已被他人办理"):
        services.application_start_verification(actor=personas.township, application=application_a)


def test_decline_needs_a_reason_which_the_applicant_is_told_in_person(personas, application_a):
    with pytest.raises(ValidationError) as error:
        decline(personas.cadre_a, application_a, "  ")
    assert error.value.message_dict == {"reason": [services.MSG_REASON_REQUIRED]}
    reason = "经入户核实，家庭年人均纯收入高于监测范围，且无大额刚性支出。"
    application = decline(personas.cadre_a, application_a, reason)
    assert (application.status, application.decline_reason, application.decided_by) == (
        ApplicationStatus.DECLINED,
        reason,
        personas.cadre_a,
    )
    assert AuditEvent.objects.filter(action="workflow.application_decline", actor=personas.cadre_a).exists()
    # The lookup says only that it is done (whoever typed this phone may not be of the household).
    [row] = application_status_lookup(id_number=HEAD_ID, phone="13812345678")
    assert (row.status_label, row.explanation) == ("已办结", "本次申报已办结。办理结果请向村委会了解。")
    assert reason not in str(row)
    with pytest.raises(ApplicationError):
        services.application_start_verification(actor=personas.cadre_a, application=application)


def test_decline_page_shows_the_error_at_the_field(personas, login, application_a):
    client = login(personas.cadre_a)
    services.application_start_verification(actor=personas.cadre_a, application=application_a)
    page = client.post(f"/workflow/applications/{application_a.pk}/decline/", {"reason": ""}).content.decode()
    assert services.MSG_REASON_REQUIRED in page and "确认不予纳入" in page
    assert services.MSG_NOTES_REQUIRED in page and "有6项需要修改：" in page  # the summary at the top
    assert services.MSG_IDENTITY_UNCONFIRMED in page
    response = client.post(f"/workflow/applications/{application_a.pk}/decline/", visit_post("已在低保保障范围内。"))
    assert response.status_code == 302
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.DECLINED


def test_after_a_decision_a_new_submission_starts_a_new_application(personas, county, application_a):
    decline(personas.cadre_a, application_a, "暂不符合条件。")
    again = apply(county.village_a, situation="病情加重，又住院两次，借款三万元。")
    assert again.pk != application_a.pk and again.status == ApplicationStatus.SUBMITTED


def test_turning_into_a_case_records_the_visit_and_opens_identification(personas, household_a, application_a):
    Application.objects.filter(pk=application_a.pk).update(submitted_at=timezone.now() - dt.timedelta(days=3))
    Household.objects.filter(pk=household_a.pk).update(housing_ok=False)
    case = to_case(personas.cadre_a, application_a, household_a)

    assert (case.kind, case.channel, case.status) == (
        CaseKind.IDENTIFICATION,
        Channel.SELF_APPLICATION,
        CaseStatus.OPEN,
    )
    assert case.household == household_a and case.risk_types == ["medical_cost"]
    assert case.discovered_on == timezone.localdate() - dt.timedelta(days=3)  # the day the farmer applied
    application_a.refresh_from_db()
    assert (application_a.status, application_a.case, application_a.household) == (
        ApplicationStatus.CASE_OPENED,
        case,
        household_a,
    )
    visit = Visit.objects.get(household=household_a)
    assert application_a.visit == visit and application_a.receipt_no in visit.notes and visit.risk_found
    assert visit.get_kind_display() == "申报核实"  # not counted as a plain monthly visit
    household_a.refresh_from_db()
    assert household_a.housing_ok is False  # the verification visit kept what an earlier visit found
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"workflow.application_to_case", "workflow.case_open", "visit.create"} <= actions
    [row] = application_status_lookup(id_number=HEAD_ID, phone="13812345678")
    assert row.status_label == "核实中"  # the case is being handled: the lookup does not say it is one


def test_an_applicant_outside_the_village_registry_must_be_registered_first(personas, county, household_a):
    stranger = apply(county.village_a, id_number=STRANGER_ID, name="陈桂兰")
    with pytest.raises(ApplicationError) as error:
        to_case(personas.cadre_a, stranger, household_a)
    assert error.value.message == services.MSG_NOT_IN_REGISTRY
    assert not Case.objects.exists() and not Visit.objects.exists()
    stranger.refresh_from_db()
    assert stranger.status == ApplicationStatus.SUBMITTED


def test_the_to_case_page_says_to_register_the_household_first(personas, login, county):
    stranger = apply(county.village_a, id_number=STRANGER_ID, name="陈桂兰")
    page = login(personas.cadre_a).get(f"/workflow/applications/{stranger.pk}/to-case/").content.decode()
    assert "请先在“农户档案”中登记该户" in page and "/households/new/" in page


def test_a_failing_case_open_leaves_nothing_behind(personas, monitored_a, application_a):
    with pytest.raises(ApplicationError):
        to_case(personas.cadre_a, application_a, monitored_a)  # already monitored: no second identification
    assert not Visit.objects.exists()
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.SUBMITTED and application_a.case is None


def test_the_to_case_page_turns_it_into_a_case(personas, login, application_a):
    client = login(personas.cadre_a)
    page = client.get(f"/workflow/applications/{application_a.pk}/to-case/").content.decode()
    assert "张大山户" in page
    response = client.post(
        f"/workflow/applications/{application_a.pk}/to-case/",
        {
            "visited_on": timezone.localdate().isoformat(),
            "visit_notes": "透析属实。",
            "food_clothing_ok": "on",
            "education_ok": "on",
            "medical_ok": "",
            "housing_ok": "on",
            "water_ok": "on",
            "risk_types": ["medical_cost"],
            "category": "",
        },
    )
    assert response.status_code == 200 and MSG_CATEGORY_REQUIRED in response.content.decode()
    assert not Case.objects.exists() and not Visit.objects.exists()
    response = client.post(
        f"/workflow/applications/{application_a.pk}/to-case/",
        {
            "visited_on": timezone.localdate().isoformat(),
            "visit_notes": "透析属实。",
            "food_clothing_ok": "on",
            "education_ok": "on",
            "housing_ok": "on",
            "water_ok": "on",
            "risk_types": ["medical_cost"],
            "category": MonitoringCategory.SUDDEN_HARDSHIP,
            "identity_confirmed": "on",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/workflow/cases/{case.pk}/"
    assert case.household.medical_ok is False


def test_an_application_from_a_household_with_an_open_case_joins_that_case(personas, login, household_a, county):
    case = open_case(personas.cadre_a, household_a)
    application = apply(county.village_a)
    client = login(personas.cadre_a)

    # The application page says so before anything is typed, and offers to join the case, not to open another.
    page = client.get(f"/workflow/applications/{application.pk}/").content.decode()
    assert "该户已有办理中的识别纳入案件" in page and f"/workflow/cases/{case.pk}/" in page
    assert "并入办理中的案件" in page and "记录入户核实并转为识别案件" not in page
    # The verification page, reached by an old link, sends the cadre back there.
    response = client.get(f"/workflow/applications/{application.pk}/to-case/", follow=True)
    assert services.MSG_CASE_ALREADY_OPEN in response.content.decode()

    response = client.post(f"/workflow/applications/{application.pk}/join-case/", {"identity_confirmed": "on"})

    assert response.status_code == 302 and response["Location"] == f"/workflow/cases/{case.pk}/"
    application.refresh_from_db()
    assert (application.status, application.case, application.household) == (
        ApplicationStatus.CASE_OPENED,
        case,
        household_a,
    )
    assert application.visit is None
    assert Case.objects.count() == 1
    note = case.events.get(action="case_note")
    assert application.receipt_no in note.summary and "生大病" in note.summary
    assert AuditEvent.objects.filter(action="workflow.application_join_case").exists()
    [row] = application_status_lookup(id_number=HEAD_ID, phone="13812345678")
    assert row.status_label == "核实中"
    page = client.get(f"/workflow/applications/{application.pk}/").content.decode()
    assert "并入该户办理中的识别纳入案件" in page


def test_two_applications_may_join_one_case(personas, household_a, county):
    case = open_case(personas.cadre_a, household_a)
    first = apply(county.village_a)
    second = apply(county.village_a, phone="13912345678")

    for application in (first, second):
        services.application_join_case(actor=personas.cadre_a, application=application, identity_confirmed=True)

    assert set(case.applications.values_list("pk", flat=True)) == {first.pk, second.pk}


def test_joining_needs_an_open_case_and_the_village_scope(personas, household_a, county, application_a):
    with pytest.raises(ApplicationError) as error:
        services.application_join_case(actor=personas.cadre_a, application=application_a, identity_confirmed=True)
    assert error.value.message == services.MSG_NO_OPEN_CASE
    open_case(personas.cadre_a, household_a)
    with pytest.raises(PermissionDenied):
        services.application_join_case(actor=personas.cadre_b, application=application_a, identity_confirmed=True)
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.SUBMITTED


def test_api_joins_an_application_to_the_open_case(personas, login, household_a, county, application_a):
    client = login(personas.cadre_a)
    answer = client.post(f"/api/v1/applications/{application_a.pk}/join-case/", CONFIRMED, content_type=JSON)
    assert answer.status_code == 400 and answer.json()["detail"] == services.MSG_NO_OPEN_CASE
    case = open_case(personas.cadre_a, household_a)

    answer = client.post(f"/api/v1/applications/{application_a.pk}/join-case/", CONFIRMED, content_type=JSON)

    assert answer.status_code == 200
    assert answer.json()["status"] == ApplicationStatus.CASE_OPENED and answer.json()["case"] == case.pk


def test_same_id_number_applications_are_shown_side_by_side(personas, login, county, application_a):
    other = apply(county.village_a, phone="13900001111")
    page = login(personas.cadre_a).get(f"/workflow/applications/{application_a.pk}/").content.decode()
    assert "同一身份证号的其他申报" in page and other.receipt_no in page


# Worklist filters, poster, tile


def test_the_worklist_filters_by_status_name_receipt_and_date(personas, login, county, application_a):
    apply(county.village_a, id_number=STRANGER_ID, name="陈桂兰", phone="13900002222")
    services.application_start_verification(actor=personas.cadre_a, application=application_a)
    client = login(personas.cadre_a)
    by_status = client.get("/workflow/applications/", {"status": "verifying"}).content.decode()
    assert '核实中 <span class="badge">1</span>' in by_status and '已提交 <span class="badge">1</span>' in by_status
    assert "张大山" in by_status and "陈桂兰" not in by_status
    by_name = client.get("/workflow/applications/", {"q": "桂兰"}).content.decode()
    assert "陈桂兰" in by_name and "张大山" not in by_name
    assert "张大山" in client.get("/workflow/applications/", {"q": application_a.receipt_no}).content.decode()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert "共 0 条" in client.get("/workflow/applications/", {"date_from": tomorrow}).content.decode()


def test_the_poster_carries_the_qr_and_the_written_address(personas, login, county):
    client = login(personas.cadre_a)
    page = client.get(f"/workflow/applications/poster/{county.village_a.code}/").content.decode()
    link = ApplicationLink.objects.get(village=county.village_a)
    assert "<svg" in page and f"/apply/{link.token}/" in page and "城南村" in page
    assert "本人知晓申报监测对象有关政策和程序" in page
    client.get(f"/workflow/applications/poster/{county.village_a.code}/")
    assert ApplicationLink.objects.count() == 1  # the printed address does not change
    assert AuditEvent.objects.filter(action="workflow.application_link_create").count() == 1
    assert client.get(f"/workflow/applications/poster/{county.village_b.code}/").status_code == 404
    assert login(personas.approver).get(f"/workflow/applications/poster/{county.village_a.code}/").status_code == 403
    township = login(personas.township)
    response = township.get("/workflow/applications/poster/", {"village": county.village_b.code})
    assert response["Location"] == f"/workflow/applications/poster/{county.village_b.code}/"


def test_the_home_tile_counts_new_applications_for_cadres(personas, login, application_a):
    home = login(personas.cadre_a).get("/").content.decode()
    assert "已提交、核实中的农户扫码申报" in home and "/workflow/applications/?status=pending" in home
    assert "农户扫码申报" not in login(personas.official).get("/").content.decode()
    assert "农户扫码申报" in login(personas.township).get("/").content.decode()


# API


def test_api_lists_in_scope_and_acts(personas, login, application_a, household_a):
    client = login(personas.cadre_a)
    listed = client.get("/api/v1/applications/").json()
    assert [row["receipt_no"] for row in listed["results"]] == [application_a.receipt_no]
    assert listed["results"][0]["client_ip"] is None
    assert login(personas.cadre_b).get("/api/v1/applications/").json()["results"] == []
    assert login(personas.cadre_b).get(f"/api/v1/applications/{application_a.pk}/").status_code == 404
    assert login(personas.county_officer).get(f"/api/v1/applications/{application_a.pk}/").json()["client_ip"] == (
        "10.0.0.1"
    )

    started = client.post(f"/api/v1/applications/{application_a.pk}/start-verification/")
    assert started.status_code == 200 and started.json()["status"] == "verifying"
    again = client.post(f"/api/v1/applications/{application_a.pk}/start-verification/")
    assert again.status_code == 400 and "已被他人办理" in again.json()["detail"]
    forbidden = login(personas.approver).post(f"/api/v1/applications/{application_a.pk}/decline/", visit_post("x"))
    assert forbidden.status_code == 403

    created = client.post(
        f"/api/v1/applications/{application_a.pk}/to-case/",
        {
            "visited_on": timezone.localdate().isoformat(),
            "visit_notes": "透析属实。",
            "risk_types": ["medical_cost"],
            "category": "sudden_hardship",
            "identity_confirmed": True,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (
        body["status"] == "case_opened"
        and body["case"] == Case.objects.get().pk
        and body["household"] == household_a.pk
    )


def test_api_decline_needs_a_reason_and_filters_by_status(personas, login, application_a):
    client = login(personas.cadre_a)
    bad = client.post(
        f"/api/v1/applications/{application_a.pk}/decline/", {"reason": " "}, content_type="application/json"
    )
    assert bad.status_code == 400
    unvisited = client.post(f"/api/v1/applications/{application_a.pk}/decline/", visit_post("暂不符合。"))
    assert unvisited.status_code == 400 and services.MSG_DECLINE_UNVISITED in unvisited.content.decode()
    client.post(f"/api/v1/applications/{application_a.pk}/start-verification/")
    ok = client.post(f"/api/v1/applications/{application_a.pk}/decline/", visit_post("暂不符合。"))
    assert ok.json()["status"] == "declined"
    assert client.get("/api/v1/applications/", {"status": "submitted"}).json()["results"] == []
    assert len(client.get("/api/v1/applications/", {"status": "declined"}).json()["results"]) == 1


def test_api_to_case_for_an_applicant_outside_the_registry(personas, login, county):
    stranger = apply(county.village_a, id_number=STRANGER_ID, name="陈桂兰")
    response = login(personas.cadre_a).post(
        f"/api/v1/applications/{stranger.pk}/to-case/",
        {
            "visited_on": timezone.localdate().isoformat(),
            "visit_notes": "x",
            "risk_types": ["other"],
            "category": "sudden_hardship",
            "identity_confirmed": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["detail"] == services.MSG_NOT_IN_REGISTRY


def test_the_schema_documents_the_applications_endpoints(personas, login):
    schema = login(personas.county_officer).get("/api/v1/schema/", {"format": "json"}).json()
    for path in ("", "{id}/", "{id}/start-verification/", "{id}/to-case/", "{id}/decline/"):
        assert f"/api/v1/applications/{path}" in schema["paths"]
    assert "农户自主申报" in str(schema["paths"]["/api/v1/applications/"])


def test_the_to_case_page_offers_only_the_categories_of_the_household_type(personas, login, application_a):
    """An ordinary household (一般农户) cannot be monitored as 脱贫不稳定户: the page does not offer it (review
    cadre_phone finding 9), as the case form does not."""
    page = login(personas.cadre_a).get(f"/workflow/applications/{application_a.pk}/to-case/").content.decode()
    household = services.applicant_household(application_a)
    assert len(categories_for(household.household_type)) < len(MonitoringCategory.choices)
    offered = {label for value, label in categories_for(household.household_type)}
    for value, label in MonitoringCategory.choices:
        assert (f'value="{value}"' in page) == (label in offered), label


def test_the_applicant_reads_done_once_the_case_is_decided(personas, application_a, household_a):
    """A closed case no longer reads as being handled (review recheck_cadre); neither its outcome nor its reasons
    are published."""
    from workflow.services.cases import case_withdraw

    case = to_case(personas.cadre_a, application_a, household_a)
    [row] = application_status_lookup(id_number=HEAD_ID, phone="13812345678")
    assert row.status_label == "核实中"

    case_withdraw(actor=personas.cadre_a, case=case, note="户主外出务工，收入已恢复")

    [row] = application_status_lookup(id_number=HEAD_ID, phone="13812345678")
    assert (row.status_label, row.status) == ("已办结", "done")
    assert "终止" not in row.explanation and "务工" not in row.explanation


# Verification before a decline (seed 000 §三(三)2 上户核实) and the time an application waits


def test_a_decline_needs_the_verification_visit_first(personas, login, application_a, household_a):
    with pytest.raises(ApplicationError, match="须先上户核实"):
        services.application_decline(
            actor=personas.cadre_a,
            application=application_a,
            reason="不符合。",
            visited_on=timezone.localdate(),
            visit_notes="看过了。",
            identity_confirmed=True,
            **review_values(),
        )
    client = login(personas.cadre_a)
    detail = client.get(f"/workflow/applications/{application_a.pk}/").content.decode()
    assert f"/workflow/applications/{application_a.pk}/decline/" not in detail and "自主申报须先上户核实" in detail
    refused = client.get(f"/workflow/applications/{application_a.pk}/decline/", follow=True).content.decode()
    assert services.MSG_DECLINE_UNVISITED in refused

    services.application_start_verification(actor=personas.cadre_a, application=application_a)
    with pytest.raises(ValidationError) as error:
        services.application_decline(
            actor=personas.cadre_a,
            application=application_a,
            reason="不符合。",
            identity_confirmed=True,
            **review_values(),
        )
    assert error.value.message_dict == {
        "visited_on": [services.MSG_VISIT_DATE_REQUIRED],
        "visit_notes": [services.MSG_NOTES_REQUIRED],
    }
    application = decline(personas.cadre_a, application_a, "家庭收入稳定，暂不符合监测条件。")
    visit = Visit.objects.get(household=household_a)
    assert application.visit == visit and VISIT["visit_notes"] in visit.notes
    assert application.verified_on == timezone.localdate()
    detail = client.get(f"/workflow/applications/{application_a.pk}/").content.decode()
    assert f"{timezone.localdate():%Y-%m-%d} 入户核实：{VISIT['visit_notes']}" in detail


def _submitted_days_ago(application: Application, days: int) -> None:
    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days))


def test_list_and_detail_show_the_days_waited_against_the_procedure_limit(personas, login, application_a):
    from workflow.models import Procedure

    client = login(personas.cadre_a)
    _submitted_days_ago(application_a, 16)
    # Yongxiu's procedure sets no limit (seed 000 gives no number of days): the days waited only.
    Procedure.objects.filter(code="yongxiu_identification").update(limit_days=None)
    page = client.get("/workflow/applications/").content.decode()
    assert "已等待16天" in page and "时限" not in page and "超期</span>" not in page
    detail = client.get(f"/workflow/applications/{application_a.pk}/").content.decode()
    assert "已等待16天" in detail and "未设办结时限" in detail

    Procedure.objects.filter(code="yongxiu_identification").update(limit_days=15)
    page = client.get("/workflow/applications/").content.decode()
    assert "已等待16天（时限15天，已超1天）" in page and "超期</span>" in page
    detail = client.get(f"/workflow/applications/{application_a.pk}/").content.decode()
    assert "已等待16天（时限15天，已超1天）" in detail
    _submitted_days_ago(application_a, 3)
    assert "已等待3天（时限15天，还剩12天）" in client.get("/workflow/applications/").content.decode()


def test_the_home_tile_counts_applications_being_verified_and_overdue_ones_get_their_own(
    personas, login, application_a
):
    from workflow.models import Procedure

    Procedure.objects.filter(code="yongxiu_identification").update(limit_days=15)
    services.application_start_verification(actor=personas.cadre_a, application=application_a)
    client = login(personas.cadre_a)
    home = client.get("/").content.decode()
    assert "已提交、核实中的农户扫码申报" in home and "/workflow/applications/?status=pending" in home
    assert "自主申报超期" not in home
    assert application_a.receipt_no in client.get("/workflow/applications/", {"status": "pending"}).content.decode()

    _submitted_days_ago(application_a, 20)
    home = client.get("/").content.decode()
    assert "自主申报超期" in home and "张大山（城南村）：已等待20天，时限15天" in home
    assert "自主申报超期" in login(personas.township).get("/").content.decode()
    overdue = client.get("/workflow/applications/", {"status": "overdue"}).content.decode()
    assert application_a.receipt_no in overdue
    decline(personas.cadre_a, Application.objects.get(pk=application_a.pk), "暂不符合条件。")
    assert "自主申报超期" not in client.get("/").content.decode()


def test_api_start_verification_refuses_a_body_and_moves_nothing(personas, login, application_a):
    """The action takes no body: a visit date and note sent to it were dropped and the application moved anyway."""
    from config.api_no_body import MSG_NO_BODY

    client = login(personas.cadre_a)
    url = f"/api/v1/applications/{application_a.pk}/start-verification/"
    body = {"visited_on": timezone.localdate().isoformat(), "note": "已入户。"}

    refused = client.post(url, body, content_type="application/json")
    application_a.refresh_from_db()
    status_after_refusal = application_a.status
    started = client.post(url, {}, content_type="application/json")

    assert refused.status_code == 400
    assert refused.json() == {"non_field_errors": [MSG_NO_BODY.format(names="visited_on、note")]}
    assert status_after_refusal == ApplicationStatus.SUBMITTED
    assert started.status_code == 200 and started.json()["status"] == "verifying"
