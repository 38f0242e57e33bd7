"""The household page's 走访 tab: its visits a page at a time, narrowed to a year when one is chosen. A household
visited every month (001 §一) gathers a dozen cards a year, more with its alerts' and plans' visits, and a tab that
showed every one of them grew without end on a phone."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest

from accounts.permissions import user_can
from accounts.roles import Capability
from config.paging import page_query
from households.models import Household
from households.selectors_visits import household_visit_years, household_visits
from households.services.visit_fix import visit_fix_allowed


def can_edit(user: Any) -> bool:
    return user_can(user, Capability.REGISTRY_EDIT)


# A year of monthly visits on one page.
VISITS_PER_PAGE = 12


def visit_tab_context(request: HttpRequest, household: Household) -> dict[str, Any]:
    """The tab's page of visits (?page=) of the year asked for (?year=; every year when absent or not a year), the
    years with visits to choose from, and the query its page links keep (tab=visits and the year)."""
    years = household_visit_years(household)
    asked = request.GET.get("year", "").strip()
    # A year with no visit (a link kept from elsewhere) lists none and says so, rather than every year's.
    year = int(asked) if asked.isascii() and asked.isdigit() and len(asked) == 4 else None
    visits = Paginator(household_visits(household, year=year), VISITS_PER_PAGE).get_page(request.GET.get("page"))
    # The visits this user may correct or void (更正/作废 links), by the service's own rule without a query; what a
    # later app holds a visit for is said on the page the link opens (households.services.visit_fix).
    fixable = {v.pk for v in visits if visit_fix_allowed(request.user, v) is None} if can_edit(request.user) else set()
    return {
        "visits": visits,
        "visits_fixable": fixable,
        "visit_years": years,
        "visit_year": year,
        "visit_total": sum(n for _, n in years),
        "visits_query": page_query(request),
    }
