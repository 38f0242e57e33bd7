"""The review meeting page checks first and asks for confirmation after (no browser confirm before the server has
looked), and keeps the chosen minutes file across an error, for its uploader only."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.choices import Role
from households.choices import HouseholdType, Relation
from households.models import PendingUpload
from households.services import registry
from households.services.pending_uploads import MSG_GONE, pending_get, pending_store
from tests.factories import UserFactory
from tests.households.conftest import member_row
from tests.workflow.meeting_helpers import hidden_fields
from tests.workflow.test_meetings import open_case, review_step
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import VillageMeeting
from workflow.services.attachments import upload_check
from workflow.services.review_rules import MSG_MINUTES_FOR_PASS

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 the minutes"


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def cases(personas, household_a):
    rows = [member_row("刘小河", Relation.HEAD, dt.date(1972, 4, 9), 33)]
    second = registry.household_create(
        actor=personas.cadre_a, village=household_a.village, members=rows, household_type=HouseholdType.ORDINARY
    )
    return [open_case(personas.cadre_a, h) for h in (household_a, second)]


def url(county):
    return f"/workflow/meetings/{county.village_a.code}/new/"


def meeting_post(cases, **extra):
    first, second = cases
    return {
        "held_on": timezone.localdate().isoformat(),
        "place": "城南村村委会",
        "committee_count": 5,
        "committee_names": "王、李、赵、钱、孙",
        "work_team_count": 0,
        "supervisory_count": 1,
        "supervisory_names": "郑",
        "representative_count": 3,
        "representative_names": "冯、陈、褚",
        "confirm_unusual": "on",  # no resident work team in this village (services.review_rules asks)
        f"case_{first.pk}": "on",
        f"for_{first.pk}": 8,
        f"against_{first.pk}": 1,
        f"abstain_{first.pk}": 0,
        f"case_{second.pk}": "on",
        f"for_{second.pk}": 3,
        f"against_{second.pk}": 5,
        f"abstain_{second.pk}": 1,
        **extra,
    }


def pdf(name="会议记录.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def kept_token(page: str) -> str:
    marker = 'name="minutes_token" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_the_form_asks_no_browser_confirm_before_the_server_has_checked(personas, login, county, cases):
    client = login(personas.cadre_a)
    page = client.get(url(county)).content.decode()
    assert "confirm(" not in page and "data-confirm-" not in page and "下一步：确认" in page
    # Refused on the first post: the errors, no confirmation, nothing recorded.
    response = client.post(url(county), meeting_post(cases, representative_count=0))
    page = response.content.decode()
    assert response.status_code == 200 and "村级评议须有村民代表参加" in page
    assert 'name="confirmed"' not in page
    assert VillageMeeting.objects.count() == 0


def test_a_service_refusal_is_said_before_confirmation(personas, login, county, cases):
    first, _ = cases
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = login(personas.cadre_a).post(url(county), meeting_post(cases, held_on=yesterday.isoformat()))
    page = response.content.decode()
    assert "会议日期不能早于该日期" in page and 'name="confirmed"' not in page
    assert review_step(first).status == CaseStepStatus.OPEN


def test_a_valid_meeting_is_confirmed_before_it_is_recorded(personas, login, county, cases, media):
    first, second = cases
    client = login(personas.cadre_a)
    response = client.post(url(county), meeting_post(cases, host="王书记", minutes=pdf()))
    page = response.content.decode()
    assert response.status_code == 200
    assert "确认民主评议会议" in page and "到会合计</dt><dd>9 人" in page and "王书记" in page
    assert "张大山户" in page and "刘小河户" in page
    assert "赞成 8 · 反对 1 · 弃权 0（到会 9 人，过半数同意）" in page
    assert "赞成 3 · 反对 5 · 弃权 1（到会 9 人，未获过半数同意）" in page
    assert "<dt>会议记录</dt><dd>会议记录.pdf</dd>" in page and "confirm(" not in page and "data-confirm-" not in page
    assert "已核实确认（仍要提交）" in page and "没有驻村工作队成员到会" in page
    assert VillageMeeting.objects.count() == 0 and review_step(first).status == CaseStepStatus.OPEN

    # 返回修改: the form again, filled in; still nothing recorded.
    back = client.post(url(county), {**hidden_fields(page), "edit": "1"}).content.decode()
    assert "下一步：确认" in back and 'value="城南村村委会"' in back and 'value="王书记"' in back
    assert VillageMeeting.objects.count() == 0

    done = client.post(url(county), hidden_fields(page))
    assert done.status_code == 302
    meeting = VillageMeeting.objects.get()
    assert meeting.host == "王书记" and meeting.attendee_total == 9 and meeting.minutes
    assert review_step(first).outcome == Outcome.PASS and review_step(second).outcome == Outcome.REJECT


def test_the_minutes_file_is_kept_across_an_error(personas, login, county, cases, media):
    client = login(personas.cadre_a)
    # An error elsewhere on the form: the file chosen stays chosen.
    response = client.post(url(county), meeting_post(cases, representative_count=0, minutes=pdf()))
    page = response.content.decode()
    assert "村级评议须有村民代表参加" in page
    assert "已选择：<strong>会议记录.pdf</strong>（可更换）" in page
    assert "上次选择的文件未保存" not in page
    token = kept_token(page)

    # Corrected, the file not picked again: the confirmation names it, and the record has it.
    confirm = client.post(url(county), meeting_post(cases, minutes_token=token)).content.decode()
    assert 'name="confirmed"' in confirm and "<dt>会议记录</dt><dd>会议记录.pdf</dd>" in confirm
    assert client.post(url(county), hidden_fields(confirm)).status_code == 302
    meeting = VillageMeeting.objects.get()
    with meeting.minutes.open("rb") as handle:
        assert handle.read() == PDF
    assert meeting.minutes.name.startswith("meetings/")
    detail = client.get(f"/workflow/meetings/{meeting.pk}/").content.decode()
    assert "查看上传的会议记录" in detail
    # The kept copy is gone once used.
    assert PendingUpload.objects.count() == 0
    assert not list((Path(media) / "pending").rglob("*.pdf"))


def test_a_kept_file_can_be_replaced_or_dropped_and_a_bad_file_is_not_kept(personas, login, county, cases, media):
    client = login(personas.cadre_a)
    bad = meeting_post(cases, representative_count=0)
    token = kept_token(client.post(url(county), {**bad, "minutes": pdf("初稿.pdf")}).content.decode())
    # Another file replaces it.
    page = client.post(url(county), {**bad, "minutes_token": token, "minutes": pdf("定稿.pdf")}).content.decode()
    assert "已选择：<strong>定稿.pdf</strong>" in page and "初稿.pdf" not in page
    assert list(PendingUpload.objects.values_list("name", flat=True)) == ["定稿.pdf"]
    token = kept_token(page)
    # A file no record would take is refused with the other errors in one round, and not kept.
    fake = pdf("伪装.pdf", b"MZ\x90\x00 not a pdf")
    page = client.post(url(county), {**bad, "minutes_token": token, "minutes": fake}).content.decode()
    assert "只能上传 JPG、PNG 或 PDF 文件" in page and "村级评议须有村民代表参加" in page
    assert "伪装.pdf" not in page and PendingUpload.objects.filter(name="伪装.pdf").count() == 0
    # 不上传已选择的文件: dropped; a meeting that passes a household is then asked for its minutes.
    page = client.post(url(county), meeting_post(cases, minutes_token=token, minutes_clear="on")).content.decode()
    assert MSG_MINUTES_FOR_PASS in page and "定稿.pdf" not in page and 'name="confirmed"' not in page
    assert PendingUpload.objects.count() == 0
    # One that passes nobody is confirmed without them (added later on its page).
    refusing = meeting_post(cases, minutes_clear="on", **{f"for_{cases[0].pk}": 2, f"against_{cases[0].pk}": 7})
    page = client.post(url(county), refusing).content.decode()
    assert "未上传（可在会议详情页补充上传）" in page


def test_a_kept_file_works_only_for_the_user_who_chose_it(personas, login, county, cases, media):
    client = login(personas.cadre_a)
    page = client.post(url(county), meeting_post(cases, representative_count=0, minutes=pdf())).content.decode()
    token = kept_token(page)
    colleague = UserFactory(
        username="cadre_a2",
        role=Role.VILLAGE_CADRE,
        region_path=county.village_a.path,
        region_name=county.village_a.name,
    )
    assert pending_get(actor=colleague, purpose=f"meeting:{county.village_a.code}", token=token) is None
    other = login(colleague)
    # Not shown, not used: said at the field, and a confirmed post with it records nothing.
    response = other.post(url(county), meeting_post(cases, minutes_token=token))
    page = response.content.decode()
    assert MSG_GONE in page and "会议记录.pdf" not in page and 'name="confirmed"' not in page
    response = other.post(url(county), meeting_post(cases, minutes_token=token, confirmed="1"))
    assert response.status_code == 200 and MSG_GONE in response.content.decode()
    assert VillageMeeting.objects.count() == 0
    # Still the uploader's.
    assert PendingUpload.objects.get().token == token


def test_kept_files_older_than_a_day_are_deleted_on_the_next_upload(personas, login, county, cases, media):
    purpose = f"meeting:{county.village_a.code}"
    old = pending_store(
        actor=personas.cadre_a, purpose=purpose, upload=pdf("旧.pdf"), field="minutes", check=upload_check
    )
    old_path = Path(old.file.path)
    assert old_path.exists()
    PendingUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    # An expired token no longer works: the cadre is told to choose the file again.
    page = login(personas.cadre_a).post(url(county), meeting_post(cases, minutes_token=old.token)).content.decode()
    assert MSG_GONE in page and 'name="confirmed"' not in page
    pending_store(
        actor=personas.cadre_b, purpose="meeting:x", upload=pdf("新.pdf"), field="minutes", check=upload_check
    )
    assert list(PendingUpload.objects.values_list("name", flat=True)) == ["新.pdf"]
    assert not old_path.exists()
