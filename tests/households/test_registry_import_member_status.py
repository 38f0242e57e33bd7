"""人员状态 in a go-live file: a member the national system gives as 死亡/已故 or 迁出 is imported so, as the
标记已故/迁出 form marks one (减少原因, day, 成员变动 row), and never counted as a living member (household size,
人均纯收入); an unknown status is the row's error; a household with nobody living is not registered; the check says
how many."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from households.choices import LivingStatus
from households.member_reasons import LeaveReason
from households.models import Household, HouseholdEvent, HouseholdIncome, Member, RegistryImport
from households.models.activity import MemberChange
from households.registry_import import registry_import_create, registry_import_run
from households.registry_import.columns import STATUS_NOTE
from households.registry_import.living import MSG_HEAD_GONE, MSG_NOBODY_LIVING
from households.registry_import.staging import MSG_SIBLING
from tests.clock import this_year
from tests.households.test_registry_import import HEADER, error_sheet, hn, member, pid, run, xlsx_upload

pytestmark = pytest.mark.django_db
Status = RegistryImport.Status
VILLAGE = "360425100202"

HEAD = pid(dt.date(1950, 6, 6), 21)
WIFE = pid(dt.date(1952, 3, 3), 22)
SON = pid(dt.date(1980, 1, 30), 23)
DAUGHTER = pid(dt.date(1984, 5, 5), 24)
WIDOW = pid(dt.date(1940, 2, 2), 25)
LONE_SON = pid(dt.date(1962, 7, 7), 27)
DIED_ON = dt.date(2024, 3, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def year() -> int:
    return max(2020, this_year() - 1)


def rows(*, son_status: str = "死亡", h2_status: str = "去世") -> list[list[str]]:
    """H1: the head, his wife (人员状态 正常), a son who died (死亡日期 given), a daughter who moved out (no day);
    its income of last year. H2: a widow and her son, both gone (nobody living)."""
    income = {"收入年度": str(year()), "工资性收入": "24000", "转移性收入": "3600"}
    return [
        member(hn("H1"), VILLAGE, "是", "王五", HEAD, "户主", 人员状态="正常", **income),
        member(hn("H1"), VILLAGE, "否", "李梅", WIFE, "配偶"),
        member(hn("H1"), VILLAGE, "否", "王小五", SON, "之子", 人员状态=son_status, 状态变更日期=DIED_ON.isoformat()),
        member(hn("H1"), VILLAGE, "否", "王小花", DAUGHTER, "之女", 人员状态="迁出"),
        member(hn("H2"), VILLAGE, "是", "赵婆", WIDOW, "户主", 人员状态=h2_status),
        member(hn("H2"), VILLAGE, "否", "赵大", LONE_SON, "之子", 人员状态="迁出"),
    ]


def check(actor, upload) -> RegistryImport:
    record = registry_import_create(actor=actor, upload=upload, enqueue=False, check_only=True)
    return registry_import_run(import_id=record.pk)


def test_members_dead_or_moved_out_are_imported_so_and_only_the_living_count(personas, county):
    record = run(personas.county_officer, xlsx_upload(rows()))

    assert record.status == Status.DONE and record.households_created == 1
    h1 = Household.objects.get(number=hn("H1"))
    son, daughter = Member.objects.get(id_number=SON), Member.objects.get(id_number=DAUGHTER)
    assert (son.living_status, son.status_changed_on, son.left_reason) == (
        LivingStatus.DECEASED,
        DIED_ON,
        LeaveReason.DEATH,
    )
    assert (daughter.living_status, daughter.status_changed_on, daughter.left_reason) == (
        LivingStatus.MOVED_OUT,
        None,
        LeaveReason.UNRECORDED,
    )
    assert Member.objects.get(id_number=WIFE).living_status == LivingStatus.LIVING
    # 人均纯收入 over the two living members, not four.
    income = HouseholdIncome.objects.get(household=h1)
    assert income.members_count == 2
    assert income.per_capita_net_income == Decimal("13800.00")  # (24,000 + 3,600) / 2
    # The death with its day has its 成员变动 row, as a mark has; the move without a day has none (日期未填).
    change = MemberChange.objects.get(household=h1)
    assert (change.member_id, change.kind, change.changed_on, change.reason, change.reason_text) == (
        son.pk,
        MemberChange.Kind.DECEASED,
        DIED_ON,
        LeaveReason.DEATH,
        "死亡",
    )
    assert change.actor_id == personas.county_officer.pk
    event = HouseholdEvent.objects.get(household=h1)
    gone = {c["label"]: c["new"] for c in event.changes if c["field"] == "living_status"}
    assert gone == {"王小五的人员状态": f"已故（{DIED_ON.isoformat()}）", "王小花的人员状态": "迁出（日期未填）"}
    assert record.members_deceased == 1 and record.members_moved_out == 1
    assert "家庭成员 4 人（其中按人员状态登记为已故 1 人、迁出 1 人，不计入户人数和人均纯收入）" in record.message


def test_a_household_with_nobody_living_is_not_registered_and_the_check_says_so(personas, county, login):
    record = check(personas.county_officer, xlsx_upload(rows()))

    assert record.status == Status.DONE and record.households_ok == 1 and record.households_bad == 1
    assert not Household.objects.exists()
    _, reasons = error_sheet(record)
    assert reasons[7] == MSG_NOBODY_LIVING and reasons[8] == MSG_NOBODY_LIVING
    assert "、家庭成员 4 人（其中按人员状态登记为已故 1 人、迁出 1 人，不计入户人数和人均纯收入）" in record.message
    assert "其中 1 户成员均为已故或迁出，无在世成员，按农户注销的规则不建档。" in record.message
    page = login(personas.county_officer).get(reverse("households:import_detail", args=[record.pk])).content.decode()
    assert "其中按人员状态已故 1 人、迁出 1 人" in page


def test_an_unknown_status_is_the_rows_error_naming_the_column_and_the_accepted_values(personas, county):
    record = run(personas.county_officer, xlsx_upload(rows(son_status="外出")))

    _, reasons = error_sheet(record)
    assert reasons[5] == f"人员状态：无法识别“外出”，可填：{STATUS_NOTE}"
    assert reasons[3] == MSG_SIBLING  # the household is refused whole, the other's rows go on
    assert not Household.objects.filter(number=hn("H1")).exists()
    assert record.rows_bad == 6  # H1's four, and H2 (nobody living)


def test_a_dead_head_beside_living_members_is_refused_at_the_heads_row(personas, county):
    data = rows()
    data[0] = member(hn("H1"), VILLAGE, "是", "王五", HEAD, "户主", 人员状态="已故")

    record = run(personas.county_officer, xlsx_upload(data))

    _, reasons = error_sheet(record)
    assert reasons[3] == MSG_HEAD_GONE.replace("%s", "已故")


def test_a_former_head_who_died_keeps_the_relation_head_and_the_living_head_is_imported(personas, county):
    data = [
        member(hn("H1"), VILLAGE, "是", "王小五", SON, "户主"),
        member(hn("H1"), VILLAGE, "否", "王五", HEAD, "户主", 人员状态="已故", 状态变更日期="2023年5月6日"),
    ]
    header = [("死亡日期" if h == "状态变更日期" else h) for h in HEADER]  # as another export names it

    record = run(personas.county_officer, xlsx_upload(data, header=header))

    assert record.status == Status.DONE and record.households_created == 1 and not record.rows_bad
    old_head = Member.objects.get(id_number=HEAD)
    assert (old_head.living_status, old_head.status_changed_on) == (LivingStatus.DECEASED, dt.date(2023, 5, 6))
    assert old_head.relation_label == "原户主"
    assert Household.objects.get(number=hn("H1")).head_name == "王小五"


def test_a_status_day_in_the_future_or_before_birth_is_refused(personas, county):
    data = rows()[:4]
    data[2] = member(hn("H1"), VILLAGE, "否", "王小五", SON, "之子", 人员状态="死亡", 状态变更日期="1979-01-01")

    record = run(personas.county_officer, xlsx_upload(data))

    _, reasons = error_sheet(record)
    assert reasons[5] == "状态变更日期：1979-01-01 早于该成员的出生日期 1980-01-30"


def test_a_bare_status_header_is_read_when_it_is_the_only_one(personas, county):
    header = [("状态" if h == "人员状态" else h) for h in HEADER]

    record = run(personas.county_officer, xlsx_upload(rows()[:4], header=header))

    assert Member.objects.get(id_number=SON).living_status == LivingStatus.DECEASED
    assert "以下列未导入" not in record.message


def test_a_moved_out_member_may_live_in_another_household_of_the_file(personas, county):
    data = [*rows()[:4], member(hn("H3"), VILLAGE, "是", "王小花", DAUGHTER, "户主")]

    record = run(personas.county_officer, xlsx_upload(data))

    assert record.households_created == 2 and not record.rows_bad
    statuses = set(Member.objects.filter(id_number=DAUGHTER).values_list("living_status", flat=True))
    assert statuses == {LivingStatus.MOVED_OUT, LivingStatus.LIVING}
