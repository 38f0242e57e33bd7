"""The household's 两不愁三保障 + 饮水 status after a visit's 更正 changed its date or findings
(households.services.visit_fix.visit_correct).

The status is the latest counted visit's findings (visit_record sets them when the visit it records is the latest
by date), unless something changed it since (a case's opening or 保障恢复, an edit of the household). So a correction
moves the status only where the corrected visit stood for it, or comes to:
- the visit was the latest and still is: each finding the household still holds as the visit said it before the
  correction takes the corrected value;
- the visit was the latest and is no longer (its date moved before another visit): each finding it still stood for
  takes the value of the visit now latest;
- the visit becomes the latest (its date moved after the one that was): the household takes all its findings, as a
  visit recorded with that date would have set them;
- otherwise nothing moves: a later visit, or a later act, stands for the status."""

from households.models import Household, Visit
from households.services.visit_stated import FINDINGS


def latest_counted(household: Household) -> Visit | None:
    """The household's latest counted visit by date (then by entry), as visit_record decides it."""
    return household.visits.counted().order_by("-visited_on", "-id").first()


def findings_after_correction(
    household: Household, visit: Visit, *, was_latest: bool, before: dict[str, bool]
) -> dict[str, bool]:
    """The household's findings to set after `visit` (saved with its corrected values) was corrected from `before`
    (its findings before the correction), `was_latest` telling whether it was the latest counted visit then (the
    module docstring); only the fields that change."""
    latest = latest_counted(household)
    if latest is None:
        return {}
    stood = [name for name in FINDINGS if getattr(household, name) == before[name]]
    if latest.pk == visit.pk:
        source, fields = visit, (stood if was_latest else list(FINDINGS))
    elif was_latest:
        source, fields = latest, stood
    else:
        return {}
    return {name: getattr(source, name) for name in fields if getattr(household, name) != getattr(source, name)}
