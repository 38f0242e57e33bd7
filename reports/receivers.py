"""Follow-ups reports hangs off workflow (which imports nothing of reports): an exit's 公告并标注风险消除 and an
inclusion's 公告并标识 record the case's national marking (services.national.national_mark_announced)."""

import logging
from typing import Any

logger = logging.getLogger(__name__)


def _on_case_closed(sender: Any, case_id: int, status: str, **kwargs: Any) -> None:
    from reports.services.national import national_mark_announced

    try:
        national_mark_announced(case_id=case_id)
    except Exception:
        # Sent after the case's commit: the announcement stands, and /reports/national/ still lists the case to mark.
        logger.exception("could not record the national marking of case %s", case_id)


def connect() -> None:
    from workflow.signals import case_closed

    case_closed.connect(_on_case_closed, dispatch_uid="reports.case_closed")
