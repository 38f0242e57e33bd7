"""API lists and reports without a filter set refuse a query parameter they do not read, as the filtered lists do
(config.api.StrictFilterBackend): ?stauts=pending on the alerts once returned every alert as if filtered. The
parameters each one reads are still accepted."""

import datetime as dt

import pytest

from accounts.audit_labels import CATEGORY_ACTIONS
from alerts.choices import AlertLevel, AlertOutcome
from assistance.choices import ClaimStatus, MeasureStatus
from config.api import COMMON_PARAMS, PAGE_PARAMS
from households.data_checks import CHECKS
from screening.choices import ChangeKind, RunKind
from screening.models import ScreeningRun
from screening.services import campaigns

pytestmark = pytest.mark.django_db

PHASES = [
    {"kind": "mobilization", "starts_on": dt.date(2026, 6, 8), "ends_on": dt.date(2026, 6, 10)},
    {"kind": "field_screening", "starts_on": dt.date(2026, 6, 10), "ends_on": dt.date(2026, 6, 15)},
    {"kind": "rectification", "starts_on": dt.date(2026, 6, 15), "ends_on": dt.date(2026, 6, 25)},
    {"kind": "summary", "starts_on": dt.date(2026, 6, 25), "ends_on": dt.date(2026, 6, 26)},
]


@pytest.fixture
def endpoints(personas, county):
    """Per list or report: (persona, url, the parameters it reads with valid values, a misspelt one)."""
    run = ScreeningRun.objects.create(kind=RunKind.NIGHTLY, on_date=dt.date(2026, 6, 1))
    campaign = campaigns.campaign_create(
        actor=personas.county_officer,
        name="2026年集中排查",
        region=county.county,
        villages=[county.village_a, county.village_b, county.village_c],
        phases=PHASES,
    )
    village, township = county.village_a.code, county.township.code
    officer = personas.county_officer
    return {
        "alerts": (
            officer,
            "/api/v1/alerts/",
            {
                "status": "pending",
                "level": AlertLevel.VILLAGE,
                "outcome": AlertOutcome.INCLUDE,
                "feed_type": "1",
                "village": village,
                "q": "张",
            },
            "stauts",
        ),
        "punctuality": (officer, "/api/v1/feed-punctuality/", {"start": "2026-01-01", "end": "2026-06-30"}, "strat"),
        "feed types": (officer, "/api/v1/feed-types/", {}, "department"),
        "uploads": (officer, "/api/v1/feed-uploads/", {}, "status"),
        "unregistered": (
            officer,
            "/api/v1/unregistered-persons/",
            {"status": "pending", "feed_type": "1", "q": "张"},
            "feedtype",
        ),
        "measures": (
            officer,
            "/api/v1/assistance/measures/",
            {
                "status": MeasureStatus.values[0],
                "department": "health",
                "category": "security",
                "village": village,
                "q": "张",
            },
            "vilage",
        ),
        "department measures": (
            personas.clerk,
            "/api/v1/assistance/department-measures/",
            {"status": "open"},
            "stats",
        ),
        "claims": (officer, "/api/v1/assistance/claims/", {"status": ClaimStatus.SUBMITTED}, "stauts"),
        "employment": (officer, "/api/v1/assistance/employment/", {"quarter": "2026Q2"}, "quater"),
        "data checks": (officer, "/api/v1/data-checks/", {"village": village}, "villag"),
        "data check findings": (
            officer,
            f"/api/v1/data-checks/{CHECKS[0].code}/findings/",
            {"village": village},
            "villag",
        ),
        "lines": (officer, "/api/v1/monitoring-lines/", {}, "year"),
        "rules": (officer, "/api/v1/screening-rules/", {}, "kind"),
        "runs": (officer, "/api/v1/screening-runs/", {"group": "county"}, "gruop"),
        "run changes": (
            officer,
            f"/api/v1/screening-runs/{run.pk}/changes/",
            {"change": ChangeKind.values[0]},
            "chnage",
        ),
        "campaigns": (officer, "/api/v1/campaigns/", {}, "status"),
        "campaign summary": (
            officer,
            f"/api/v1/campaigns/{campaign.pk}/summary/",
            {"township": township},
            "twonship",
        ),
        "batches": (officer, "/api/v1/batches/", {}, "decision"),
        "batch queue": (
            officer,
            "/api/v1/batches/queue/",
            {"township": township, "kind": "identification", "channel": "cadre_visit", "min_days": "3"},
            "min_day",
        ),
        "audit events": (
            personas.audit_admin,
            "/api/v1/audit-events/",
            {
                "q": "张",
                "actor": "x",
                "action": "x",
                "category": next(iter(CATEGORY_ACTIONS)),
                "date_from": "2026-01-01",
                "date_to": "2026-06-30",
            },
            "datefrom",
        ),
        "ledgers": (officer, "/api/v1/reports/ledgers/", {}, "ledger"),
        "exports": (officer, "/api/v1/reports/exports/", {}, "status"),
        "national": (officer, "/api/v1/reports/national/", {}, "region"),
        "dashboard": (officer, "/api/v1/reports/dashboard/", {"region": township}, "regoin"),
        "performance": (
            officer,
            "/api/v1/reports/performance/",
            {"region": township, "period": "quarter", "date": "2026-05-01"},
            "perid",
        ),
    }


ENDPOINTS = [
    "alerts", "punctuality", "feed types", "uploads", "unregistered", "measures", "department measures", "claims",
    "employment", "data checks", "data check findings", "lines", "rules", "runs", "run changes", "campaigns",
    "campaign summary", "batches", "batch queue", "audit events", "ledgers", "exports", "national", "dashboard",
    "performance",
]  # fmt: skip


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_misspelt_parameter_is_refused_in_chinese_and_the_ones_read_are_accepted(endpoints, login, endpoint):
    user, url, valid, misspelt = endpoints[endpoint]
    client = login(user)

    refused = client.get(url, {**valid, misspelt: "x"})
    accepted = client.get(url, {**valid, "format": "json"})

    assert refused.status_code == 400, (refused.status_code, refused.content.decode()[:300])
    message = refused.json()[misspelt][0]
    assert f"没有“{misspelt}”这个查询参数" in message, message
    common = COMMON_PARAMS if endpoint in PAGED else [name for name in COMMON_PARAMS if name not in PAGE_PARAMS]
    for name in [*valid, *common]:
        assert name in message, (name, message)
    assert accepted.status_code == 200, accepted.content.decode()[:300]
    if endpoint not in PAGED:
        assert "page" not in message, message


# The lists answered in pages: the others (a fixed list, a report) are answered whole.
PAGED = {
    "alerts", "uploads", "unregistered", "measures", "department measures", "claims", "employment",
    "data check findings", "runs", "run changes", "campaigns", "batches", "batch queue", "audit events", "exports",
    "national",
}  # fmt: skip


@pytest.mark.parametrize("endpoint", sorted(set(ENDPOINTS) - PAGED))
@pytest.mark.parametrize("param", PAGE_PARAMS)
def test_a_list_answered_whole_refuses_page_parameters_instead_of_ignoring_them(endpoints, login, endpoint, param):
    user, url, valid, _ = endpoints[endpoint]

    refused = login(user).get(url, {**valid, param: "2"})

    assert refused.status_code == 400, (refused.status_code, refused.content.decode()[:300])
    assert f"没有“{param}”这个查询参数" in refused.json()[param][0]


@pytest.mark.parametrize("endpoint", sorted(PAGED))
def test_a_paged_list_takes_page_size(endpoints, login, endpoint):
    user, url, valid, _ = endpoints[endpoint]

    response = login(user).get(url, {**valid, "page_size": "5"})

    assert response.status_code == 200, response.content.decode()[:300]
    assert "results" in response.json()
