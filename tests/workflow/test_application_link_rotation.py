"""The village's QR poster prints the address farmers' phones can open (SHOUWANG_PUBLIC_BASE_URL), warns on screen
when it would print an intranet one, and a village can replace a code being abused (重新生成二维码): the old one
stops at once with a page saying so, the new one works, and the log names the village."""

import pytest
from django.test import Client

from accounts.models import AuditEvent
from config.env import ImproperlyConfiguredError, env_base_url
from tests.workflow.applications_helpers import STRANGER_ID, form_data, receipt_of
from workflow.forms_poster import MSG_ROTATE_UNDERSTOOD
from workflow.models.applications import Application, ApplicationLink
from workflow.public_address import MSG_INTERNAL_ADDRESS, host_looks_internal
from workflow.selectors_application_public import MSG_LINK_REVOKED
from workflow.services.application_public import application_link_for, application_link_rotate
from workflow.views_poster import MSG_ROTATED

pytestmark = pytest.mark.django_db

PUBLIC = "https://shouwang.example.gov.cn"


def poster_path(village) -> str:
    return f"/workflow/applications/poster/{village.code}/"


def rotate_path(village) -> str:
    return f"/workflow/applications/poster/{village.code}/rotate/"


# The public address


def test_the_poster_prints_the_configured_public_address_not_the_one_browsed_from(personas, login, county, settings):
    settings.SHOUWANG_PUBLIC_BASE_URL = PUBLIC
    settings.ALLOWED_HOSTS = ["testserver", "10.20.1.5"]
    page = login(personas.cadre_a).get(poster_path(county.village_a), HTTP_HOST="10.20.1.5:8000").content.decode()
    token = ApplicationLink.objects.get(village=county.village_a).token
    assert f"{PUBLIC}/apply/{token}/" in page and f"{PUBLIC}/apply/status/" in page
    assert "10.20.1.5" not in page  # neither in the written address nor in the QR's title
    assert MSG_INTERNAL_ADDRESS not in page  # configured: nothing to warn about


def test_without_a_public_address_an_intranet_one_is_used_and_warned_about_on_screen_only(
    personas, login, county, settings
):
    settings.SHOUWANG_PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["testserver", "10.20.1.5"]
    page = login(personas.cadre_a).get(poster_path(county.village_a), HTTP_HOST="10.20.1.5:8000").content.decode()
    token = ApplicationLink.objects.get(village=county.village_a).token
    assert f"http://10.20.1.5:8000/apply/{token}/" in page  # the behaviour before the setting
    warning = page.index(MSG_INTERNAL_ADDRESS)
    # In the screen-only box (print.css hides .no-print), before the poster's printed heading.
    assert page.rindex('<div class="no-print poster-screen">', 0, warning) < warning < page.index("<h1>")


def test_a_public_host_gets_no_warning(personas, login, county, settings):
    settings.SHOUWANG_PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["testserver", "shouwang.example.gov.cn"]
    page = login(personas.cadre_a).get(poster_path(county.village_a), HTTP_HOST="shouwang.example.gov.cn")
    assert MSG_INTERNAL_ADDRESS not in page.content.decode()


@pytest.mark.parametrize(
    ("host", "internal"),
    [
        ("127.0.0.1:8000", True),
        ("10.1.2.3", True),
        ("192.168.0.20:8080", True),
        ("172.16.0.1", True),
        ("172.31.255.254", True),
        ("172.32.0.1", False),
        ("localhost:8000", True),
        ("shouwang", True),  # a bare intranet host name
        ("shouwang.lan", True),
        ("[::1]:8000", True),
        ("shouwang.example.gov.cn", False),
        ("202.96.134.133", False),
    ],
)
def test_which_hosts_look_internal(host, internal):
    assert host_looks_internal(host) is internal


def test_the_public_address_setting_takes_scheme_and_host_only(monkeypatch):
    monkeypatch.setenv("SHOUWANG_PUBLIC_BASE_URL", f"{PUBLIC}/")
    assert env_base_url("SHOUWANG_PUBLIC_BASE_URL") == PUBLIC
    monkeypatch.setenv("SHOUWANG_PUBLIC_BASE_URL", "")
    assert env_base_url("SHOUWANG_PUBLIC_BASE_URL") == ""
    for bad in ("shouwang.example.gov.cn", f"{PUBLIC}/shouwang", f"{PUBLIC}:port", "ftp://shouwang.example.gov.cn"):
        monkeypatch.setenv("SHOUWANG_PUBLIC_BASE_URL", bad)
        with pytest.raises(ImproperlyConfiguredError):
            env_base_url("SHOUWANG_PUBLIC_BASE_URL")


# 重新生成二维码


def test_regenerating_stops_the_old_code_at_once_and_the_new_one_works(personas, county):
    old = application_link_for(actor=personas.cadre_a, village=county.village_a)

    new = application_link_rotate(actor=personas.cadre_a, village=county.village_a)

    assert new.token != old.token
    refused = Client().get(f"/apply/{old.token}/")
    assert refused.status_code == 410 and MSG_LINK_REVOKED in refused.content.decode()
    posted = Client().post(f"/apply/{old.token}/", form_data(id_number=STRANGER_ID, name="陈桂兰"))
    assert posted.status_code == 410 and not Application.objects.exists()
    assert Client().get(f"/apply/{new.token}/").status_code == 200
    answer = Client().post(f"/apply/{new.token}/", form_data(id_number=STRANGER_ID, name="陈桂兰"), follow=True)
    assert Application.objects.get(receipt_no=receipt_of(answer.content.decode())).village == county.village_a
    assert application_link_for(actor=personas.cadre_a, village=county.village_a) == new  # the poster's code now
    old.refresh_from_db()
    assert old.revoked_at is not None and old.revoked_by == personas.cadre_a
    event = AuditEvent.objects.get(action="workflow.application_link_rotate")
    assert event.actor == personas.cadre_a and "城南村" in event.summary and "原二维码已停用" in event.summary
    assert event.region_path == county.village_a.path
    # An unknown token is still told apart from a replaced one.
    assert Client().get("/apply/not-a-token/").status_code == 404


def test_the_page_asks_for_confirmation_before_regenerating(personas, login, county):
    client = login(personas.cadre_a)
    client.get(poster_path(county.village_a))  # the poster printed
    old = ApplicationLink.objects.get(village=county.village_a)

    confirm = client.get(rotate_path(county.village_a))
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "旧二维码立即停用" in html and "确认重新生成二维码" in html
    unticked = client.post(rotate_path(county.village_a), {})
    assert unticked.status_code == 200 and MSG_ROTATE_UNDERSTOOD in unticked.content.decode()
    assert ApplicationLink.objects.filter(village=county.village_a).count() == 1  # nothing done yet

    done = client.post(rotate_path(county.village_a), {"understood": "on"}, follow=True)

    new = ApplicationLink.objects.get(village=county.village_a, revoked_at__isnull=True)
    assert new.token != old.token
    assert done.redirect_chain[-1][0] == poster_path(county.village_a)
    page = done.content.decode()
    assert MSG_ROTATED in page and f"/apply/{new.token}/" in page and f"/apply/{old.token}/" not in page
    assert client.get(f"/apply/{old.token}/").status_code == 410


def test_township_and_county_may_regenerate_others_may_not(personas, login, county):
    application_link_for(actor=personas.cadre_a, village=county.village_a)
    assert login(personas.cadre_b).post(rotate_path(county.village_a), {"understood": "on"}).status_code == 404
    assert login(personas.approver).post(rotate_path(county.village_a), {"understood": "on"}).status_code == 403
    assert login(personas.official).get(rotate_path(county.village_a)).status_code == 403
    assert ApplicationLink.objects.filter(village=county.village_a).count() == 1
    for actor in (personas.township, personas.county_officer):
        assert login(actor).post(rotate_path(county.village_a), {"understood": "on"}).status_code == 302
    assert ApplicationLink.objects.filter(village=county.village_a, revoked_at__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action="workflow.application_link_rotate").count() == 2


def test_regeneration_is_a_post(personas, login, county):
    application_link_for(actor=personas.cadre_a, village=county.village_a)
    login(personas.cadre_a).get(rotate_path(county.village_a), {"understood": "on"})
    assert ApplicationLink.objects.filter(village=county.village_a).count() == 1
