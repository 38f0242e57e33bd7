"""减少原因 in a go-live file: a member given as 迁出 is imported with the file's reason (婚出, 外出务工, 其他 with its
words), as the 标记已故/迁出 form records one, and 未记录 only when the cell is blank; an unknown reason is the row's
error naming the column and the accepted values; one who died keeps 死亡. The column is read, so the import no longer
lists it among the columns not imported. A row given as 已故 or 迁出 for a household already in the registry says to
mark the member on the household's page (标记已故/迁出), not to add it."""

import datetime as dt

import pytest

from households.choices import LivingStatus
from households.member_reasons import LeaveReason
from households.models import Member
from households.models.activity import MemberChange
from households.registry_import.family import MSG_EXISTING, MSG_EXISTING_GONE
from households.registry_import.living import LEAVE_NOTE
from tests.households.test_registry_import import error_sheet, hn, member, pid, run, xlsx_upload
from tests.households.test_registry_import_member_status import (
    DAUGHTER,
    HEAD,
    LONE_SON,
    SON,
    VILLAGE,
    WIDOW,
    WIFE,
)

pytestmark = pytest.mark.django_db
MOVED_ON = dt.date(2023, 9, 1)
GRANDSON = pid(dt.date(2005, 8, 8), 29)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def family(*, daughter: str = "婚出", son: str = "", son_status: str = "迁出") -> list[list[str]]:
    """H1 (lines 3–6): the head, his wife, a son and a daughter who left, each with the file's 减少原因."""
    return [
        member(hn("H1"), VILLAGE, "是", "王五", HEAD, "户主"),
        member(hn("H1"), VILLAGE, "否", "李梅", WIFE, "配偶", 减少原因="参军"),  # living: not read
        member(hn("H1"), VILLAGE, "否", "王小五", SON, "之子", 人员状态=son_status, 减少原因=son),
        member(
            hn("H1"), VILLAGE, "否", "王小花", DAUGHTER, "之女", 人员状态="迁出", 状态变更日期=MOVED_ON.isoformat(),
            减少原因=daughter,
        ),
    ]  # fmt: skip


def reasons() -> dict[str, tuple[str, str, str]]:
    return {m.name: (m.living_status, m.left_reason, m.left_note) for m in Member.objects.all()}


def test_a_member_moved_out_is_imported_with_the_files_reason_and_one_who_died_with_death(personas, county):
    grandson = member(hn("H1"), VILLAGE, "否", "王小六", GRANDSON, "之孙子", 人员状态="已故", 减少原因="婚出")

    record = run(personas.county_officer, xlsx_upload([*family(son="外出务工"), grandson]))

    assert not record.rows_bad and record.households_created == 1
    assert reasons() == {
        "王五": (LivingStatus.LIVING, "", ""),
        "李梅": (LivingStatus.LIVING, "", ""),
        "王小五": (LivingStatus.MOVED_OUT, LeaveReason.WORK, ""),
        "王小花": (LivingStatus.MOVED_OUT, LeaveReason.MARRIAGE, ""),
        "王小六": (LivingStatus.DECEASED, LeaveReason.DEATH, ""),  # whatever the column says
    }
    change = MemberChange.objects.get()  # the move with its day, as a mark writes it
    assert (change.reason, change.reason_text, change.changed_on) == (LeaveReason.MARRIAGE, "婚出", MOVED_ON)
    assert "减少原因" not in record.message  # read, so not among the columns not imported


def test_other_keeps_its_words_and_a_blank_reason_reads_unrecorded(personas, county):
    run(personas.county_officer, xlsx_upload(family(daughter="其他（投靠子女）", son="")))

    assert reasons()["王小花"] == (LivingStatus.MOVED_OUT, LeaveReason.OTHER, "投靠子女")
    assert reasons()["王小五"] == (LivingStatus.MOVED_OUT, LeaveReason.UNRECORDED, "")
    assert MemberChange.objects.get().reason_text == "其他（投靠子女）"


def test_an_unknown_reason_is_the_rows_error_naming_the_column_and_the_accepted_values(personas, county):
    record = run(personas.county_officer, xlsx_upload(family(daughter="出嫁", son="其他")))

    _, errors = error_sheet(record)
    assert errors[6] == f"减少原因：无法识别“出嫁”，人员状态为迁出的成员可填：{LEAVE_NOTE}；空白记为“未记录”"
    assert errors[5].startswith("减少原因：填“其他”的请在括号中写明原因")
    assert not Member.objects.exists()


def test_a_gone_row_of_a_household_in_the_registry_says_to_mark_the_member(personas, county):
    """The registry has H1 with its head and wife living; the file, uploaded again, gives the wife as 已故 and a son
    the registry lacks as 已故 too: neither is a member to add (or 未作更改), both are marks to make there."""
    run(personas.county_officer, xlsx_upload(family()[:2]))
    data = [
        member(hn("H1"), VILLAGE, "是", "王五", HEAD, "户主"),
        member(hn("H1"), VILLAGE, "否", "李梅", WIFE, "配偶", 人员状态="已故"),
        member(hn("H1"), VILLAGE, "否", "王小五", SON, "之子", 人员状态="迁出"),
        member(hn("H2"), VILLAGE, "是", "赵婆", WIDOW, "户主"),
        member(hn("H2"), VILLAGE, "否", "赵大", LONE_SON, "之子"),
    ]

    record = run(personas.county_officer, xlsx_upload(data))

    _, errors = error_sheet(record)
    existing = MSG_EXISTING.format(number=hn("H1"), head="王五")
    assert errors[4] == existing + MSG_EXISTING_GONE.format(name="李梅", status="已故")
    assert errors[5] == existing + MSG_EXISTING_GONE.format(name="王小五", status="迁出")
    assert "王小五" not in errors[3]  # the head's row asks to add no one
    assert record.households_created == 1  # H2
