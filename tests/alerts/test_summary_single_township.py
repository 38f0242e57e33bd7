"""预警汇总 of a county with a single township (review): the township's counts link to the list filtered by that
township, and the list must show the alerts the count says, as it does for a county of several townships."""

import pytest
from django.utils import timezone

from accounts.choices import Department, Role
from alerts.choices import AlertOutcome
from households.choices import RegionLevel
from tests.alerts.test_summary import _alert
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_township():
    """A county (德安县) whose only township (蒲亭镇) has two villages."""
    county = region("360426000000", "德安县", RegionLevel.COUNTY)
    township = region("360426100000", "蒲亭镇", RegionLevel.TOWNSHIP, county)
    east = region("360426100201", "东门村", RegionLevel.VILLAGE, township)
    west = region("360426100202", "西门村", RegionLevel.VILLAGE, township)
    officer = UserFactory(
        username="de_an_county", role=Role.COUNTY_OFFICER, region_path=county.path, region_name=county.name
    )
    return officer, east, west


def test_the_single_townships_counts_link_to_a_list_of_the_alerts_they_count(one_township, login):
    officer, east, west = one_township
    pending = {_alert(east, Department.HEALTH).pk, _alert(west, Department.CIVIL_AFFAIRS).pk}
    verified = _alert(west, Department.HEALTH, verified_on=timezone.localdate(), outcome=AlertOutcome.INCLUDE).pk
    client = login(officer)

    page = client.get("/alerts/overview/")
    [(row, link), _total] = dict((kind, rows) for kind, _, _, rows in page.context["tables"])["region"]

    def listed(query: str) -> set[int]:
        response = client.get(f"{link}&{query}")
        return {alert.pk for alert in response.context["page"].paginator.object_list}

    assert (row.label, row.total, row.pending, row.verified) == ("蒲亭镇", 3, 2, 1)
    assert listed("status=all") == pending | {verified}
    assert listed("status=pending") == pending
    assert listed(f"status=verified&outcome={AlertOutcome.INCLUDE}") == {verified}
    # The list's place filter says what it shows: the township, chosen.
    assert f'<option value="{row.region_code}" selected>蒲亭镇（全部村）</option>' in client.get(link).content.decode()
