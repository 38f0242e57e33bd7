"""A visit the same as one already recorded: the same household, date and visitor, and the same kind, findings,
risk types, income and expense change and notes (visit_once.visit_differences, as the token's check compares).

Typically the cadre pressed BACK on the phone after saving: the page came back filled in, with a new token
(static/js/submit_once.js issues one on `pageshow`, so that what is typed there is a new record), and 保存 pressed
again would record the visit twice, its income change counted twice in the 收支 tab's sum of the year's visits.
It is not refused: a second real visit on the same day stays possible. It is asked about, as the registry asks
"仍要保存" (households.services.confirm): the page shows the form again naming the visit with the box 仍要另记一次
(households.visit_refused), the API answers 409 naming it unless the request says confirm_same_visit."""

from typing import Any

from config.errors import Conflict
from households.models import Visit
from households.services.visit_once import visit_differences

MSG_SAME_VISIT = (
    "{visit.visited_on:%Y-%m-%d} 已记录过一次内容相同的走访（ID {visit.pk}）：走访人、走访类型、发现情况、风险类型、"
    "收支变化和走访情况都相同，本次未记录。如确是当天又一次走访，请带 confirm_same_visit=true 重新提交。"
)
NOTE_CONFIRMED = "当天已有内容相同的走访（ID {pk}），另记一次"


class SameVisitRecorded(Conflict):
    """`visit` is the same as the one asked for, and recording it again was not confirmed: nothing was recorded."""

    def __init__(self, visit: Visit) -> None:
        extra = {"visit": visit.pk, "visited_on": visit.visited_on.isoformat()}
        super().__init__(MSG_SAME_VISIT.format(visit=visit), extra=extra)
        self.visit = visit


def visit_same_day(confirmed: bool | None, **asked: Any) -> Visit | None:
    """The latest visit recorded the same as the one asked for (visit_record's arguments, as visit_differences
    takes them). `confirmed` None: the caller does not ask (a visit recorded as part of something else: an alert's
    verification, an application's, a plan's return visit); nothing is looked up. False: SameVisitRecorded if there
    is one. True: the user confirmed a second visit; the one it repeats is returned for the history's note.
    Called under the household's lock, so that two such posts at once queue and the second finds the first."""
    if confirmed is None:
        return None
    recorded = (
        Visit.objects.counted()
        .filter(household=asked["household"], visited_on=asked["visited_on"], visitor=asked["actor"])
        .order_by("-pk")
    )
    same = next((visit for visit in recorded if not visit_differences(visit, **asked)), None)
    if same is not None and not confirmed:
        raise SameVisitRecorded(same)
    return same


def confirmed_text(same: Visit | None) -> list[str]:
    """What the history row notes as confirmed (households.services.confirm.confirmed_note)."""
    return [NOTE_CONFIRMED.format(pk=same.pk)] if same is not None else []
