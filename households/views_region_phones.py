"""公示公告监督电话: the county bureau sets the number printed on the notices, for the county and each township."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.choices import Role
from accounts.permissions import capability_required
from accounts.roles import Capability
from households.selectors_phones import phone_regions
from households.services.region_phones import MSG_COUNTY_ONLY, region_phones_save

SAVED = "监督电话已保存，打印的公示和公告将印上该号码。"


@capability_required(Capability.REGISTRY_VIEW)
def region_phones(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.COUNTY_OFFICER:
        raise PermissionDenied(MSG_COUNTY_ONLY)
    regions = phone_regions(actor=request.user)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        phones = {region.pk: request.POST.get(f"phone_{region.pk}", "") for region in regions}
        try:
            region_phones_save(actor=request.user, phones=phones)
        except ValidationError as error:
            errors = error.message_dict
            for region in regions:
                region.supervision_phone = phones[region.pk]  # the input kept beside its error
        else:
            messages.success(request, SAVED)
            return redirect("regions:phones")
    rows = [(region, errors.get(f"phone_{region.pk}", [])) for region in regions]
    return render(request, "households/region_phones.html", {"rows": rows})
