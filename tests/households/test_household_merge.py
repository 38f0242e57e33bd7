"""合户 of whole households (households.services.merge): every living member of the source, its head included,
moves into the target with a relation to the target's head; the source is closed with the reason 合户; both
histories and the audit log say so. Refused for the same household, across villages for a village cadre, a source
with an open case, a closed target, relations missing or not fitting. The API (POST /api/v1/households/{id}/merge/)
calls the same service."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from accounts.models import AuditEvent
from config.errors import ApplicationError
from households.api_moves import MSG_MERGE_TARGET_NOT_FOUND
from households.choices import (
    MANUAL_CLOSED_REASONS,
    ClosedReason,
    HouseholdType,
    LivingStatus,
    MonitoringCategory,
    Relation,
)
from households.models import Household, HouseholdEvent
from households.services import registry
from households.services.closing import closed_on
from households.services.member_status import MSG_RELATION_REQUIRED
from households.services.members import MSG_SECOND_SPOUSE
from households.services.merge import (
    MSG_MERGE_OTHER_VILLAGE,
    MSG_MERGE_TARGET_CLOSED,
    MSG_MERGE_UNMONITORED,
    household_merge,
)
from households.services.moves import MSG_TRANSFER_SAME
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi
from tests.factories import UserFactory
from tests.households.conftest import member_row
from workflow.choices import CaseKind, CaseStatus, Channel, ProcedureKind
from workflow.models import Case, Procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def parents(personas, county):
    """张老汉户 of village A: 张大山's parents, into whose household his family merges."""
    rows = [
        member_row("张老汉", Relation.HEAD, dt.date(1942, 1, 5), 71),
        member_row("王桂花", Relation.SPOUSE, dt.date(1944, 5, 6), 82),
    ]
    return registry.household_create(
        actor=personas.township, village=county.village_a, members=rows, household_type=HouseholdType.ORDINARY
    )


def relations_of(household, **by_name):
    return {m.pk: by_name[m.name] for m in household.members.filter(living_status=LivingStatus.LIVING)}


def as_son(household):
    return relations_of(household, 张大山=Relation.SON, 李秀英=Relation.DAUGHTER_IN_LAW, 张小明=Relation.GRANDSON)


def test_the_whole_household_moves_in_and_the_source_is_closed_as_merged(household_a, parents, personas):
    ids = set(household_a.members.values_list("pk", flat=True))

    household_merge(
        actor=personas.cadre_a,
        source=household_a,
        target=parents,
        relations=as_son(household_a),
        reason_note="赡养老人",
    )

    household_a.refresh_from_db()
    assert not household_a.is_active
    assert household_a.closed_reason == f"合户：并入农户 {parents.number}，赡养老人"
    assert closed_on(household_a) == today()
    moved = parents.members.filter(pk__in=ids)
    assert moved.count() == 3 and {m.region_path for m in moved} == {parents.region_path}
    assert parents.members.get(name="张大山").relation == Relation.SON
    assert parents.members.filter(relation=Relation.HEAD).get().name == "张老汉"
    out = HouseholdEvent.objects.get(household=household_a, summary__startswith="合户：")
    assert out.summary.startswith("合户：张大山（户主→之子）") and parents.number in out.summary
    assert HouseholdEvent.objects.filter(
        household=parents, summary__startswith=f"合户：农户 {household_a.number} 并入"
    ).exists()
    for action, target in (("household.merge_out", household_a), ("household.merge_in", parents)):
        assert AuditEvent.objects.filter(action=action, object_id=str(target.pk), actor=personas.cadre_a).exists()


def test_a_merged_household_leaves_the_active_lists(household_a, parents, personas):
    household_merge(actor=personas.township, source=household_a, target=parents, relations=as_son(household_a))

    assert not Household.objects.filter(pk=household_a.pk, is_active=True).exists()
    assert household_a.members.count() == 0


def test_merging_into_itself_is_refused(household_a, personas):
    with pytest.raises(ValidationError) as refused:
        household_merge(actor=personas.cadre_a, source=household_a, target=household_a, relations={})

    assert refused.value.message_dict["target"] == [MSG_TRANSFER_SAME]


def test_a_village_cadre_may_not_merge_across_villages_but_the_township_may(household_a, household_b, personas, county):
    # A cadre whose scope reaches two villages (a township-wide cadre) still reports a cross-village merge.
    wide = UserFactory(
        username="cadre_wide", role=Role.VILLAGE_CADRE, region_path=county.township.path, region_name="涂埠镇"
    )
    relations = {m.pk: Relation.OTHER for m in household_a.members.all()}

    with pytest.raises(ValidationError) as refused:
        household_merge(actor=wide, source=household_a, target=household_b, relations=relations)

    assert refused.value.message_dict["target"] == [MSG_MERGE_OTHER_VILLAGE.format(number=household_b.number)]
    assert Household.objects.get(pk=household_a.pk).is_active
    household_merge(actor=personas.township, source=household_a, target=household_b, relations=relations)
    assert household_b.members.filter(name="张大山", relation=Relation.OTHER).exists()


def test_a_source_with_an_open_case_is_refused(household_a, parents, personas):
    procedure = Procedure.objects.create(
        code="merge_ident", name="测试识别", kind=ProcedureKind.IDENTIFICATION, region_prefix="360425", limit_days=15
    )
    Case.objects.create(
        kind=CaseKind.IDENTIFICATION, household=household_a, procedure=procedure, channel=Channel.CADRE_VISIT,
        discovered_on=dt.date(2026, 11, 2), status=CaseStatus.OPEN, region_path=household_a.region_path,
        opened_by=personas.cadre_a,
    )  # fmt: skip

    with pytest.raises(ApplicationError) as refused:
        household_merge(actor=personas.cadre_a, source=household_a, target=parents, relations=as_son(household_a))

    assert "在办事项" in refused.value.message
    assert household_a.members.count() == 3


def test_a_closed_target_is_refused(household_a, parents, personas):
    Household.objects.filter(pk=parents.pk).update(is_active=False, closed_reason="全户迁出")

    with pytest.raises(ValidationError) as refused:
        household_merge(actor=personas.township, source=household_a, target=parents, relations=as_son(household_a))

    assert refused.value.message_dict["target"] == [MSG_MERGE_TARGET_CLOSED.format(number=parents.number)]


def test_each_member_needs_a_relation_that_fits_the_target(household_a, parents, personas):
    missing = as_son(household_a)
    son = household_a.members.get(name="张小明")
    del missing[son.pk]
    wife = household_a.members.get(name="李秀英")
    second_spouse = as_son(household_a) | {wife.pk: Relation.SPOUSE}

    with pytest.raises(ValidationError) as no_relation:
        household_merge(actor=personas.cadre_a, source=household_a, target=parents, relations=missing)
    with pytest.raises(ValidationError) as two_wives:
        household_merge(actor=personas.cadre_a, source=household_a, target=parents, relations=second_spouse)

    assert no_relation.value.message_dict[f"relation_{son.pk}"] == [MSG_RELATION_REQUIRED.format(name="张小明")]
    assert two_wives.value.message_dict[f"relation_{wife.pk}"] == [MSG_SECOND_SPOUSE.format(name="王桂花")]
    assert Household.objects.get(pk=household_a.pk).is_active


def test_merged_is_not_a_reason_to_close_by_hand():
    assert ClosedReason.MERGED not in dict(MANUAL_CLOSED_REASONS)


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_api_merges_and_answers_with_the_target(household_a, parents, personas, login):
    client = login(personas.cadre_a)
    body = {"target": parents.pk, "relations": {str(k): v for k, v in as_son(household_a).items()}}

    response = post(client, f"/api/v1/households/{household_a.pk}/merge/", body)

    assert response.status_code == 200, response.content.decode()
    assert response.json()["id"] == parents.pk
    assert not Household.objects.get(pk=household_a.pk).is_active
    assert_matches_schema(openapi(client), "/api/v1/households/{id}/merge/", "post", response)


def test_the_api_refuses_out_of_scope_read_only_and_open_work(household_a, household_b, parents, personas, login):
    body = {"target": parents.pk, "relations": {str(k): v for k, v in as_son(household_a).items()}}
    url = f"/api/v1/households/{household_a.pk}/merge/"
    procedure = Procedure.objects.create(
        code="merge_exit", name="测试风险消除", kind=ProcedureKind.EXIT, region_prefix="360425", limit_days=15
    )

    other_village = post(login(personas.cadre_b), url, body)
    read_only = post(login(personas.official), url, body)
    foreign_target = post(login(personas.cadre_a), url, body | {"target": household_b.pk})
    Case.objects.create(
        kind=CaseKind.EXIT, household=household_a, procedure=procedure, channel=Channel.CADRE_VISIT,
        discovered_on=dt.date(2026, 11, 2), status=CaseStatus.OPEN, region_path=household_a.region_path,
        opened_by=personas.cadre_a,
    )  # fmt: skip
    open_case = post(login(personas.cadre_a), url, body)

    assert other_village.status_code == 404
    assert read_only.status_code == 403
    assert foreign_target.status_code == 400 and foreign_target.json()["target"] == [MSG_MERGE_TARGET_NOT_FOUND]
    assert open_case.status_code == 409 and "在办事项" in open_case.json()["detail"]
    assert Household.objects.get(pk=household_a.pk).is_active


def merge_form(household, target, relations, **extra):
    return {"target": target.number, "reason_note": "", **{f"relation_{k}": v for k, v in relations.items()}, **extra}


def test_the_page_asks_for_confirmation_then_merges(household_a, parents, personas, login):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/merge/"
    body = merge_form(household_a, parents, as_son(household_a))

    detail = client.get(f"/households/{household_a.pk}/").content.decode()
    confirmation = client.post(url, body).content.decode()
    still_active = Household.objects.get(pk=household_a.pk).is_active
    done = client.post(url, body | {"confirm": "1"})

    assert f'href="{url}"' in detail
    assert "data-merge-confirm" in confirmation and "确认合户（不可撤销）" in confirmation
    assert "张大山：原为本户户主，并入后与户主张老汉的关系为“之子”" in confirmation
    assert "data-irreversible" in confirmation and still_active
    assert done.status_code == 302 and done["Location"] == f"/households/{parents.pk}/"
    assert not Household.objects.get(pk=household_a.pk).is_active


def test_the_page_shows_refusals_at_the_field_before_confirming(household_a, household_b, parents, personas, login):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/merge/"
    missing = as_son(household_a)
    son = household_a.members.get(name="张小明")
    missing[son.pk] = ""

    unknown = client.post(url, merge_form(household_a, household_b, as_son(household_a))).content.decode()
    no_relation = client.post(url, merge_form(household_a, parents, missing)).content.decode()

    assert f"户编号 {household_b.number} 不是您管辖范围内的在册农户" in unknown
    assert MSG_RELATION_REQUIRED.format(name="张小明") in no_relation and "data-merge-confirm" not in no_relation
    assert Household.objects.get(pk=household_a.pk).is_active


def test_read_only_and_other_village_users_get_no_merge_page(household_a, personas, login):
    assert login(personas.official).get(f"/households/{household_a.pk}/merge/").status_code == 403
    assert login(personas.cadre_b).get(f"/households/{household_a.pk}/merge/").status_code == 404


def test_a_monitored_household_is_refused_a_target_that_is_not_monitored(household_a, parents, personas, login):
    """Seed 000 §三(三)8: a 监测对象 leaves monitoring only through 风险消除. Merged into a household that is not
    monitored, its people would leave it with no exit: the service, and so the page, refuse it at the target; the
    other way round (the unmonitored household into the monitored one) is a merge like any."""
    Household.objects.filter(pk=household_a.pk).update(monitoring_category=MonitoringCategory.MARGINAL)
    said = MSG_MERGE_UNMONITORED.format(category=MonitoringCategory.MARGINAL.label, number=parents.number)

    with pytest.raises(ValidationError) as refused:
        household_merge(actor=personas.cadre_a, source=household_a, target=parents, relations=as_son(household_a))
    page = login(personas.cadre_a).post(
        f"/households/{household_a.pk}/merge/", merge_form(household_a, parents, as_son(household_a))
    )

    assert refused.value.message_dict["target"] == [said]
    assert said in page.content.decode() and "data-merge-confirm" not in page.content.decode()
    household_a.refresh_from_db()
    assert household_a.is_active and household_a.members.count() == 3
    relations = relations_of(parents, 张老汉=Relation.FATHER, 王桂花=Relation.MOTHER)
    household_merge(actor=personas.cadre_a, source=parents, target=household_a, relations=relations)
    assert household_a.members.filter(living_status=LivingStatus.LIVING).count() == 5


def test_the_merge_records_the_household_gone_into_and_the_day(household_a, parents, personas):
    """Household.merged_into and closed_on: what the reports of past months read (reports.selectors.monitoring)."""
    household_merge(actor=personas.cadre_a, source=household_a, target=parents, relations=as_son(household_a))

    household_a.refresh_from_db()
    assert (household_a.merged_into, household_a.closed_on) == (parents, today())
