"""A village cadre limited to one grid (网格) of the village (003 §二2(6) 分片管理、定责到人; accounts.scoping): sees
the households of that grid and the rows about them, everywhere the registry is read, and nothing of the village's
other grids; a cadre of the whole village sees them all."""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.choices import Department, Role
from accounts.scoping import ScopedQuerySet
from accounts.tiles import tiles_for
from alerts.models import Alert
from households.choices import HouseholdType, Relation, VisitKind
from households.data_checks import ERROR, check_counts, error_count, years_before
from households.models import Grid, Household, HouseholdEvent, Member, Visit
from households.services import registry
from households.services.common import MSG_OWN_GRID_ONLY
from households.services.members import MSG_ID_ELSEWHERE, id_holder_message
from households.services.visits import visit_record
from tests.alerts.conftest import csv_file, header_of, ingest, install_feed_presets
from tests.factories import MemberFactory, UserFactory
from tests.households.conftest import member_row
from workflow.choices import CaseKind, Channel
from workflow.models import Case, Procedure, Step
from workflow.models.applications import Application
from workflow.presets import install
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def grids(county):
    def make(village, name):
        return Grid.objects.create(village=village, name=name, region_path=village.path)

    return make(county.village_a, "第1网格"), make(county.village_a, "第2网格"), make(county.village_b, "第1网格")


@pytest.fixture
def grid_cadre(county, grids):
    return UserFactory(
        username="grid_a1",
        role=Role.VILLAGE_CADRE,
        region_path=county.village_a.path,
        region_name=county.village_a.name,
        grid=grids[0],
    )


@pytest.fixture
def homes(personas, county, grids):
    """Village A: 张一 in grid 1, 李二 in grid 2, 赵零 in no grid."""

    def make(name, sequence, grid):
        rows = [member_row(name, Relation.HEAD, dt.date(1960, 1, 1), sequence)]
        return registry.household_create(
            actor=personas.township,
            village=county.village_a,
            grid=grid,
            members=rows,
            household_type=HouseholdType.LIFTED_OUT,
        )

    return {"own": make("张一", 11, grids[0]), "other": make("李二", 23, grids[1]), "none": make("赵零", 35, None)}


def test_every_scoped_model_says_how_its_rows_reach_a_households_grid():
    scoped = [m for m in apps.get_models() if isinstance(m._default_manager.all(), ScopedQuerySet)]

    assert len(scoped) > 30
    for model in scoped:
        assert hasattr(model, "grid_scope"), f"{model._meta.label} declares no grid_scope (accounts.scoping)"
        str(model.objects.in_grid(1).query)  # the lookup path resolves


def test_the_grid_cadre_lists_and_counts_only_the_households_of_their_grid(personas, grid_cadre, homes, login):
    page = login(grid_cadre).get("/households/").content.decode()
    village_page = login(personas.cadre_a).get("/households/").content.decode()

    assert "张一" in page and "李二" not in page and "赵零" not in page
    assert "共 1 户" in page
    assert "您的管辖范围限定为 <strong>城南村 第1网格</strong>" in page
    assert "张一" in village_page and "李二" in village_page and "赵零" in village_page
    assert "共 3 户" in village_page and "data-grid-scope" not in village_page


def test_the_grid_cadre_gets_404_for_a_household_of_another_grid_on_the_page_and_the_api(grid_cadre, homes, login):
    client = login(grid_cadre)

    assert client.get(f"/households/{homes['own'].pk}/").status_code == 200
    assert client.get(f"/households/{homes['other'].pk}/").status_code == 404
    assert client.get(f"/households/{homes['none'].pk}/").status_code == 404
    assert client.get(f"/api/v1/households/{homes['own'].pk}/").status_code == 200
    assert client.get(f"/api/v1/households/{homes['other'].pk}/").status_code == 404
    listed = client.get("/api/v1/households/").json()
    assert [row["head_name"] for row in listed["results"]] == ["张一"]


def test_the_home_page_of_the_grid_cadre_counts_their_grid_only(personas, grid_cadre, homes, login):
    counts = {tile["label"]: tile["count"] for tile in tiles_for(grid_cadre)}
    village = {tile["label"]: tile["count"] for tile in tiles_for(personas.cadre_a)}

    assert counts["农户档案"] == 1 and village["农户档案"] == 3
    assert counts["本月尚未走访的监测户和脱贫户"] == 1 and village["本月尚未走访的监测户和脱贫户"] == 3
    home = login(grid_cadre).get("/").content.decode()
    assert "管辖范围：城南村 第1网格" in home


def test_the_data_check_count_of_the_grid_cadre_is_not_the_villages_cached_one(personas, grid_cadre, homes):
    # A child on file as a labourer (an error: entry refuses it now, an old or imported record) in the other grid:
    # the village counts it, the grid does not, even right after the village's count was cached.
    household = homes["other"]
    MemberFactory(
        household=household,
        name="李小",
        relation=Relation.SON,
        birth_date=years_before(timezone.localdate(), 10),
        labour_skill="ordinary",
        student_stage="primary",
    )
    today = timezone.localdate()

    village = error_count(actor=personas.cadre_a, today=today)  # cached for five minutes, per scope
    grid = error_count(actor=grid_cadre, today=today)

    assert grid < village
    assert grid == sum(n for check, n in check_counts(actor=grid_cadre, today=today) if check.kind == ERROR)


def test_members_visits_history_cases_and_alerts_follow_the_grid(personas, county, grid_cadre, homes):
    install(Procedure, Step)
    install_feed_presets()
    for household in (homes["own"], homes["other"]):
        visit_record(
            actor=personas.cadre_a,
            household=household,
            visited_on=timezone.localdate(),
            kind=VisitKind.MONTHLY,
            findings={},
            risk_found=False,
        )
        case_open(
            actor=personas.cadre_a,
            household=household,
            kind=CaseKind.IDENTIFICATION,
            channel=Channel.CADRE_VISIT,
            risk_types=["medical_cost"],
            national_risk_types=["illness"],
            category="sudden_hardship",
            discovered_on=timezone.localdate(),
        )
    heads = {h.pk: h.head_name for h in homes.values()}
    rows = [[m.name, m.id_number, "未参保", "10"] for m in Member.objects.filter(household__in=homes.values())]
    code = "health-uninsured-cost"
    clerk = UserFactory(
        username="clerk_health",
        role=Role.DEPARTMENT_CLERK,
        region_path=county.county.path,
        department=Department.HEALTH,
    )
    ingest(clerk, code, csv_file(rows, header=header_of(code)), today=timezone.localdate())

    def seen(model, user):
        return sorted(heads[pk] for pk in model.objects.visible_to(user).values_list("household_id", flat=True))

    for model in (Member, Visit, HouseholdEvent, Case, Alert):
        assert set(seen(model, grid_cadre)) == {"张一"}, model._meta.label
        assert {"张一", "李二"} <= set(seen(model, personas.cadre_a)), model._meta.label


def test_a_pending_application_is_the_grid_cadres_when_the_applicant_lives_in_their_grid(county, grid_cadre, homes):
    def apply(receipt, id_number):
        return Application.objects.create(
            receipt_no=receipt,
            village=county.village_a,
            region_path=county.village_a.path,
            name="申报人",
            id_number=id_number,
            phone="13800000000",
            situation="看病花钱多",
            consent_version="v1",
        )

    own = apply("R1", homes["own"].members.get().id_number)
    apply("R2", homes["other"].members.get().id_number)
    apply("R3", "360425196001010000")  # not in the registry: the village's to register

    assert list(Application.objects.visible_to(grid_cadre)) == [own]
    assert Application.objects.visible_to(UserFactory(username="village_a", region_path=own.region_path)).count() == 3


def test_the_grid_cadre_registers_and_keeps_households_in_their_own_grid(county, grids, grid_cadre, homes):
    rows = [member_row("钱三", Relation.HEAD, dt.date(1970, 1, 1), 59)]
    for grid in (grids[1], None):
        with pytest.raises(ValidationError) as refused:
            registry.household_create(
                actor=grid_cadre, village=county.village_a, grid=grid, members=rows, household_type="ordinary"
            )
        assert refused.value.message_dict == {"grid": [MSG_OWN_GRID_ONLY]}
    with pytest.raises(ValidationError):
        registry.household_update(actor=grid_cadre, household=homes["own"], grid=grids[1])

    made = registry.household_create(
        actor=grid_cadre, village=county.village_a, grid=grids[0], members=rows, household_type="ordinary"
    )

    assert Household.objects.visible_to(grid_cadre).filter(pk=made.pk).exists()


def test_the_household_form_of_the_grid_cadre_offers_their_grid_alone(personas, grid_cadre, grids, login):
    def grid_options(user):
        page = login(user).get("/households/new/").content.decode()
        select = re.search(r'<select name="grid"[^>]*>(.*?)</select>', page, re.S).group(1)
        return re.findall(r"<option[^>]*>([^<]*)</option>", select)

    assert grid_options(grid_cadre) == ["城南村 第1网格"]
    assert grid_options(personas.cadre_a) == ["（未划入网格）", "城南村 第1网格", "城南村 第2网格"]


def test_the_grid_cadre_is_not_told_which_household_of_another_grid_holds_an_id_number(personas, grid_cadre, homes):
    holder = homes["other"].members.get()

    assert id_holder_message(actor=grid_cadre, holder=holder) == MSG_ID_ELSEWHERE
    assert "李二" in id_holder_message(actor=personas.cadre_a, holder=holder)
