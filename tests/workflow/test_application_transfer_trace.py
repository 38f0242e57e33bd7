"""A 自主申报 the county moved across townships (c358595) left little trace where it landed: its 办理情况 did not say
it came from another village, and the audit event was filed under the village it left. The receiving village now
reads who moved it from where and when, and the event is filed under the receiving village, the one it left named in
its text, so the audit log finds it by either."""

import pytest
from django.utils import timezone

from accounts.choices import Role
from accounts.models import AuditEvent
from accounts.selectors import audit_event_list
from tests.factories import UserFactory
from tests.workflow.test_application_transfer_county import household_c, misplaced  # noqa: F401
from tests.workflow.test_applications_village import apply
from workflow.models.applications import Application

pytestmark = pytest.mark.django_db


def test_the_receiving_village_reads_where_it_came_from_and_the_audit_is_filed_under_it(
    misplaced,  # noqa: F811
    personas,
    login,
    county,
    household_c,  # noqa: F811
):
    login(personas.county_officer).post(f"/workflow/applications/{misplaced.pk}/transfer/")

    moved = Application.objects.get(pk=misplaced.pk)
    assert (moved.transferred_from, moved.transferred_by) == (county.village_b, personas.county_officer)
    cadre_c = UserFactory(
        username="cadre_c", role=Role.VILLAGE_CADRE, region_path=county.village_c.path, region_name="张公渡村"
    )
    page = login(cadre_c).get(f"/workflow/applications/{misplaced.pk}/").content.decode()
    line = page.split("data-transferred>", 1)[1].split("</li>", 1)[0]
    assert timezone.localtime(moved.transferred_at).strftime("%Y-%m-%d %H:%M") in line
    assert "由涂埠镇城北村转交虬津镇张公渡村" in line
    assert personas.county_officer.get_full_name() in line or personas.county_officer.username in line

    event = AuditEvent.objects.get(action="workflow.application_transfer")
    assert event.region_path == county.village_c.path
    for place in ("城北村", "张公渡村"):
        assert event in audit_event_list(filters={"q": place})


def test_an_application_never_moved_says_no_transfer(county, personas, login):
    application = apply(county.village_a)
    page = login(personas.cadre_a).get(f"/workflow/applications/{application.pk}/").content.decode()
    assert "data-transferred" not in page and "转交" not in page.split("办理情况", 1)[1].split("</section>", 1)[0]
