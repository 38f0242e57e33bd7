"""转交至所在村 (review finding: an applicant who applied through village B's poster but is registered in a household
of village A was a dead end: B could neither register them nor turn the application into a case, only decline)."""

import pytest

from accounts.models import AuditEvent
from tests.workflow.applications_helpers import STRANGER_ID
from tests.workflow.test_applications_village import apply
from workflow.models.applications import Application
from workflow.services import application_transfer as transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def misplaced(county, household_a):
    """张大山 of 城南村 (village A) applied through village B's poster."""
    return apply(county.village_b)


def test_the_village_that_got_it_is_told_where_the_applicant_is_registered_and_cannot_move_it(
    misplaced, personas, login, household_a
):
    client = login(personas.cadre_b)

    page = client.get(f"/workflow/applications/{misplaced.pk}/").content.decode()

    # Where, but not whose: village B's cadre may not see village A's households (test_application_checks).
    assert "data-elsewhere" in page and "申报人已登记在本辖区以外的农户档案中" in page
    assert f"{household_a.head_name}户" not in page and household_a.number not in page
    assert "请联系乡镇或县乡村振兴局把本申报转交至所在村" in page
    assert "登记该户" not in page and "记录入户核实并转为识别案件" not in page
    assert f"/workflow/applications/{misplaced.pk}/transfer/" not in page
    assert client.post(f"/workflow/applications/{misplaced.pk}/transfer/").status_code == 403


def test_the_township_transfers_it_to_the_applicants_village(misplaced, personas, login, county, household_a):
    township = login(personas.township)
    page = township.get(f"/workflow/applications/{misplaced.pk}/").content.decode()
    assert f"/workflow/applications/{misplaced.pk}/transfer/" in page and "转交至所在村" in page
    assert f"{household_a.head_name}户（{household_a.number}）" in page  # the township sees both villages

    response = township.post(f"/workflow/applications/{misplaced.pk}/transfer/")

    moved = Application.objects.get(pk=misplaced.pk)
    assert response.status_code == 302
    assert (moved.village, moved.region_path) == (county.village_a, county.village_a.path)
    event = AuditEvent.objects.get(action="workflow.application_transfer")
    assert (event.before, event.after) == ({"village": county.village_b.name}, {"village": county.village_a.name})
    village_a = login(personas.cadre_a).get(f"/workflow/applications/{misplaced.pk}/").content.decode()
    assert "记录入户核实并转为识别案件" in village_a and f"{household_a.head_name}户" in village_a
    assert login(personas.cadre_b).get(f"/workflow/applications/{misplaced.pk}/").status_code == 404


def test_an_applicant_in_no_registry_is_not_transferred(personas, county):

    application = apply(county.village_b, id_number=STRANGER_ID)
    assert transfer.household_elsewhere(application) is None
    with pytest.raises(Exception, match="无需转交"):
        transfer.application_transfer(actor=personas.county_officer, application=application)
