"""A visit's photo through the API, as on the visit page: POST /api/v1/visits/ takes it (multipart/form-data, with
the page's checks: JPG, PNG or PDF of at most 10 MB that starts as one), a visit says whether it has one, the list
filters on it, and GET /api/v1/visits/{id}/photo/ sends it to whoever may read the visit, recorded in the audit log
as the page's 查看照片 is; another village's visit is a 404 and nothing is recorded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEvent
from households.api import MSG_READ_ONLY
from households.api_visit_photo import MSG_NO_PHOTO, MSG_PHOTO_EMPTY, MSG_PHOTO_NOT_A_FILE
from households.models import Household, Visit
from households.services import visits
from households.services.visits import MAX_UPLOAD, MSG_FILE_SIZE, MSG_FILE_TYPE
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0 a farmhouse"


def photo(name="院子.jpg", content=JPEG):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def post(client, household, **fields):
    """A multipart POST, as a phone app sends the visit with its photo."""
    data = {
        "household": household.pk,
        "visited_on": today().isoformat(),
        "notes": "房屋外墙有裂缝",
        **ALL_SECURED,
        **fields,
    }
    return client.post("/api/v1/visits/", {k: v for k, v in data.items() if v is not None})


def recorded(household, *, with_photo=True, actor):
    return visits.visit_record(
        actor=actor, household=household, visited_on=today(), photo=photo() if with_photo else None
    )


def test_a_cadre_records_a_visit_with_its_photo(household_a, personas, login):
    client = login(personas.cadre_a)

    response = post(client, household_a, photo=photo())

    assert response.status_code == 201, response.content.decode()
    body = response.json()
    visit = Visit.objects.get(pk=body["id"])
    assert visit.photo.read() == JPEG
    assert body["has_photo"] is True
    assert body["photo_url"].endswith(f"/api/v1/visits/{visit.pk}/photo/")
    assert "photo" not in body
    schema = openapi(client)
    assert_matches_schema(schema, "/api/v1/visits/", "post", response)
    assert_matches_schema(schema, "/api/v1/visits/{id}/", "get", client.get(f"/api/v1/visits/{visit.pk}/"))
    form = schema["paths"]["/api/v1/visits/"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    request = schema["components"]["schemas"][form["$ref"].rsplit("/", 1)[-1]]
    assert request["properties"]["photo"]["format"] == "binary"


def test_a_multipart_visit_missing_a_box_is_refused_not_read_as_no(household_a, personas, login):
    # A form's missing box is read as 否 by DRF: here it would record 饮水安全无保障 that nobody found. Nor is it
    # the household's record: a 月度走访 answers all five (api_visits.MSG_FINDINGS_REQUIRED).
    Household.objects.filter(pk=household_a.pk).update(water_ok=False)

    refused = post(login(personas.cadre_a), household_a, photo=photo(), housing_ok="false", water_ok=None)
    sent = post(login(personas.cadre_a), household_a, photo=photo(), housing_ok="false", water_ok="false")

    assert refused.status_code == 400 and list(refused.json()) == ["water_ok"]
    assert sent.status_code == 201, sent.content.decode()
    visit = Visit.objects.get(pk=sent.json()["id"])
    assert (visit.housing_ok, visit.water_ok, visit.food_clothing_ok, visit.medical_ok) == (False, False, True, True)
    household_a.refresh_from_db()
    assert (household_a.housing_ok, household_a.water_ok, household_a.education_ok) == (False, False, True)


def test_a_multipart_visit_may_name_several_risk_types(household_a, personas, login):
    response = post(
        login(personas.cadre_a),
        household_a,
        photo=photo(),
        risk_found="true",
        risk_types=["business_failure", "unemployment"],
    )

    assert response.status_code == 201, response.content.decode()
    assert sorted(Visit.objects.get().risk_types) == ["business_failure", "unemployment"]


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("院子.gif", b"GIF89a a gif"), MSG_FILE_TYPE),
        (SimpleUploadedFile("院子.jpg", b"GIF89a renamed"), MSG_FILE_TYPE),
        (SimpleUploadedFile("院子.jpg", b""), MSG_PHOTO_EMPTY),
        ("BIG", MSG_FILE_SIZE),
    ],
)
def test_a_photo_the_page_would_refuse_is_a_400_at_photo_and_no_visit_is_recorded(
    upload, message, household_a, personas, login
):
    if upload == "BIG":
        upload = SimpleUploadedFile("院子.jpg", b"\xff\xd8\xff" + b"0" * MAX_UPLOAD)

    response = post(login(personas.cadre_a), household_a, photo=upload)

    assert response.status_code == 400
    assert response.json()["photo"] == [message]
    assert not Visit.objects.exists()


def test_a_photo_sent_as_text_in_json_is_told_to_upload_a_file(household_a, personas, login):
    body = {"household": household_a.pk, "visited_on": today().isoformat(), "photo": "院子.jpg", **ALL_SECURED}

    response = login(personas.cadre_a).post("/api/v1/visits/", body, content_type="application/json")

    assert response.status_code == 400 and response.json() == {"photo": [MSG_PHOTO_NOT_A_FILE]}
    assert not Visit.objects.exists()


def test_a_read_only_role_may_not_upload(household_a, personas, login):
    response = post(login(personas.official), household_a, photo=photo())

    assert response.status_code == 403 and response.json()["detail"] == MSG_READ_ONLY
    assert not Visit.objects.exists()


def test_another_villages_household_is_refused_and_nothing_stored(household_a, personas, login):
    response = post(login(personas.cadre_b), household_a, photo=photo())

    assert response.status_code == 400 and "household" in response.json()
    assert not Visit.objects.exists()


def test_the_photo_is_downloaded_by_whoever_may_read_the_visit_and_each_download_is_audited(
    household_a, personas, login
):
    visit = recorded(household_a, actor=personas.cadre_a)
    client = login(personas.official)

    response = client.get(f"/api/v1/visits/{visit.pk}/photo/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == JPEG
    event = AuditEvent.objects.get(action="visit.photo_view")
    assert event.actor == personas.official
    assert (event.object_type, event.object_id) == ("households.visit", str(visit.pk))
    assert household_a.number in event.summary and "走访的照片" in event.summary
    assert client.get(f"/api/v1/visits/{visit.pk}/").json()["has_photo"] is True


def test_another_villages_visit_photo_is_a_404_and_not_audited(household_a, personas, login):
    visit = recorded(household_a, actor=personas.cadre_a)

    response = login(personas.cadre_b).get(f"/api/v1/visits/{visit.pk}/photo/")

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="visit.photo_view").exists()


def test_a_role_that_may_not_read_the_registry_may_not_download(household_a, personas, login):
    visit = recorded(household_a, actor=personas.cadre_a)

    response = login(personas.security_admin).get(f"/api/v1/visits/{visit.pk}/photo/")

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="visit.photo_view").exists()


def test_a_visit_without_a_photo_says_so(household_a, personas, login):
    visit = recorded(household_a, actor=personas.cadre_a, with_photo=False)
    client = login(personas.cadre_a)

    response = client.get(f"/api/v1/visits/{visit.pk}/photo/")

    assert response.status_code == 404 and response.json()["detail"] == MSG_NO_PHOTO
    body = client.get(f"/api/v1/visits/{visit.pk}/").json()
    assert body["has_photo"] is False and body["photo_url"] is None


def test_the_list_filters_on_has_photo(household_a, personas, login):
    with_photo = recorded(household_a, actor=personas.cadre_a)
    without = visits.visit_record(
        actor=personas.cadre_a, household=household_a, visited_on=today(), notes="第二次", confirm_same_visit=True
    )
    client = login(personas.township)

    def ids(value):
        response = client.get("/api/v1/visits/", {"has_photo": value})
        assert response.status_code == 200, response.content.decode()
        return [row["id"] for row in response.json()["results"]]

    assert ids("true") == [with_photo.pk]
    assert ids("false") == [without.pk]
    refused = client.get("/api/v1/visits/", {"has_photo": "yes"})
    assert refused.status_code == 400 and "has_photo" in refused.json()
