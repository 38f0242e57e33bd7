"""录入与排查时限: every value out of range gets the rule in words, below 0 too (−3 read 确保该值大于或等于0。)."""

import pytest

from reports.models import ReportSettings
from reports.services.deadlines import MSG_CAMPAIGN_COVERAGE, MSG_CAMPAIGN_MONTHS, MSG_ENTRY_DAY

pytestmark = pytest.mark.django_db
FINE = {"entry_day": "20", "campaign_months": "6", "campaign_coverage": "100"}


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("campaign_coverage", MSG_CAMPAIGN_COVERAGE),
        ("campaign_months", MSG_CAMPAIGN_MONTHS),
        ("entry_day", MSG_ENTRY_DAY),
    ],
)
def test_every_out_of_range_value_gets_the_rule(personas, login, field, message):
    client = login(personas.system_admin)
    url = "/admin/reports/reportsettings/1/change/"
    client.get("/admin/reports/reportsettings/")  # the row is created when first read
    for value in ("-3", "0", "101"):
        page = client.post(url, FINE | {field: value}).content.decode()
        assert message in page, value
        assert "大于或等于" not in page and "小于或等于" not in page
    assert ReportSettings.objects.get(pk=1).campaign_coverage == 100
