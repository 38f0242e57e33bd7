"""整改未到位: a closed problem sent back (campaign_problems.problem_reopen) says who reopened it, when and why, and
keeps the closing it undid only as 上次销号: no 整改成效 shows under 整改中 on the page, in the API or in 附件3."""

# ruff: noqa: F811  (the fixtures of test_campaigns, imported)
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from screening.choices_campaigns import ProblemStatus
from screening.services import campaign_problems
from tests.clock import today
from tests.screening.test_campaigns import campaign, household_a, household_b, screened  # noqa: F401

pytestmark = pytest.mark.django_db

REASON = "复查发现房产证仍未办到户主名下"


@pytest.fixture
def reopened(screened, personas):
    water = screened["water"]
    campaign_problems.problem_close(
        actor=personas.cadre_a, problem=water, effect="已办证", evidence_text="不动产权证书照片"
    )
    return campaign_problems.problem_reopen(actor=personas.township, problem=water, reason=REASON)


def test_reopening_records_why_and_keeps_the_undone_closing_apart(reopened, personas):
    assert reopened.status == ProblemStatus.IN_PROGRESS
    assert (reopened.effect, reopened.evidence_text, reopened.closed_on) == ("", "", None)
    assert (reopened.previous_effect, reopened.previous_evidence_text) == ("已办证", "不动产权证书照片")
    assert reopened.previous_closed_on == today()
    assert (reopened.reopen_reason, reopened.reopened_by) == (REASON, personas.township)
    assert reopened.reopen_note == f"乡镇于{today():%Y-%m-%d}重新打开：{REASON}"

    closed = campaign_problems.problem_close(
        actor=personas.cadre_a, problem=reopened, effect="已办到户主名下", evidence_text="新证书照片"
    )
    assert (closed.effect, closed.previous_effect) == ("已办到户主名下", "已办证")


def test_the_page_shows_the_banner_and_no_effect_under_rectification(reopened, personas, login):
    page = login(personas.cadre_a).get(f"/campaigns/problems/{reopened.pk}/").content.decode()

    assert f"乡镇于{today():%Y-%m-%d}重新打开：{REASON}" in page
    assert "<dt>整改成效</dt>" not in page
    previous = page.split("data-previous-close>")[1].split("</dd>")[0]
    assert "已办证" in previous and f"{today():%Y-%m-%d}销号，后被重新打开" in previous


def test_the_api_and_the_ledger_export_show_no_effect_for_a_problem_in_rectification(
    reopened, campaign, personas, login
):
    client = login(personas.county_officer)
    data = client.get(f"/api/v1/household-problems/{reopened.pk}/").json()
    assert (data["status"], data["effect"], data["reopen_reason"]) == ("in_progress", "", REASON)
    assert (data["previous_effect"], data["reopened_by"]) == ("已办证", personas.township.username)

    response = client.get(f"/campaigns/{campaign.pk}/problems/export/")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [[str(c or "") for c in row] for row in workbook.active.iter_rows(values_only=True)]
    row = next(r for r in rows if reopened.content in r)
    assert "整改中" in row and "已办证" not in row
    # 整改成效 says when and why it was reopened, for the stamped form to show why it is 整改中 again
    assert f"已重新打开（{today():%Y-%m-%d}）：{REASON}" in row


def test_the_undone_closings_evidence_file_is_served_as_the_previous_one(screened, personas, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("验收照片.jpg", b"\xff\xd8\xff\xe0 jpeg", content_type="image/jpeg")
    water = campaign_problems.problem_close(actor=personas.cadre_a, problem=screened["water"], evidence_file=photo)
    campaign_problems.problem_reopen(actor=personas.township, problem=water, reason=REASON)
    client = login(personas.cadre_a)

    page = client.get(f"/campaigns/problems/{water.pk}/").content.decode()
    assert "查看上次佐证材料" in page and "查看佐证材料" not in page
    assert client.get(f"/campaigns/problems/{water.pk}/evidence/").status_code == 404
    previous = client.get(f"/campaigns/problems/{water.pk}/evidence/?previous=1")
    assert previous.status_code == 200 and b"".join(previous.streaming_content) == b"\xff\xd8\xff\xe0 jpeg"
