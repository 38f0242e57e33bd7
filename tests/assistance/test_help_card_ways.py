"""The 明白卡's 自主申报方式和途径 (printed-matter review, finding 1): it listed the village cadres and the
township's and county's phones only. Seeds 000 §三(二) (自主申报APP二维码), 003 §二2(4) (书面、
全国防止返贫监测信息系统手机APP、12317平台) and 004 §(二十四) (告知脱贫户自主申报方式和途径): the card prints the
village's own 自主申报 QR code and address (the poster's), the national APP and 12317; each phone under the name of
the body it belongs to (finding 3)."""

import re

import pytest

from accounts.models import AuditEvent
from households.models import Region
from workflow.models.applications import ApplicationLink

pytestmark = pytest.mark.django_db


def url(household):
    return f"/assistance/households/{household.pk}/card/print/"


def ways(page: str) -> str:
    return re.sub(r"<[^>]+>", "", page.split("data-card-ways>")[1].split("</ol>")[0])


def test_the_card_prints_the_villages_qr_code_the_national_app_and_12317(personas, login, settings, household_a):
    settings.SHOUWANG_PUBLIC_BASE_URL = "https://shouwang.example.gov.cn"
    client = login(personas.cadre_a)
    poster = client.get(f"/workflow/applications/poster/{household_a.village.code}/").content.decode()

    page = client.get(url(household_a)).content.decode()

    link = ApplicationLink.objects.get(village=household_a.village, revoked_at__isnull=True)
    address = f"https://shouwang.example.gov.cn/apply/{link.token}/"
    assert address in poster and address in page  # the poster's code, not a second one
    assert "<svg" in page.split("data-card-qr>")[1] and "城南村自主申报二维码" in page
    listed = ways(page)
    assert "用手机微信扫描本卡上的本村自主申报二维码" in listed and address in listed
    assert "通过“全国防止返贫监测信息系统”手机APP申报" in listed
    assert "防止返贫监测和乡村振兴咨询服务平台（即原来的12317平台）电话：12317" in listed
    assert "书面或当面向本村村“两委”干部或驻村工作队申报" in listed


def test_the_first_card_of_a_village_makes_its_code_as_the_poster_would(personas, login, household_a):
    assert not ApplicationLink.objects.exists()

    page = login(personas.cadre_a).get(url(household_a)).content.decode()

    link = ApplicationLink.objects.get(village=household_a.village)
    assert f"/apply/{link.token}/" in page
    assert AuditEvent.objects.filter(action="workflow.application_link_create", actor_username="cadre_a").count() == 1
    # A second card prints the same code, and makes none.
    assert f"/apply/{link.token}/" in login(personas.cadre_a).get(url(household_a)).content.decode()
    assert ApplicationLink.objects.count() == 1


def test_a_reader_prints_the_code_in_use_and_makes_none(personas, login, household_a):
    client = login(personas.official)  # 领导只读: no registry rights, makes no code
    page = client.get(url(household_a)).content.decode()
    assert client.get(url(household_a)).status_code == 200
    assert "data-card-qr>" not in page and "用手机微信扫描村里张贴的本村自主申报二维码" in ways(page)
    assert not ApplicationLink.objects.exists()

    login(personas.cadre_a).get(f"/workflow/applications/poster/{household_a.village.code}/")
    link = ApplicationLink.objects.get()
    assert f"/apply/{link.token}/" in client.get(url(household_a)).content.decode()


def test_each_phone_is_printed_under_its_own_bodys_name(personas, login, county, household_a):
    Region.objects.filter(pk=county.county.pk).update(supervision_phone="0792-3221234")
    client = login(personas.cadre_a)

    listed = ways(client.get(url(household_a)).content.decode())
    assert "向涂埠镇人民政府申报，电话：＿＿＿＿＿＿＿＿" in listed  # the township has none of its own
    assert "向永修县乡村振兴部门申报，电话：0792-3221234" in listed

    Region.objects.filter(pk=county.township.pk).update(supervision_phone="0792-7654321")
    listed = ways(client.get(url(household_a)).content.decode())
    assert "向涂埠镇人民政府申报，电话：0792-7654321" in listed
    assert "向永修县乡村振兴部门申报，电话：0792-3221234" in listed
