"""The case page's forms beside the step forms (views.case_detail): the posting date of each open publicity the
user acts on, through services.publicity."""

from django.http import HttpRequest
from django.utils import timezone

from config.forms import run_service
from workflow.choices import StepKind
from workflow.forms_steps import PublicityPostedForm
from workflow.models import Case
from workflow.roles import acts_step
from workflow.services.publicity import publicity_posted_record

POSTED_PREFIX = "posted"
MSG_POSTED = "已登记{step}的张贴日期，公示期按张贴日期计算。"
MSG_POSTED_UNCHANGED = "{step}的张贴日期已登记为 {date}，未变化，不重复记录。"


def posted_forms(request: HttpRequest, case: Case) -> tuple[list, str]:
    """(case step, form) for each open publicity of the user's role; and what this POST did to a posting date, to
    say so ("" when it recorded none)."""
    forms = []
    done = ""
    for case_step in case.open_steps:
        if case_step.step.kind != StepKind.PUBLICITY or not acts_step(request.user, case_step.step.role):
            continue
        code = case_step.step.code
        bound = request.method == "POST" and request.POST.get(f"{POSTED_PREFIX}-step_code") == code
        form = PublicityPostedForm(
            request.POST if bound else None,
            initial={"step_code": code, "posted_on": case_step.posted_on or timezone.localdate()},
            prefix=POSTED_PREFIX,
        )
        if bound and form.is_valid():
            posted_on = form.cleaned_data["posted_on"]
            recorded = run_service(
                form,
                lambda code=code, posted_on=posted_on: publicity_posted_record(
                    actor=request.user, case=case, step_code=code, posted_on=posted_on
                ),
            )
            if recorded:
                done = (
                    MSG_POSTED_UNCHANGED.format(step=case_step.step.name, date=f"{posted_on:%Y-%m-%d}")
                    if getattr(recorded, "unchanged", False)
                    else MSG_POSTED.format(step=case_step.step.name)
                )
        forms.append((case_step, form))
    return forms, done
