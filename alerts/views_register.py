"""待建档人员 → 添加到已有农户: the households of the person's village (searched by name, ID number or household
number), each opening its add-member form filled with the person (households.prefill, alerts.hooks)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import capability_required
from accounts.roles import Capability
from alerts.hooks import UNREGISTERED_PARAMETER
from alerts.selectors_unregistered import to_register_entry
from households.selectors import household_list

EDIT = capability_required(Capability.REGISTRY_EDIT)
SHOWN = 20  # a phone's page of matches; the search narrows them


@EDIT
def to_register_household(request: HttpRequest, pk: int) -> HttpResponse:
    entry = to_register_entry(actor=request.user, pk=str(pk))
    if entry is None:
        raise Http404
    q = request.GET.get("q", "").strip()
    households = household_list(actor=request.user, filters={"q": q, "village": entry.village.code})
    context = {
        "entry": entry,
        "q": q,
        "households": households.select_related("village")[:SHOWN],
        "parameter": UNREGISTERED_PARAMETER,
    }
    return render(request, "alerts/to_register_household.html", context)
