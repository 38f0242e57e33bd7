"""审批机关: the county bureau names the body whose 批复 its county approval records (households.county_bodies)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.choices import Role
from accounts.permissions import capability_required
from accounts.roles import Capability
from households.choices import RegionLevel
from households.county_bodies import DEFAULT_APPROVING_BODY
from households.models import Region
from households.services.region_bodies import MSG_COUNTY_ONLY, county_approving_body_save

SAVED = "审批机关名称已保存，打印的批准名单和提请审批名单将使用该名称。"


@capability_required(Capability.REGISTRY_VIEW)
def approving_body(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.COUNTY_OFFICER:
        raise PermissionDenied(MSG_COUNTY_ONLY)
    counties = list(Region.objects.visible_to(request.user).filter(level=RegionLevel.COUNTY).order_by("path"))
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            for county in counties:
                county.approving_body = request.POST.get(f"body_{county.pk}", "")  # kept beside an error
                county_approving_body_save(actor=request.user, county=county, name=county.approving_body)
        except ValidationError as error:
            errors[f"body_{county.pk}"] = error.message_dict["approving_body"]
        else:
            messages.success(request, SAVED)
            return redirect("regions:approving_body")
    rows = [
        (county, DEFAULT_APPROVING_BODY.format(county=county.name), errors.get(f"body_{county.pk}", []))
        for county in counties
    ]
    return render(request, "households/region_approving_body.html", {"rows": rows})
