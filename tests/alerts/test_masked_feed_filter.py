"""A role that reads health alerts as 卫健部门预警 cannot pick them out by feed type (review fx_verify 2): the
official's 数据类型 filter offered 新增大病患者 by name and ?feed_type= of it listed exactly those persons, on the
page and in the API; the uploads API named the feed and the file. Now the filter neither offers nor takes a health
feed type for those roles, and the uploads say the department's label only."""

import pytest
from django.utils import timezone

from alerts.models import Alert, FeedType, FeedUpload
from alerts.privacy import HIDDEN, MSG_FEED_TYPE_HIDDEN
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
ILLNESS = "health-serious-illness"
UNINSURED = "health-uninsured-cost"


@pytest.fixture
def illness(clerks, people):
    row = ["张大山", people["zhang"].id_number, "白血病", f"{timezone.localdate():%Y-%m-%d}"]
    upload = csv_file([row], header=header_of(ILLNESS), name="新增大病患者_白血病.csv")
    ingest(clerks["health"], ILLNESS, upload, today=timezone.localdate())
    return Alert.objects.get(feed_type__code=ILLNESS)


def test_the_official_is_neither_offered_nor_given_a_health_feed_type_on_the_page(personas, illness, login):
    feed = FeedType.objects.get(code=ILLNESS)
    official = login(personas.official)

    page = official.get("/alerts/?status=all").content.decode()
    assert f'<option value="{feed.pk}"' not in page and feed.name not in page

    page = official.get(f"/alerts/?status=all&feed_type={feed.pk}").content.decode()
    assert MSG_FEED_TYPE_HIDDEN in page
    assert "张大山" in page  # the filter is left out and said, not applied: the list is not narrowed to the ill

    other = FeedType.objects.exclude(department__in=["health", "medical_insurance", "disabled_federation"]).first()
    assert f'<option value="{other.pk}"' in official.get("/alerts/").content.decode()
    # Those who keep the registry still filter by it.
    cadre = login(personas.cadre_a).get(f"/alerts/?status=all&feed_type={feed.pk}").content.decode()
    assert MSG_FEED_TYPE_HIDDEN not in cadre and "张大山" in cadre


def test_the_api_refuses_the_filter_and_names_no_health_upload(personas, illness, login):
    feed = FeedType.objects.get(code=ILLNESS)
    official = login(personas.official)

    response = official.get("/api/v1/alerts/", {"feed_type": feed.pk})
    assert response.status_code == 400 and response.json()["feed_type"] == [MSG_FEED_TYPE_HIDDEN]
    refused = official.get("/api/v1/unregistered-persons/", {"feed_type": feed.pk})
    assert refused.status_code == 400 and refused.json()["feed_type"] == [MSG_FEED_TYPE_HIDDEN]
    (alert,) = official.get("/api/v1/alerts/").json()["results"]
    assert (alert["feed_type"], alert["upload_name"]) == (None, None)

    (upload,) = official.get("/api/v1/feed-uploads/").json()["results"]
    assert (upload["feed_type"], upload["original_name"]) == (None, HIDDEN)
    detail = official.get(f"/api/v1/feed-uploads/{upload['id']}/").json()
    assert "白血病" not in str(detail) and detail["feed_type"] is None
    for url in ("/alerts/uploads/", f"/alerts/uploads/{upload['id']}/"):
        page = official.get(url).content.decode()
        assert "白血病" not in page and feed.name not in page and "卫健部门预警" in page

    # The county officer and the department see both.
    record = FeedUpload.objects.get()
    for user in (personas.county_officer, personas.clerk):
        (upload,) = login(user).get("/api/v1/feed-uploads/").json()["results"]
        assert (upload["feed_type"], upload["original_name"]) == (feed.pk, record.original_name)
    assert login(personas.county_officer).get("/api/v1/alerts/", {"feed_type": feed.pk}).status_code == 200
