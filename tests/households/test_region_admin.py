"""The system admin keeps the region tree up with the statistical division codes in /admin/: adds a village or a
villager group, renames a region, and retires (撤销) a village or group (households.services.regions)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEvent
from households.choices import HouseholdType, RegionLevel
from households.forms_relocate import RelocateForm
from households.models import Grid, Region
from households.selectors import group_options, village_options
from households.services import regions as region_services
from households.services import registry
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


def _vacate(personas):
    """The village cadres moved away (a village with an active account scoped to it is not retired)."""
    for user in (personas.cadre_a, personas.cadre_b):
        user.is_active = False
        user.save(update_fields=["is_active"])


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _errors(response) -> dict:
    return response.context["adminform"].form.errors


# 新增


def test_the_system_admin_adds_a_village_under_a_township_with_its_path_and_an_audit(personas, county, login):
    response = login(personas.system_admin).post(
        "/admin/households/region/add/", {"parent": county.township.pk, "code": "360425100203", "name": "新港村"}
    )

    assert response.status_code == 302
    village = Region.objects.get(code="360425100203")
    assert (village.level, village.parent, village.path, village.is_active) == (
        RegionLevel.VILLAGE,
        county.township,
        "360425100203",
        True,
    )
    event = AuditEvent.objects.get(action="region.create")
    assert event.actor == personas.system_admin
    assert event.after["name"] == "新港村" and event.region_path == "360425100203"
    assert village in village_options(actor=personas.township)


def test_a_villager_group_is_the_village_code_and_three_digits(personas, county, login):
    response = login(personas.system_admin).post(
        "/admin/households/region/add/",
        {"parent": county.village_a.pk, "code": "360425100201002", "name": "城南村二组"},
    )

    assert response.status_code == 302
    group = Region.objects.get(code="360425100201002")
    assert (group.level, group.parent, group.path) == (RegionLevel.GROUP, county.village_a, "360425100201002")


@pytest.mark.parametrize(
    ("parent", "code", "field", "message"),
    [
        ("township", "360425101203", "code", "以所属乡镇的代码 360425100 开头"),  # another township's prefix
        ("township", "36042510020A", "code", "12位数字"),
        ("township", "3604251002", "code", "12位数字"),
        ("township", "360425100201", "code", "已被“城南村”使用"),
        ("village_a", "360425100202001", "code", "所属村的代码 360425100201 加3位组号"),
        ("village_a", "360425100201001", "code", "已被“城南村一组”使用"),
    ],
)
def test_a_wrong_code_or_parent_is_refused_at_its_field_in_chinese(
    personas, county, login, parent, code, field, message
):
    response = login(personas.system_admin).post(
        "/admin/households/region/add/", {"parent": getattr(county, parent).pk, "code": code, "name": "新港村"}
    )

    assert response.status_code == 200
    assert message in " ".join(_errors(response)[field])
    assert not Region.objects.filter(name="新港村").exists()
    assert not AuditEvent.objects.filter(action="region.create").exists()


def test_a_region_is_added_only_under_a_township_or_a_village(personas, county):
    with pytest.raises(ValidationError) as refused:
        region_services.region_create(
            actor=personas.system_admin, parent=county.county, code="360425102000", name="新镇"
        )

    assert "只能在乡镇下新增村，或在村下新增村民小组；永修县是县" in refused.value.message_dict["parent"][0]


def test_a_second_village_of_the_same_name_in_a_township_is_refused(personas, county, login):
    response = login(personas.system_admin).post(
        "/admin/households/region/add/", {"parent": county.township.pk, "code": "360425100203", "name": "城南村"}
    )

    assert "涂埠镇下已有名为“城南村”的村" in _errors(response)["name"][0]


@pytest.mark.parametrize("who", ["security_admin", "audit_admin", "county_officer", "township"])
def test_only_the_system_admin_administers_regions(personas, county, login, who):
    _vacate(personas)
    client = login(getattr(personas, who))

    add = client.post(
        "/admin/households/region/add/", {"parent": county.township.pk, "code": "360425100203", "name": "新港村"}
    )
    rename = client.post(f"/admin/households/region/{county.village_a.pk}/change/", {"name": "改名"})
    retire = client.post(f"/admin/households/region/{county.village_b.pk}/retire/", {"confirm": "on"})

    assert (add.status_code, rename.status_code, retire.status_code) == (403, 403, 403)
    assert not Region.objects.filter(code="360425100203").exists()
    county.village_a.refresh_from_db()
    county.village_b.refresh_from_db()
    assert county.village_a.name == "城南村" and county.village_b.is_active
    with pytest.raises(PermissionDenied):
        region_services.region_rename(actor=getattr(personas, who), region=county.village_a, name="改名")


# 更名


def test_renaming_keeps_the_code_and_records_the_old_name(personas, county, login):
    response = login(personas.system_admin).post(
        f"/admin/households/region/{county.village_a.pk}/change/", {"name": "城南社区"}
    )

    assert response.status_code == 302
    county.village_a.refresh_from_db()
    assert (county.village_a.name, county.village_a.code) == ("城南社区", "360425100201")
    event = AuditEvent.objects.get(action="region.rename")
    # cadre_a, scoped to 城南村, reads the new name (tests/households/test_region_rename_accounts.py).
    assert (event.before, event.after) == ({"name": "城南村"}, {"name": "城南社区", "accounts_renamed": 1})
    assert "城南村 → 城南社区" in event.summary


def test_the_code_cannot_be_changed_on_the_rename_page(personas, county, login):
    login(personas.system_admin).post(
        f"/admin/households/region/{county.village_a.pk}/change/", {"name": "城南社区", "code": "360425100209"}
    )

    county.village_a.refresh_from_db()
    assert county.village_a.code == "360425100201"


# 撤销


def _household(personas, village, group=None, grid=None, sequence=41):
    return registry.household_create(
        actor=personas.township,
        village=village,
        group=group,
        grid=grid,
        members=[member_row("王大山", "head", dt.date(1970, 1, 2), sequence)],
        household_type=HouseholdType.ORDINARY,
        address="1号",
        phone="13800000000",
    )


def test_a_village_with_households_in_the_registry_cannot_be_retired_and_the_page_says_why(personas, county, login):
    for sequence, name in enumerate(("第十网格", "第二网格"), start=41):
        grid = Grid.objects.create(village=county.village_b, name=name, region_path=county.village_b.path)
        _household(personas, county.village_b, grid=grid, sequence=sequence)
    client = login(personas.system_admin)

    page = client.get(f"/admin/households/region/{county.village_b.pk}/retire/").content.decode()
    client.post(f"/admin/households/region/{county.village_b.pk}/retire/", {"confirm": "on"})

    assert "城北村还有 2 户在册农户（未注销）" in page
    assert "城北村有 2 个网格还有在册农户：第二网格、第十网格" in page
    assert "确认撤销" not in page
    county.village_b.refresh_from_db()
    assert county.village_b.is_active
    assert not AuditEvent.objects.filter(action="region.retire").exists()


def test_retiring_a_village_asks_first_then_retires_it_with_its_groups(personas, county, login):
    _vacate(personas)
    client = login(personas.system_admin)

    page = client.get(f"/admin/households/region/{county.village_a.pk}/retire/").content.decode()
    unconfirmed = client.post(f"/admin/households/region/{county.village_a.pk}/retire/", {})
    county.village_a.refresh_from_db()
    assert county.village_a.is_active and unconfirmed.status_code == 200
    done = client.post(f"/admin/households/region/{county.village_a.pk}/retire/", {"confirm": "on"})

    assert "确认撤销" in page and "城南村一组" in page
    assert done.status_code == 302
    county.village_a.refresh_from_db()
    county.group_a.refresh_from_db()
    assert not county.village_a.is_active and not county.group_a.is_active
    assert county.village_a.retired_on is not None
    event = AuditEvent.objects.get(action="region.retire")
    assert event.after["retired_groups"] == ["城南村一组（360425100201001）"]


def test_a_retired_village_leaves_the_pickers_and_the_list_marks_it(personas, county, login):
    _vacate(personas)
    region_services.region_retire(actor=personas.system_admin, region=county.village_a)

    assert county.village_a not in village_options(actor=personas.township)
    assert county.group_a not in group_options(actor=personas.township)
    assert set(Region.objects.active().filter(level=RegionLevel.VILLAGE)) == {county.village_b, county.village_c}
    listing = login(personas.township).get("/regions/", {"level": "village"}).content.decode()
    assert "已撤销" in listing


def test_no_household_is_placed_in_a_retired_village(personas, county):
    _vacate(personas)
    region_services.region_retire(actor=personas.system_admin, region=county.village_a)
    county.village_a.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        _household(personas, county.village_a)

    assert "城南村已撤销" in str(refused.value)


def test_a_township_is_not_retired_here(personas, county):
    check = region_services.region_retire_check(county.township)

    assert not check.allowed and "只能撤销村或村民小组" in check.reasons[0]


def test_the_relocation_page_offers_no_retired_village(personas, county, household_a):
    _vacate(personas)
    region_services.region_retire(actor=personas.system_admin, region=county.village_b)

    form = RelocateForm(actor=personas.township, household=household_a)

    assert str(county.village_b.pk) not in form.villages
    assert {v.name for v in form.villages.values()} == set()  # 城北村 was the township's only other village
