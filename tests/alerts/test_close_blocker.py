"""农户注销 waits for the household's department alerts still 待核实: each is verified first (已迁出, 已故)."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.choices import Department
from alerts.choices import AlertLevel, AlertOutcome, AlertStatus, UploadStatus
from alerts.models import Alert, FeedType, FeedUpload
from households.choices import LivingStatus, Relation
from tests.factories import HouseholdFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_household_is_closed_only_once_its_pending_alert_is_verified(county, personas, login):
    today = timezone.localdate()
    household = HouseholdFactory(village=county.village_a, head_name="迁出丙")
    member = MemberFactory(
        household=household, name="迁出丙", relation=Relation.HEAD, living_status=LivingStatus.MOVED_OUT
    )
    feed = FeedType.objects.get(code="health-serious-illness")
    upload = FeedUpload.objects.create(
        feed_type=feed, department=Department.HEALTH, uploaded_by=UserFactory(username="uploader_close"),
        file="feeds/x.csv", original_name="close.csv", checksum="close-1", period_key="p1", period_label="p1",
        period_start=today, period_end=today, deadline=today, status=UploadStatus.DONE, region_path="360425",
    )  # fmt: skip
    alert = Alert.objects.create(
        feed_type=feed, rule=feed.rules.first(), upload=upload, department=Department.HEALTH, member=member,
        household=household, region_path=household.region_path, id_number=member.id_number,
        person_name=member.name, detail="大病", line=2, period_key="p1", raised_on=today,
        due_on=today + dt.timedelta(days=5), verify_by=today + dt.timedelta(days=5), level=AlertLevel.VILLAGE,
        status=AlertStatus.PENDING,
    )  # fmt: skip
    client = login(personas.township)

    refused = client.post(f"/households/{household.pk}/close/", {"reason": "all_moved_out"})
    assert "该户有1条待核实的部门预警，请先核实（可核实为“已迁出”或“已故”），再注销农户" in refused.content.decode()
    household.refresh_from_db()
    assert household.is_active

    Alert.objects.filter(pk=alert.pk).update(status=AlertStatus.VERIFIED, outcome=AlertOutcome.MOVED, verified_on=today)
    closed = client.post(f"/households/{household.pk}/close/", {"reason": "all_moved_out"})
    assert closed.status_code == 302
    household.refresh_from_db()
    assert not household.is_active
