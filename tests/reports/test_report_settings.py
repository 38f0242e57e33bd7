"""The county's deadlines (reports.ReportSettings) are edited by the system admin on the configuration site, through
the service (validated, audited); nobody else may."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import AuditEvent
from reports.models import ReportSettings
from reports.services.deadlines import MSG_ENTRY_DAY, report_settings, report_settings_save

pytestmark = pytest.mark.django_db


def test_the_defaults_are_the_seeds_20th_six_months_and_every_household():
    row = report_settings()
    assert (row.entry_day, row.campaign_months, row.campaign_coverage) == (20, 6, 100)


def test_the_system_admin_changes_the_day_on_the_configuration_site_and_it_is_audited(personas, login):
    client = login(personas.system_admin)
    change = client.get("/admin/reports/reportsettings/")
    assert change.status_code == 302 and change["Location"].endswith("/reportsettings/1/change/")

    refused = client.post(change["Location"], {"entry_day": 40, "campaign_months": 6, "campaign_coverage": 100})
    assert MSG_ENTRY_DAY in refused.content.decode()
    refused = client.post(change["Location"], {"entry_day": 20, "campaign_months": 6, "campaign_coverage": 0})
    assert refused.status_code == 200 and ReportSettings.objects.get().campaign_coverage == 100
    saved = client.post(change["Location"], {"entry_day": 25, "campaign_months": 12, "campaign_coverage": 90})
    assert saved.status_code == 302

    row = ReportSettings.objects.get()
    assert (row.entry_day, row.campaign_months, row.campaign_coverage) == (25, 12, 90)
    event = AuditEvent.objects.get(action="reports.settings")
    assert event.before == {"entry_day": 20, "campaign_months": 6, "campaign_coverage": 100}
    assert event.after == {"entry_day": 25, "campaign_months": 12, "campaign_coverage": 90}


def test_a_county_officer_may_not(personas, login):
    assert login(personas.county_officer).get("/admin/reports/reportsettings/").status_code == 403
    with pytest.raises(PermissionDenied):
        report_settings_save(actor=personas.county_officer, entry_day=25, campaign_months=6)
