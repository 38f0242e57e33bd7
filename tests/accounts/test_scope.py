import pytest

pytestmark = pytest.mark.django_db


def test_cadre_of_village_a_sees_only_village_a_regions_in_the_list(personas, county, login):
    response = login(personas.cadre_a).get("/regions/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "城南村" in body
    assert "城北村" not in body
    assert "张公渡村" not in body


def test_cadre_of_village_a_gets_404_for_village_b_through_the_api(personas, county, login):
    client = login(personas.cadre_a)

    own = client.get(f"/api/v1/regions/{county.village_a.code}/")
    other = client.get(f"/api/v1/regions/{county.village_b.code}/")

    assert own.status_code == 200
    assert own.json()["name"] == "城南村"
    assert other.status_code == 404
    assert other.json()["detail"] == "未找到该记录，或您无权查看。"


def test_township_officer_sees_both_villages_of_the_township_but_not_the_other_township(personas, county, login):
    codes = {r["code"] for r in login(personas.township).get("/api/v1/regions/?level=village").json()["results"]}

    assert codes == {county.village_a.code, county.village_b.code}


def test_department_clerk_sees_no_region_registry(personas, login):
    client = login(personas.clerk)

    assert client.get("/api/v1/regions/").status_code == 403
    assert client.get("/regions/").status_code == 403


def test_anonymous_api_request_is_refused_in_chinese(client):
    response = client.get("/api/v1/regions/")

    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "请先登录。"
