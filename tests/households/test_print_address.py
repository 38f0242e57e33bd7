"""住址 on the printed consent form and collection sheet: said once, whether the address recorded names the township
and village (涂埠镇城南村3号, as the import and the demo record it) or only part of them (城南村3号, 3号)."""

import pytest

from households.models import Household

pytestmark = pytest.mark.django_db


def printed(client, household, page):
    return client.get(f"/households/{household.pk}/{page}/print/").content.decode()


@pytest.mark.parametrize("page", ["consent", "form"])
def test_a_full_address_is_printed_once(household_a, personas, login, page):
    Household.objects.filter(pk=household_a.pk).update(address="涂埠镇城南村3号")
    body = printed(login(personas.cadre_a), household_a, page)

    assert "涂埠镇城南村3号" in body
    assert "涂埠镇城南村涂埠镇" not in body and body.count("城南村3号") == 1


@pytest.mark.parametrize("page", ["consent", "form"])
def test_an_address_from_the_village_down_gets_its_township_before_it(household_a, personas, login, page):
    body = printed(login(personas.cadre_a), household_a, page)  # recorded as 城南村3号

    assert "涂埠镇城南村3号" in body and "城南村城南村" not in body


def test_the_places_left_out_are_written_before_the_address(household_a, county):
    household_a.group = county.group_a  # 城南村一组
    cases = {
        "涂埠镇城南村一组3号": "涂埠镇城南村一组3号",
        "城南村一组3号": "涂埠镇城南村一组3号",
        "一组3号": "涂埠镇城南村一组3号",
        "3号": "涂埠镇城南村一组3号",
        "": "涂埠镇城南村一组",
    }
    for recorded, shown in cases.items():
        household_a.address = recorded
        assert household_a.full_address == shown, recorded
    household_a.group = None
    household_a.address = "城南村3号"
    assert household_a.full_address == "涂埠镇城南村3号"
