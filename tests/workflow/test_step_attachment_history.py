"""Review finding 4: 退回村级补正 and the village's second pass kept the correction and lost the minutes of its
民主评议 meeting. Every version stays on the case: the minutes as 评议会议记录（原）, the correction as 补正材料,
both on the case page under the step and served by the same scoped view."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.workflow.helpers import case_act, household_checked, sign_consent
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import CaseStep, StepAttachment
from workflow.services.meetings import ReviewInput, meeting_record

pytestmark = pytest.mark.django_db

NOTE = "缺少财产损失证明材料，请村里补充后重新报送"
ATTENDEES = {
    "committee": (3, "王书记、李主任、赵委员"),
    "work_team": (1, "周队长"),
    "supervisory": (1, "郑主任"),  # a meeting that passes a household has them (services.review_rules)
    "representative": (4, "冯一、陈二、褚三、卫四"),
}


def pdf(name: str, body: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n" + body, content_type="application/pdf")


def review(case):
    return CaseStep.objects.get(case=case, step__code="village_review")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def return_and_pass_again(personas, case, correction: bytes):
    walk_to(personas, case, "township_audit")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note=NOTE)
    case_act(
        actor=personas.cadre_a,
        case=case,
        step_code="village_review",
        outcome=Outcome.PASS,
        attachment=pdf("补正材料.pdf", correction),
    )


def step_links(page: str, step_pk: int) -> dict[str, str]:
    """The case page's links to a step's files: label → url."""
    pattern = rf'<a [^>]*?href="(/workflow/steps/{step_pk}/attachment/[^"]*)"[^>]*>([^<]+)</a>'
    return {label: url.replace("&amp;", "&") for url, label in re.findall(pattern, page)}


def test_the_minutes_stay_on_the_case_beside_the_correction(personas, login, household_a):
    case = open_case(personas, household_a)
    case_act(
        actor=personas.cadre_a,
        case=case,
        step_code="village_review",
        outcome=Outcome.PASS,
        attachment=pdf("评议会议记录.pdf", b"minutes of the village meeting"),
    )
    return_and_pass_again(personas, case, b"the property loss certificate")

    step = review(case)
    client = login(personas.township)
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    links = step_links(page, step.pk)
    assert list(links) == ["评议会议记录（原）", "补正材料"]
    assert b"minutes of the village meeting" in body(client.get(links["评议会议记录（原）"]))
    assert b"the property loss certificate" in body(client.get(links["补正材料"]))
    # Who passed the step with the minutes, and when, is said beside them.
    original = StepAttachment.objects.get(case_step=step)
    assert original.acted_by == personas.cadre_a and original.acted_at is not None
    assert f"{timezone.localtime(original.acted_at):%Y-%m-%d}" in page.split("评议会议记录（原）")[1][:200]

    # The same scoping as the step's file: another village's cadre finds neither; a made-up version is 404.
    other = login(personas.cadre_b)
    assert other.get(links["评议会议记录（原）"]).status_code == 404
    assert client.get(f"/workflow/steps/{step.pk}/attachment/?version=999999").status_code == 404
    assert client.get(f"/workflow/steps/{step.pk}/attachment/?version=x").status_code == 404
    assert client.get(f"/workflow/steps/{step.pk}/attachment/?version={'9' * 30}").status_code == 404


def test_while_the_village_corrects_the_minutes_are_still_there(personas, login, household_a):
    case = open_case(personas, household_a)
    case_act(
        actor=personas.cadre_a,
        case=case,
        step_code="village_review",
        outcome=Outcome.PASS,
        attachment=pdf("评议会议记录.pdf", b"minutes"),
    )
    walk_to(personas, case, "township_audit")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note=NOTE)

    step = review(case)
    assert step.status == CaseStepStatus.OPEN and not step.attachment
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert list(step_links(page, step.pk)) == ["评议会议记录（原）"]


def test_each_return_keeps_its_correction(personas, login, household_a):
    case = open_case(personas, household_a)
    case_act(
        actor=personas.cadre_a,
        case=case,
        step_code="village_review",
        outcome=Outcome.PASS,
        attachment=pdf("评议会议记录.pdf", b"minutes"),
    )
    return_and_pass_again(personas, case, b"first correction")
    return_and_pass_again(personas, case, b"second correction")

    step = review(case)
    client = login(personas.township)
    links = step_links(client.get(f"/workflow/cases/{case.pk}/").content.decode(), step.pk)
    assert list(links) == ["评议会议记录（原）", "补正材料（第1次）", "补正材料（第2次）"]
    assert b"minutes" in body(client.get(links["评议会议记录（原）"]))
    assert b"first correction" in body(client.get(links["补正材料（第1次）"]))
    assert b"second correction" in body(client.get(links["补正材料（第2次）"]))


def test_a_step_never_returned_shows_its_file_as_before(personas, login, household_a):
    case = open_case(personas, household_a)
    case_act(
        actor=personas.cadre_a,
        case=case,
        step_code="village_review",
        outcome=Outcome.PASS,
        attachment=pdf("评议会议记录.pdf", b"minutes"),
    )
    step = review(case)
    links = step_links(login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode(), step.pk)
    assert links == {"查看附件": f"/workflow/steps/{step.pk}/attachment/"}


def test_a_review_held_at_a_meeting_is_reviewed_again_at_a_later_meeting(personas, login, county, household_a):
    """The first review was a meeting; after the return the village meets again. Both meetings stay on the step."""
    case = open_case(personas, household_a)
    sign_consent(actor=personas.cadre_a, household=household_a)  # the village review passes only with it
    household_checked(actor=personas.cadre_a, case=case)  # and the household visit before it

    def meet(place):
        return meeting_record(
            actor=personas.cadre_a,
            village=county.village_a,
            held_on=timezone.localdate(),
            place=place,
            attendees=ATTENDEES,
            reviews=[ReviewInput(case.pk, 7, 0, 0, "情况属实")],
            minutes=pdf("会议记录.pdf", place.encode()),
        )

    first = meet("first meeting room")
    walk_to(personas, case, "township_audit")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note=NOTE)
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    # The village may hold its second meeting from the case page.
    assert f"/workflow/meetings/{county.village_a.code}/new/" in page
    second = meet("second meeting room")

    step = review(case)
    assert step.status == CaseStepStatus.DONE
    page = login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert f"/workflow/meetings/{first.pk}/" in page and f"/workflow/meetings/{second.pk}/" in page
