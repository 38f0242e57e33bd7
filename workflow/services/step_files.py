"""Every version of a returned step's file is kept (review finding 4). When the township returns a case (退回村级补正,
services.case_return), the file the village step passed with moves to the step's history (models.StepAttachment),
labelled by what it was; the village then passes the step again with its correction (补正材料), which the step holds
as its current attachment. Both stay on the case page and are served by the same scoped view
(views_files.case_step_attachment)."""

from workflow.choices import StepKind
from workflow.models import CaseStep, StepAttachment

# What the file a step first passed with is: the village review's is the minutes of its meeting (000 §三(三)2).
FIRST_FILE_LABELS = {
    StepKind.VILLAGE_REVIEW: "评议会议记录",
    StepKind.HOUSEHOLD_VERIFICATION: "入户核查材料",
}
FIRST_FILE_DEFAULT = "附件"
ORIGINAL = "{label}（原）"
CORRECTION = "补正材料"
CORRECTION_NTH = "补正材料（第{n}次）"


def first_file_label(case_step: CaseStep) -> str:
    if case_step.step.with_review:  # a publicity that is the village's review too: its file is the minutes
        return FIRST_FILE_LABELS[StepKind.VILLAGE_REVIEW]
    return FIRST_FILE_LABELS.get(case_step.step.kind, FIRST_FILE_DEFAULT)


def _corrections_kept(case_step: CaseStep) -> int:
    return StepAttachment.objects.filter(case_step=case_step, label__startswith=CORRECTION).count()


def current_file_label(case_step: CaseStep, corrections_kept: int | None = None) -> str:
    """The label of the file the step holds now: its first file until it is returned, then a correction."""
    if case_step.returned_at is None:
        return first_file_label(case_step)
    kept = _corrections_kept(case_step) if corrections_kept is None else corrections_kept
    return CORRECTION if kept == 0 else CORRECTION_NTH.format(n=kept + 1)


def archive_step_attachment(case_step: CaseStep) -> StepAttachment | None:
    """Keep the step's file before a return clears the step; the caller (services.case_return) holds the case's
    lock and clears the step's attachment after. None when the step passed without a file (a meeting's review)."""
    if not case_step.attachment:
        return None
    if case_step.returned_at is None:
        label = ORIGINAL.format(label=first_file_label(case_step))
    else:
        label = CORRECTION_NTH.format(n=_corrections_kept(case_step) + 1)
    return StepAttachment.objects.create(
        case_step=case_step,
        region_path=case_step.case.region_path,
        file=case_step.attachment.name,
        label=label,
        acted_by=case_step.acted_by,
        acted_at=case_step.acted_at,
        note=case_step.note,
    )
