"""已核实: a comparison list's finding checked and closed with its outcome (households.data_check_reviews says how
long the review holds). Who and when are kept on the review, in the household's history and in the audit log."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from households.data_check_reviews import CHECK_OUTCOMES, basis
from households.data_checks import HOUSEHOLD, DataCheck
from households.models import Household
from households.models.changes import registry_changed
from households.models.check_reviews import CheckOutcome, DataCheckReview
from households.services.common import ensure_can_edit, record_event

MSG_NOT_REVIEWABLE = "该校验项的问题需要更正档案，不能标记为已核实。"
MSG_NOT_LISTED = "该户已不在本项清单中（可能已更正、已核实或已不符合本项条件），无需核实。"
MSG_OUTCOME = "请选择核实结果。"
MSG_NOTE_REQUIRED = "选择“其他”时请填写说明。"
NOTE_MAX = 200


@transaction.atomic
def check_review_record(
    *, actor: Any, check: DataCheck, household: Household, outcome: str, note: str = "", today: dt.date | None = None
) -> DataCheckReview:
    """Mark the household's finding of `check` 已核实 with `outcome` (and `note`, required for 其他)."""
    today = today or timezone.localdate()
    note = (note or "").strip()
    if check.on != HOUSEHOLD or check.code not in CHECK_OUTCOMES:
        raise ApplicationError(MSG_NOT_REVIEWABLE)
    if outcome not in CHECK_OUTCOMES[check.code]:
        raise ValidationError({"outcome": MSG_OUTCOME})
    if outcome == CheckOutcome.OTHER and not note:
        raise ValidationError({"note": MSG_NOTE_REQUIRED})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"说明最多{NOTE_MAX}个字。"})
    household = Household.objects.select_for_update().get(pk=household.pk)
    ensure_can_edit(actor, household.region_path)
    listed = Household.objects.filter(pk=household.pk, is_active=True).filter(check.where(today))
    found = listed.annotate(now=basis("pk")).values_list("now", flat=True).first()
    if found is None:
        raise ApplicationError(MSG_NOT_LISTED)
    review = DataCheckReview.objects.create(
        check_code=check.code,
        household=household,
        region_path=household.region_path,
        outcome=outcome,
        note=note,
        basis=found,
        reviewed_on=today,
        reviewed_by=actor,
    )
    said = CheckOutcome(outcome).label + (f"（{note}）" if note else "")
    record_event(
        actor=actor,
        household=household,
        action="household.check_review",
        summary=f"数据校验“{check.label}”已核实：{said}",
        target=review,
        after={"check": check.code, "outcome": outcome, "note": note},
    )
    registry_changed()  # the home tile's counts (households.data_checks.kind_totals) drop the finding now
    return review
