"""脱贫劳动力就业台账 (004 (六)): each quarter, the employment of every working-age member of lifted-out and
monitored households: employed or not, where, months worked, monthly income, public-welfare post."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.scoping import user_scope_prefix
from assistance.choices import MeasureStatus
from assistance.models import EmploymentRecord, PlanMeasure
from assistance.quarters import FIRST_YEAR, LAST_YEAR, months_by_end, quarter_of
from assistance.selectors_employment import is_labourer, not_labourer_message
from assistance.services.common import ensure_can_assist
from config.stale import stale_check
from households.choices import EmploymentPlace
from households.models import HouseholdEvent, Member
from households.services.common import diff, display, record_event

MSG_QUARTER = "季度须为1至4。"
MSG_YEAR = "年度无效。"
MSG_MONTHS = "务工时间须在0至12个月之间。"
MSG_MONTHS_MISSING = "请填写本年务工时间（从1月算起，到{period}末本年共{by_end}个月）。"
MSG_INCOME = "月均务工收入不能为负数。"
MSG_PLACE_REQUIRED = "务工就业的，请选择务工地点。"
MSG_PLACE_NOT_EMPLOYED = "未务工就业的，务工地点应为“未务工”。"
MSG_FUTURE_QUARTER = "不能登记尚未开始的季度。"
MSG_MONTHS_AFTER_QUARTER = "本年务工时间不能超过{by_end}个月：到{period}末，本年只有{by_end}个月。"
MSG_EMPLOYED_NO_MONTHS = "是否务工就业为“是”的，本年务工时间至少1个月。"
MSG_IDLE_ALL_MONTHS = (
    "是否务工就业为“否”的，本年务工时间应少于{by_end}个月（到{period}末本年共{by_end}个月）；本季度在务工的，"
    "请选择是否务工就业“是”。"
)
MSG_EMPLOYED_NO_INCOME = "是否务工就业为“是”的，月均务工收入应大于0；不清楚的可先不填。"
MSG_IDLE_INCOME = "是否务工就业为“否”且本年务工时间为0个月的，月均务工收入应为0。"
MSG_IDLE_PUBLIC_POST = "是否务工就业为“否”的，不能登记为公益性岗位；在公益性岗位上的，请选择是否务工就业“是”。"
MSG_SNAPSHOT_PAST = "{period}已经过去，不能按今天的农户档案生成该季度台账；该季度未登记的人员请逐人补登。"
# What a quarter's record says of the member, as the edit page and the API give it.
RECORD_FIELDS = ("employed", "place", "months", "monthly_income", "public_welfare_post", "note")
SUMMARY_LIMIT = HouseholdEvent._meta.get_field("summary").max_length or 200
EMPTY = "（空）"
# The catalogue's 乡村公益性岗位 (assistance.catalogue): a member holding one is employed on a public-welfare post.
PUBLIC_POST = "public_post"


def _validate_quarter(year: int, quarter: int) -> None:
    errors: dict[str, str] = {}
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = MSG_QUARTER
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = MSG_YEAR
    elif not errors and (year, quarter) > quarter_of(timezone.localdate()):
        errors["quarter"] = MSG_FUTURE_QUARTER
    if errors:
        raise ValidationError(errors)


def _validate(
    *,
    year: int,
    quarter: int,
    employed: bool,
    place: str,
    months: int | None,
    monthly_income: Decimal | None,
    public_welfare_post: bool,
) -> None:
    """The quarter's record against itself: months within the year so far, and 是否务工就业 agreeing with the
    place, the months, the wage and the public-welfare post. Each error is on the field to correct. Months None
    (待补充, what registry_months leaves to the village) is not a value a save may keep: it asks for them."""
    _validate_quarter(year, quarter)
    errors: dict[str, str] = {}
    by_end = months_by_end(quarter)
    period = f"{year}年第{quarter}季度"
    if months is None:
        errors["months"] = MSG_MONTHS_MISSING.format(period=period, by_end=by_end)
    elif not 0 <= months <= 12:
        errors["months"] = MSG_MONTHS
    elif months > by_end:
        errors["months"] = MSG_MONTHS_AFTER_QUARTER.format(period=period, by_end=by_end)
    elif employed and months == 0:
        errors["months"] = MSG_EMPLOYED_NO_MONTHS
    elif not employed and months >= by_end:
        errors["months"] = MSG_IDLE_ALL_MONTHS.format(period=period, by_end=by_end)
    if monthly_income is not None and monthly_income < 0:
        errors["monthly_income"] = MSG_INCOME
    elif employed and monthly_income == 0:
        errors["monthly_income"] = MSG_EMPLOYED_NO_INCOME
    elif not employed and months == 0 and monthly_income:
        errors["monthly_income"] = MSG_IDLE_INCOME
    if employed and place in ("", EmploymentPlace.NONE):
        errors["place"] = MSG_PLACE_REQUIRED
    if not employed and place not in ("", EmploymentPlace.NONE):
        errors["place"] = MSG_PLACE_NOT_EMPLOYED
    if not employed and public_welfare_post:
        errors["public_welfare_post"] = MSG_IDLE_PUBLIC_POST
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def employment_record_save(
    *,
    actor: Any,
    member: Member,
    year: int,
    quarter: int,
    employed: bool,
    place: str = EmploymentPlace.NONE,
    months: int | None = 0,
    monthly_income: Decimal | None = None,
    public_welfare_post: bool = False,
    note: str = "",
    expected: Mapping[str, Any] | None = None,
) -> EmploymentRecord:
    """Record a member's quarter, or correct it. ``expected`` (the edit page, config.stale): what the page showed of
    the fields this user changed. Of a quarter recorded or corrected by someone else since the page was shown, only
    those fields are written, and one of them changed meanwhile refuses the save (StaleEdit). The household's history
    row and the audit event hold a correction's old and new values (a first report's values as `after`); a save
    that changes nothing writes nothing."""
    ensure_can_assist(actor, member.region_path)
    values: dict[str, Any] = {
        "employed": employed,
        "place": place,
        "months": months,
        "monthly_income": monthly_income,
        "public_welfare_post": public_welfare_post,
        "note": note,
    }
    shown = EmploymentRecord.objects.select_for_update().filter(member=member, year=year, quarter=quarter).first()
    before = {name: getattr(shown, name) for name in RECORD_FIELDS} if shown is not None else None
    if expected is not None and before is not None:
        stale_check(current=before, expected=expected)
        values = before | {name: values[name] for name in expected}
    values["place"] = values["place"] or EmploymentPlace.NONE
    values["note"] = values["note"].strip()
    if not values["employed"] and values["monthly_income"] is None:
        values["monthly_income"] = Decimal("0")  # no work, no wage: nothing left to report
    if values["monthly_income"] is not None:
        values["monthly_income"] = _cents(values["monthly_income"])
    _validate_quarter(year, quarter)
    if not is_labourer(actor=actor, member=member, quarter=(year, quarter)):
        raise ValidationError({"member": not_labourer_message(member, (year, quarter))})
    _validate(
        year=year,
        quarter=quarter,
        employed=values["employed"],
        place=values["place"],
        months=values["months"],
        monthly_income=values["monthly_income"],
        public_welfare_post=values["public_welfare_post"],
    )
    if before is not None and all(before[name] == values[name] for name in RECORD_FIELDS):
        return shown  # the quarter as it is recorded: nothing to write, nothing to record
    record, created = EmploymentRecord.objects.select_for_update().update_or_create(
        member=member,
        year=year,
        quarter=quarter,
        defaults={
            "household_id": member.household_id,
            "region_path": member.region_path,
            **values,
            "recorded_by": actor,
        },
    )
    # A correction says what it replaced (the wage it overwrote); a first report what it recorded. Both are facts of
    # the household, so its history shows them beside the audit event (households.services.common.record_event).
    changes = [] if created else diff(record, before or {}, list(RECORD_FIELDS))
    record_event(
        actor=actor,
        household=member.household,
        member=member,
        action="assistance.employment_save",
        target=record,
        summary=_summary(record, member, created, changes),
        changes=changes,
        after={name: display(record, name, getattr(record, name)) for name in RECORD_FIELDS} if created else None,
    )
    return record


def _summary(record: EmploymentRecord, member: Member, created: bool, changes: list[dict[str, str]]) -> str:
    """登记张大山 2026年第2季度就业情况：县内务工3个月，月均2800.00元; a correction names each field old → new, the
    note only as changed (free text the audit log does not show its readers: accounts.audit_labels.NOTE_FIELDS)."""
    quarter = f"{member.name} {record.year}年第{record.quarter}季度就业情况"
    if created:
        summary = f"登记{quarter}：" + (
            f"{EmploymentPlace(record.place).label}务工{record.months}个月，{_income_words(record.monthly_income)}"
            if record.employed
            else "未务工"
        )
        summary += "，公益性岗位" if record.public_welfare_post else ""
    else:
        said = [
            f"{c['label']}：{c['old'] or EMPTY} → {c['new'] or EMPTY}"
            if c["field"] != "note"
            else f"{c['label']}已修改"
            for c in changes
        ]
        summary = f"修改{quarter}" + (f"，{'；'.join(said)}" if said else "")
    return summary if len(summary) <= SUMMARY_LIMIT else summary[: SUMMARY_LIMIT - 1] + "…"


def _cents(amount: Decimal) -> Decimal:
    """A wage as it is stored and recorded: 3200 is 3200.00 (an amount out of any range is left to the checks)."""
    try:
        return amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        return amount


def _income_words(monthly_income: Decimal | None) -> str:
    return "月均收入未填报" if monthly_income is None else f"月均{monthly_income}元"


def _public_posts(member_ids: list[int], year: int, quarter: int) -> dict[int, int]:
    """The members who held a 乡村公益性岗位 measure in the quarter (实施中, or 已完成 no earlier than the quarter
    began) → the months it ran this year up to the quarter's end (or today, or its completion)."""
    first = dt.date(year, 3 * quarter - 2, 1)
    last = dt.date(year + quarter // 4, 3 * quarter % 12 + 1, 1) - dt.timedelta(days=1)
    today = timezone.localdate()
    held: dict[int, int] = {}
    measures = PlanMeasure.objects.filter(
        member_id__in=member_ids,
        measure_type__code=PUBLIC_POST,
        status__in=(MeasureStatus.IN_PROGRESS, MeasureStatus.DONE),
        starts_on__lte=last,
    ).values_list("member_id", "status", "starts_on", "completed_on", "ends_on")
    for member_id, status, starts_on, completed_on, ends_on in measures:
        ended = last if status == MeasureStatus.IN_PROGRESS else (completed_on or ends_on or starts_on)
        end = min(ended, last, today)
        if end < first:
            continue
        start = max(starts_on, dt.date(year, 1, 1))
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        held[member_id] = max(held.get(member_id, 0), min(months, 12))
    return held


def registry_months(*, employed: bool, registered: int, quarter: int, post: int | None = None) -> int | None:
    """本年务工时间 of a quarter started from the registry: its months (of a whole year, so no more than the year so
    far), at least the months of a public-welfare post held (_public_posts). None (待补充) where the registry does not
    say how long this year, rather than a number the edit form would refuse (_validate): a member working
    (务工地点 set) with 0 months, or 未务工 with every month of the year so far (a count of another year: this
    year's is fewer, and which is not known). The ledger page, its edit form and the XLSX ask the village for it."""
    by_end = months_by_end(quarter)
    months = max(min(registered, by_end), post or 0)
    if (employed and months == 0) or (not employed and months >= by_end):
        return None
    return months


@transaction.atomic
def employment_snapshot_take(*, actor: Any, members: Any, year: int, quarter: int) -> int:
    """Start a quarter's ledger from the registry: every listed member without a row for the quarter gets one
    copied from their registered employment place and months, and from their 乡村公益性岗位 measure, if they held
    one in the quarter (_public_posts): employed on a public-welfare post, in the county where the registry says
    they do not work away (the post is in the village), for at least the months it ran. Months the registry does
    not give are left 待补充 (registry_months), never a row the edit form refuses. Rows already entered are kept.
    Returns rows added."""
    # The members come from employment_members(actor=…), already in scope; this checks the capability.
    ensure_can_assist(actor, user_scope_prefix(actor) or "")
    _validate_quarter(year, quarter)
    if (year, quarter) < quarter_of(timezone.localdate()):
        # A past quarter's return is history: today's registry does not say what anyone did then.
        raise ValidationError({"quarter": MSG_SNAPSHOT_PAST.format(period=f"{year}年第{quarter}季度")})
    members = list(members)
    existing = set(
        EmploymentRecord.objects.filter(year=year, quarter=quarter, member__in=members).values_list(
            "member_id", flat=True
        )
    )
    posts = _public_posts([m.pk for m in members if m.pk not in existing], year, quarter)
    rows = []
    for m in members:
        if m.pk in existing:
            continue
        post = posts.get(m.pk)
        place = m.employment_place or EmploymentPlace.NONE
        if post is not None and place == EmploymentPlace.NONE:
            place = EmploymentPlace.IN_COUNTY
        employed = place != EmploymentPlace.NONE
        rows.append(
            EmploymentRecord(
                member=m,
                household_id=m.household_id,
                region_path=m.region_path,
                year=year,
                quarter=quarter,
                employed=employed,
                place=place,
                months=registry_months(employed=employed, registered=m.employment_months, quarter=quarter, post=post),
                # What was earned is not in the registry: left for the village to report (None), not written as 0.
                monthly_income=None if employed else Decimal("0"),
                public_welfare_post=post is not None,
                recorded_by=actor,
            )
        )
    EmploymentRecord.objects.bulk_create(rows)
    on_posts = sum(row.public_welfare_post for row in rows)
    to_complete = sum(row.months is None for row in rows)
    audit_record(
        actor=actor,
        action="assistance.employment_snapshot",
        summary=f"生成{year}年第{quarter}季度劳动力就业台账：新增{len(rows)}人（据农户档案中的务工信息"
        + (f"，其中{on_posts}人据乡村公益性岗位措施" if on_posts else "")
        + "）"
        + (f"，{to_complete}人本年务工时间待补充" if to_complete else ""),
        object_type="assistance.employmentrecord",
    )
    return len(rows)
