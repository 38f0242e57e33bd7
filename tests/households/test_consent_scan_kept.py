"""A scan chosen on the consent page is kept on the server when the page comes back with an error (a browser never
refills a file input), as the visit photo is: the page names it, the corrected post saves the consent with it, a newly
chosen file replaces it, and a page with none kept still asks for one (households.services.pending_uploads)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from households.models import Consent, PendingUpload
from households.services.visits import MSG_FILE_TYPE, MSG_PROXY_NAME, MSG_SCAN_REQUIRED
from tests.clock import today
from tests.households.page_form import changed, page_form

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% signed consent\n" + bytes(range(256))
KEPT = "已选择：<strong>{name}</strong>，不重新选择则使用此文件"


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def scan(name: str = "授权书.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def url(household) -> str:
    return f"/households/{household.pk}/consent/new/"


def proxy_without_name(client, household, upload=None, **changes):
    """The consent page posted as 代签并按手印 with the thumbprint ticked but no 代签人姓名, and `upload` chosen."""
    page = changed(
        page_form(client.get(url(household)), "signer"), signer="proxy", thumbprint=True, signed_on=today(), **changes
    )
    response = client.post(url(household), {**page, **({"scan": upload} if upload else {})})
    assert response.status_code == 200 and MSG_PROXY_NAME in response.content.decode()
    return response


def test_a_scan_chosen_before_an_error_is_kept_and_the_corrected_post_saves_the_consent_with_it(
    personas, household_a, login, media
):
    # given the consent page posted with a scan and the proxy's name forgotten
    client = login(personas.cadre_a)
    response = proxy_without_name(client, household_a, scan())
    # then the page names the kept scan instead of asking for it again, and nothing is recorded yet
    page = response.content.decode()
    assert KEPT.format(name="授权书.pdf") in page and "更换签字扫描件" in page
    assert "上次选择的文件未保存" not in page and MSG_SCAN_REQUIRED not in page
    kept = PendingUpload.objects.get()
    assert kept.owner == personas.cadre_a and kept.purpose == f"consent:{household_a.pk}"
    kept_path = Path(kept.file.path)
    assert not household_a.consents.exists()
    # when the cadre fills in the proxy's name and posts the page again, choosing no file
    saved = client.post(url(household_a), changed(page_form(response, "signer"), proxy_name="张小明"))
    # then the consent has the scan, byte for byte, the tab links it, and the kept copy is gone
    assert saved.status_code == 302
    consent = Consent.objects.get(household=household_a)
    assert consent.proxy_name == "张小明" and consent.signer == "proxy"
    with consent.scan.open("rb") as handle:
        assert handle.read() == PDF
    tab = client.get(f"/households/{household_a.pk}/?tab=consent").content.decode()
    assert f"/households/consents/{consent.pk}/scan/" in tab
    assert "未上传扫描件" not in tab
    assert not PendingUpload.objects.exists() and not kept_path.exists()


def test_a_newly_chosen_scan_replaces_the_kept_one_and_a_refused_one_leaves_it(personas, household_a, login, media):
    client = login(personas.cadre_a)
    first = proxy_without_name(client, household_a, scan("旧.pdf"))
    old_path = Path(PendingUpload.objects.get().file.path)
    # a file that only claims to be a PDF is refused at the field; the kept scan stays
    fake = client.post(url(household_a), {**page_form(first, "signer"), "scan": scan("伪装.pdf", b"not a pdf")})
    body = fake.content.decode()
    assert MSG_FILE_TYPE in body and KEPT.format(name="旧.pdf") in body
    # a real one replaces it, and the corrected page saves the consent with the new one
    replaced = client.post(url(household_a), {**page_form(fake, "signer"), "scan": scan("新.pdf")})
    assert KEPT.format(name="新.pdf") in replaced.content.decode() and not old_path.exists()
    saved = client.post(url(household_a), changed(page_form(replaced, "signer"), proxy_name="张小明"))

    assert saved.status_code == 302
    assert Consent.objects.get(household=household_a).scan.name.endswith(".pdf")
    assert not PendingUpload.objects.exists()


def test_a_page_with_no_scan_chosen_still_asks_for_one_with_the_other_errors(personas, household_a, login, media):
    client = login(personas.cadre_a)
    page = changed(page_form(client.get(url(household_a)), "signer"), signer="proxy", thumbprint=True)

    body = client.post(url(household_a), page).content.decode()

    assert MSG_SCAN_REQUIRED in body and MSG_PROXY_NAME in body
    assert not household_a.consents.exists() and not PendingUpload.objects.exists()
