"""What an API client gets when its request is wrong before any endpoint can answer: JSON, in Chinese."""

import pytest

pytestmark = pytest.mark.django_db


def test_no_credentials_is_401_naming_the_token_scheme(client):
    response = client.get("/api/v1/households/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json() == {"detail": "请先登录。"}


def test_an_unknown_endpoint_answers_json_not_a_web_page(personas, login):
    response = login(personas.county_officer).get("/api/v1/no-such-thing/")

    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert "接口地址不存在" in response.json()["detail"]
    # A page keeps its Chinese 404 page.
    page = login(personas.county_officer).get("/no-such-page/")
    assert page.status_code == 404 and "页面不存在" in page.content.decode()


def test_a_nul_byte_in_a_filter_is_refused_with_400_not_a_server_error(personas, login):
    client = login(personas.county_officer)

    for url in ("/api/v1/alerts/?q=%00", "/api/v1/assistance/measures/?status=%00", "/api/v1/audit-events/?q=%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "非法字符" in response.json()["detail"]
    assert client.get("/alerts/?q=%00").status_code == 400


def test_a_body_that_is_not_json_is_said_in_chinese(personas, login):
    response = login(personas.cadre_a).post("/api/v1/visits/", "{bad json", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "请求体无法解析：不是有效的 JSON，或与 Content-Type 声明的格式不符。"}


def test_a_json_body_that_is_not_an_object_is_said_in_chinese(personas, login):
    # DRF's own zh-hans text read "无效数据。期待为字典类型，得到的是 list 。"
    response = login(personas.cadre_a).post("/api/v1/visits/", [1, 2], content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ['请求内容应为 JSON 对象（形如 {"字段名": 值}），不能是数组、字符串、数字或 null。']
    }


def test_a_filter_value_an_endpoint_does_not_take_is_a_400_naming_it(personas, login):
    county = login(personas.county_officer)
    cases = [
        (county, "/api/v1/reports/performance/", {"date": "2026-13-01"}, "date"),
        (county, "/api/v1/reports/performance/", {"period": "foo"}, "period"),
        (county, "/api/v1/feed-punctuality/", {"start": "2026-13-01"}, "start"),
        (county, "/api/v1/screening-runs/", {"group": "foo"}, "group"),
        (login(personas.audit_admin), "/api/v1/audit-events/", {"date_from": "2026-13-01"}, "date_from"),
    ]
    for client, url, params, name in cases:
        response = client.get(url, params)
        assert response.status_code == 400, (url, params, response.content[:200])
        assert name in response.json(), (url, response.json())
    assert county.get("/api/v1/reports/performance/", {"period": "quarter", "date": "2026-10-01"}).status_code == 200


def test_a_yes_no_filter_refuses_any_other_value(personas, login):
    client = login(personas.county_officer)

    assert client.get("/api/v1/risk-flags/", {"is_active": "maybe"}).status_code == 400
    assert client.get("/api/v1/risk-flags/", {"is_active": "true"}).status_code == 200


def test_a_clerk_writing_to_the_registry_is_told_it_may_not_use_it_at_all(personas, login):
    response = login(personas.clerk).post("/api/v1/visits/", {}, content_type="application/json")

    assert response.status_code == 403
    assert response.json()["detail"] == "您的角色无权使用此接口。"  # not "may only read the registry"


def test_a_query_parameter_a_list_does_not_know_is_a_400_not_the_whole_list(personas, county, login):
    """A misspelt filter (?villge=) used to be ignored: the whole list came back as if it were the village's."""
    from tests.factories import HouseholdFactory

    HouseholdFactory(village=county.village_a)
    HouseholdFactory(village=county.village_c)
    client = login(personas.county_officer)
    village = county.village_a.code

    response = client.get("/api/v1/households/", {"villge": village})
    assert response.status_code == 400
    message = response.json()["villge"][0]
    assert "没有“villge”这个查询参数" in message and "village" in message and "page_size" in message
    # The right names still filter and page; a list without a filter set keeps reading its own parameters.
    filtered = client.get("/api/v1/households/", {"village": village, "page": 1, "page_size": 10})
    assert filtered.status_code == 200
    assert filtered.json()["count"] < client.get("/api/v1/households/").json()["count"]
    assert client.get("/api/v1/alerts/", {"q": "张"}).status_code == 200
    cases = client.get("/api/v1/cases/", {"stauts": "open"})
    assert cases.status_code == 400 and "stauts" in cases.json()
