"""The printable 公示 notice of a village (village or township stage)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.permissions import capability_required
from accounts.roles import Capability
from workflow import selectors

VIEW = capability_required(Capability.REGISTRY_VIEW)


@VIEW
def publicity_print(request: HttpRequest, village_code: str) -> HttpResponse:
    """The printable publicity notice of a village: names, dates, where to object; never an ID number, phone or
    health detail (seed: "a publicity notice carries no ID number, phone or health detail")."""
    township_stage = request.GET.get("stage") == "township"
    village, case_steps = selectors.publicity_notice(
        actor=request.user, village_code=village_code, township_stage=township_stage
    )
    return render(
        request,
        "workflow/publicity_print.html",
        {
            "village": village,
            "township": village.parent,
            "case_steps": case_steps,
            "township_stage": township_stage,
            "kinds": {cs.case.kind for cs in case_steps},  # an exit's rows have their own wording
            # Signed on the day it goes up: the latest posting day of its rows; left blank to fill in while a row is
            # not posted yet (that day is not known: the step's opening day is not the posting's).
            "signed_on": _signed_on(case_steps),
            "unposted": [cs for cs in case_steps if cs.posted_on is None],
        },
    )


def _signed_on(case_steps: list) -> Any:
    if any(cs.posted_on is None for cs in case_steps):
        return None
    return max((cs.posted_on for cs in case_steps), default=None) or timezone.localdate()
