"""A photo chosen on the visit page is kept on the server when the page comes back with an error (a browser never
refills a file input): the page names it, the corrected post saves the visit with it, "不上传" drops it, and its
token works for the cadre who chose it alone (households.services.pending_uploads, as the meeting minutes)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import Role
from households.models import PendingUpload, Visit
from households.services.pending_uploads import MSG_GONE
from households.services.visits import MSG_DATE_FUTURE, MSG_FILE_TYPE, MSG_RISK_TYPE_REQUIRED
from tests.clock import today
from tests.factories import UserFactory
from tests.households.page_form import changed, page_form

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
KEPT = "已选择：<strong>{name}</strong>，不重新选择则使用此文件"


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photo(name: str = "门前.jpg", content: bytes = JPEG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def url(household) -> str:
    return f"/households/{household.pk}/visits/new/"


def sent_back(client, household, upload=None, **changes):
    """The visit page posted with a risk but no risk type (an error) and `upload` chosen, as it comes back."""
    page = changed(page_form(client.get(url(household)), "notes"), notes="家中有人住院", risk_found=True, **changes)
    response = client.post(url(household), {**page, **({"photo": upload} if upload else {})})
    assert response.status_code == 200 and MSG_RISK_TYPE_REQUIRED in response.content.decode()
    return response


def test_a_photo_chosen_before_an_error_is_kept_and_the_corrected_post_saves_the_visit_with_it(
    personas, household_a, login, media
):
    # given a visit posted with a photo and a risk without its type
    client = login(personas.cadre_a)
    response = sent_back(client, household_a, photo())
    # then the page names the kept photo, and nothing is recorded yet
    page = response.content.decode()
    assert KEPT.format(name="门前.jpg") in page and "不上传" in page
    assert "上次选择的文件未保存" not in page
    kept = PendingUpload.objects.get()
    assert kept.owner == personas.cadre_a and kept.purpose == f"visit:{household_a.pk}"
    kept_path = Path(kept.file.path)
    assert kept_path.is_relative_to(media) and not Visit.objects.filter(household=household_a).exists()
    # when the cadre fixes the error and posts the page again, choosing no file
    saved = client.post(url(household_a), changed(page_form(response, "notes"), risk_found=False))
    # then the visit has the photo, byte for byte, and the kept copy is gone
    assert saved.status_code == 302
    visit = Visit.objects.get(household=household_a)
    with visit.photo.open("rb") as handle:
        assert handle.read() == JPEG
    assert visit.photo.name.endswith(".jpg") and visit.notes == "家中有人住院"
    assert not PendingUpload.objects.exists() and not kept_path.exists()


def test_a_photo_is_kept_across_a_date_in_the_future_too(personas, household_a, login, media):
    tomorrow = today().replace(year=today().year + 1).isoformat()
    client = login(personas.cadre_a)
    page = changed(page_form(client.get(url(household_a)), "notes"), visited_on=tomorrow)

    response = client.post(url(household_a), {**page, "photo": photo()})

    page = response.content.decode()
    assert MSG_DATE_FUTURE in page and KEPT.format(name="门前.jpg") in page


def test_not_uploading_drops_the_kept_photo(personas, household_a, login, media):
    # given a kept photo
    client = login(personas.cadre_a)
    response = sent_back(client, household_a, photo())
    kept_path = Path(PendingUpload.objects.get().file.path)
    # when the corrected page is posted with 不上传 ticked
    saved = client.post(url(household_a), changed(page_form(response, "notes"), risk_found=False, photo_clear=True))
    # then the visit is saved without a photo and the kept one is deleted
    assert saved.status_code == 302
    assert not Visit.objects.get(household=household_a).photo
    assert not PendingUpload.objects.exists() and not kept_path.exists()


def test_a_newly_chosen_photo_replaces_the_kept_one_and_a_refused_one_leaves_it(personas, household_a, login, media):
    client = login(personas.cadre_a)
    first = sent_back(client, household_a, photo("旧.jpg"))
    old_path = Path(PendingUpload.objects.get().file.path)
    # a file that only claims to be a JPG is refused at the field; the kept photo stays
    fake = client.post(
        url(household_a), {**page_form(first, "notes"), "photo": photo("伪装.jpg", b"not a jpeg")}
    ).content.decode()
    assert MSG_FILE_TYPE in fake and KEPT.format(name="旧.jpg") in fake
    # a real one replaces it
    replaced = sent_back(client, household_a, photo("新.jpg"), photo_token=PendingUpload.objects.get().token)

    assert KEPT.format(name="新.jpg") in replaced.content.decode()
    assert list(PendingUpload.objects.values_list("name", flat=True)) == ["新.jpg"] and not old_path.exists()


def test_another_users_token_is_refused_at_the_field(personas, household_a, county, login, media):
    # given a photo kept for the cadre
    response = sent_back(login(personas.cadre_a), household_a, photo())
    token = PendingUpload.objects.get().token
    colleague = UserFactory(
        username="cadre_a2", role=Role.VILLAGE_CADRE, region_path=county.village_a.path, region_name="城南村"
    )
    # when a colleague of the same village posts a valid visit with that token
    client = login(colleague)
    page = changed(page_form(client.get(url(household_a)), "notes"), notes="走访", photo_token=token)
    refused = client.post(url(household_a), page)
    # then it is said at the photo field, nothing is recorded, and the photo is still the cadre's
    body = refused.content.decode()
    assert refused.status_code == 200 and MSG_GONE in body and "门前.jpg" not in body
    assert not Visit.objects.filter(household=household_a).exists()
    assert PendingUpload.objects.get().owner == personas.cadre_a
    assert response.status_code == 200


def test_the_corrected_page_posted_twice_records_one_visit_without_an_error(personas, household_a, login, media):
    # given a kept photo and the corrected page
    client = login(personas.cadre_a)
    corrected = changed(page_form(sent_back(client, household_a, photo()), "notes"), risk_found=False)
    # when it is posted twice (the phone resends it): the kept photo is gone after the first
    assert client.post(url(household_a), corrected).status_code == 302
    again = client.post(url(household_a), corrected, follow=True)
    # then the second is the saved page's answer, not "the chosen file expired"
    assert "该走访记录已保存（重复提交未再次保存）。" in again.content.decode()
    assert Visit.objects.filter(household=household_a).count() == 1
    assert Visit.objects.get(household=household_a).photo


def test_a_kept_photo_whose_bytes_went_is_said_gone_not_a_server_error(personas, household_a, login, media):
    # given a kept photo whose stored bytes are deleted after the page came back (the same page's earlier post saved
    # its visit with them, or the purge), its row still there
    client = login(personas.cadre_a)
    response = sent_back(client, household_a, photo())
    kept = PendingUpload.objects.get()
    kept.file.storage.delete(kept.file.name)
    # when the corrected page is posted naming it
    again = client.post(url(household_a), changed(page_form(response, "notes"), risk_found=False))
    # then the page says the file is gone, nothing is recorded, and the orphan row is dropped
    assert again.status_code == 200 and MSG_GONE in again.content.decode()
    assert not Visit.objects.filter(household=household_a).exists() and not PendingUpload.objects.exists()


def test_a_resent_page_whose_kept_photo_went_with_the_first_post_gets_the_first_visit(
    personas, household_a, login, media
):
    # given a page saved with its kept photo, and the resent post reading the kept row before the first deleted it
    client = login(personas.cadre_a)
    response = sent_back(client, household_a, photo())
    kept = PendingUpload.objects.get()
    page = changed(page_form(response, "notes"), risk_found=False)
    assert client.post(url(household_a), page).status_code == 302
    PendingUpload.objects.create(
        owner=kept.owner, purpose=kept.purpose, token=kept.token, file=kept.file.name, name=kept.name
    )
    # when the same page is posted again
    again = client.post(url(household_a), page, follow=True)
    # then it is answered with the first visit, which keeps its photo
    assert again.status_code == 200 and "该走访记录已保存（重复提交未再次保存）。" in again.content.decode()
    visit = Visit.objects.get(household=household_a)
    with visit.photo.open("rb") as handle:
        assert handle.read() == JPEG
