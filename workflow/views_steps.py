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


def posted_forms(request: HttpRequest, case: Case) -> tuple[list, str]:
    """(case step, form) for each open publicity of the user's role; and the name of the step whose posting date
    this POST recorded ("" when none)."""
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
                done = case_step.step.name
        forms.append((case_step, form))
    return forms, done
