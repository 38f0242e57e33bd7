"""户编号 of a household registered here (新建农户, 分户): the village's 12-digit division code and a 4-digit
sequence, the shape seed_demo, the go-live import and the national export use.

A number the go-live import named but did not load (households.models.RegistryImportNumber: a rejected household
to be corrected and uploaded again, or one still to be loaded) belongs to the national system's household, so the
sequence goes on past it: a household numbered here under it would line up with the wrong family in the national
system's export, and the corrected row would be refused as taken. A number a household gave up (整户迁移:
households.models.RetiredNumber) is passed over too: it stays in that household's history and in the exports sent,
and is never given to another family. A number typed on a household (新建农户, 修改) is refused for the same reasons
(number_refusal), naming what holds it."""

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from households.models import Household, Region, RegistryImportNumber, RetiredNumber
from households.services.household_rules import NUMBER_SEQUENCE_DIGITS

# First key of the advisory lock under which a village's households are numbered; the second is the village's id.
NUMBER_LOCK_CLASS = 7_301
# First key of the county's lock on its held numbers; the second is the county's 6-digit code. Numbering takes it
# shared (villages number side by side); the import's checks take it exclusively while they decide which numbers are
# taken and which it holds (households.registry_import.numbers), so a registration either committed before them and
# is seen as taken, or reads the numbers held.
HELD_LOCK_CLASS = 7_302

MSG_NUMBER_HELD = (
    "户编号 {number} 是{day}上传的农户档案导入（{file}）第{line}行农户的户编号，该户尚未入库（有误待更正后重新上传，"
    "或尚待导入）。户编号以国家系统为准，不能用于本系统登记的另一户：请填写本村未用的编号（新建农户时可留空，由系统"
    "自动编号）。"
)
# On 修改农户's 户编号 field: a number typed over is retired (number_retire, from households.services.registry).
HELP_NUMBER_RETIRED = (
    "户编号一般不改。改后原编号停用：它留在变更记录和已报送的台账中，不再分配给其他农户（本户可改回）。"
)
MSG_NUMBER_RETIRED = (
    "户编号 {number} 曾是另一户的户编号（该户{day}{reason}后已改用新编号），用过的户编号不再使用，以免变更记录和台账"
    "指向两户：请填写本村未用的编号（新建农户时可留空，由系统自动编号）。"
)


def county_key(region_path: str) -> int:
    return int(region_path[:6])


def next_number(village: Region) -> str:
    """The village's next number: one past the highest of its households' and of the numbers an import holds. One
    registration (or 分户) of the village at a time numbers, to its commit: a lock on the last household's row let a
    second one, queued behind it, read the same last number once the first committed (and be refused a number
    nobody typed), and the village's first household had no row to lock."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [NUMBER_LOCK_CLASS, village.pk])
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", [HELD_LOCK_CLASS, county_key(village.path)])
    own = Household.objects.filter(number__startswith=village.path, village=village).values_list("number")
    # Only numbers of the village's shape: a rejected row's malformed number is no sequence to continue.
    shape = Q(number__regex=rf"^{village.path}[0-9]{{{NUMBER_SEQUENCE_DIGITS}}}$")
    held = RegistryImportNumber.objects.filter(shape).values_list("number")
    # A number retired by a move commits with the household's new number (one transaction): this one query sees
    # either the household still under it or the number retired, never neither.
    retired = RetiredNumber.objects.filter(shape).values_list("number")
    last = own.union(held, retired).order_by("-number").values_list("number", flat=True).first()
    sequence = int(last[len(village.path) :]) + 1 if last and last[len(village.path) :].isdigit() else 1
    return f"{village.path}{sequence:0{NUMBER_SEQUENCE_DIGITS}d}"


def number_retire(*, household: Household, number: str, reason: str) -> None:
    """Keep `number`, which `household` gives up now (in the caller's transaction), from ever being given again."""
    if number:
        RetiredNumber.objects.bulk_create(
            [RetiredNumber(number=number, household=household, reason=reason)], ignore_conflicts=True
        )


def number_refusal(number: str, *, household: Household | None = None) -> str:
    """Why a 户编号 typed on a household cannot be given ("" when it can): one an import holds for the national
    system's household (named by the import's upload day, file and row), or one a household gave up. One taken by
    a household now is the caller's to say (it names the household its own way)."""
    if held := (
        RegistryImportNumber.objects.filter(number=number).select_related("registry_import").order_by("-pk").first()
    ):
        upload = held.registry_import
        return MSG_NUMBER_HELD.format(
            number=number,
            day=timezone.localdate(upload.created_at).isoformat(),
            file=upload.original_name,
            line=held.line or "—",
        )
    # A household may take back a number it gave up itself (a mistyped 户编号 corrected back): its history is its own.
    retired = RetiredNumber.objects.filter(number=number)
    if household is not None:
        retired = retired.exclude(household=household)
    if retired := retired.first():
        day = timezone.localdate(retired.retired_at).isoformat()
        return MSG_NUMBER_RETIRED.format(number=number, day=day, reason=retired.get_reason_display())
    return ""
