"""The error pages speak Chinese and say nothing about records out of the user's scope."""

import pytest
from django.test import Client, override_settings
from django.urls import path

from workflow.selectors_applications import MSG_BAD_LINK

pytestmark = pytest.mark.django_db


def test_a_household_out_of_scope_is_the_same_chinese_404_as_one_that_does_not_exist(personas, county, login):
    import datetime as dt

    from households.services import registry
    from tests.households.conftest import member_row

    other = registry.household_create(
        actor=personas.county_officer,
        village=county.village_b,
        members=[member_row("王五", "head", dt.date(1970, 1, 1), 11)],
        household_type="lifted_out",
    )
    client = login(personas.cadre_a)

    hidden, missing = client.get(f"/households/{other.pk}/"), client.get("/households/99999999/")

    assert hidden.status_code == missing.status_code == 404
    for response in (hidden, missing):
        body = response.content.decode()
        assert "您要找的页面不存在，或不在您的管辖范围内。" in body and "返回首页" in body
        assert "matches the given query" not in body and "王五" not in body


def test_a_farmer_with_an_outdated_qr_code_is_told_what_to_do():
    response = Client().get("/apply/no-such-token/")

    assert response.status_code == 404
    body = response.content.decode()
    assert MSG_BAD_LINK in body and "返回首页" not in body  # not logged in: no link into the system


def _boom(request):
    raise RuntimeError("database went away")


urlpatterns = [path("boom/", _boom)]


@override_settings(ROOT_URLCONF="tests.config.test_error_pages")
def test_a_server_error_is_a_chinese_page_that_does_not_claim_what_it_cannot_know():
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "系统出错" in body and "查看刚才的操作是否已经生效" in body and "database went away" not in body


handler500 = "config.error_pages.server_error"
