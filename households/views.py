from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import capability_required
from accounts.roles import Capability
from households.choices import RegionLevel
from households.selectors import region_list


@capability_required(Capability.REGISTRY_VIEW)
def region_index(request: HttpRequest) -> HttpResponse:
    filters = {"level": request.GET.get("level", ""), "q": request.GET.get("q", "").strip()}
    page = Paginator(region_list(actor=request.user, filters=filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "households/region_list.html",
        {
            "page": page,
            "filters": filters,
            "levels": RegionLevel.choices,
            "query": query.urlencode(),
        },
    )
