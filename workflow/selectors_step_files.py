"""The files of a step as the case page lists them (review finding 4): the ones it held before each return to the
village (models.StepAttachment, oldest first), then the one it holds now, each labelled by what it is."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from workflow.choices import StepKind
from workflow.models import CaseStep, StepAttachment
from workflow.services.step_files import CORRECTION, current_file_label

CURRENT_PLAIN = "查看附件"  # a step never returned shows its one file as before


@dataclass(frozen=True)
class StepFile:
    label: str
    url: str
    acted_by: Any = None
    acted_at: Any = None
    earlier: bool = False


def step_files(case_step: CaseStep) -> list[StepFile]:
    """No query for a step never returned, except a publicity: a return moves a village step's file to the history,
    a village correction that changes the notice a publicity's (services.case_correction)."""
    url = reverse("workflow:step_attachment", args=[case_step.pk])
    earlier: list[StepAttachment] = []
    if case_step.returned_at is not None or case_step.step.kind == StepKind.PUBLICITY:
        earlier = list(StepAttachment.objects.filter(case_step=case_step).select_related("acted_by"))
    if case_step.returned_at is None and not earlier:
        return [StepFile(CURRENT_PLAIN, url)] if case_step.attachment else []
    files = [
        StepFile(row.label, f"{url}?version={row.pk}", acted_by=row.acted_by, acted_at=row.acted_at, earlier=True)
        for row in earlier
    ]
    if case_step.attachment:
        kept = sum(row.label.startswith(CORRECTION) for row in earlier)
        files.append(StepFile(current_file_label(case_step, kept), url, case_step.acted_by, case_step.acted_at))
    return files
