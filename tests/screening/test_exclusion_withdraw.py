"""An exclusion fact recorded by mistake can be withdrawn by whoever may record one there: on the household's
screening tab (撤销, with a reason and a confirmation) and by POST /api/v1/exclusions/{id}/withdraw/. The withdrawal
is in the household's history and the audit log, and the household is re-screened: no longer excluded on it."""

import pytest

from accounts.choices import Role
from accounts.models import AuditEvent
from screening.choices import ExclusionKind, ExclusionSource, ResultStatus, RunKind
from screening.models import ExclusionFact, ScreeningResult
from screening.services import results
from screening.services.runs import screening_run
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/exclusions/{}/withdraw/"
PAGE = "/screening/exclusions/{}/withdraw/"


@pytest.fixture
def excluded(line, make_household, personas):
    """A household under the line whose son a cadre recorded as owning a car: screening excludes it."""
    household = make_household("5000")
    son = household.members.order_by("pk").last()
    fact = results.exclusion_add(actor=personas.cadre_a, household=household, kind=ExclusionKind.CAR, member=son)
    screening_run(kind=RunKind.NIGHTLY)
    assert ScreeningResult.objects.get(household=household).status == ResultStatus.EXCLUDED
    return fact


def _post(client, fact, body):
    return client.post(API.format(fact.pk), body, content_type="application/json")


def test_the_api_withdraws_it_and_the_household_is_screened_again(
    excluded, personas, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(login(personas.cadre_a), excluded, {"reason": "车辆登记在同名他人名下，系误录"})

    assert response.status_code == 200, response.content
    assert response.json()["id"] == excluded.pk and response.json()["is_active"] is False
    result = ScreeningResult.objects.get(household=excluded.household)
    assert result.status == ResultStatus.HIT and result.exclusion_reasons == []
    son = excluded.member.name
    summary = f"撤销排除情形：{ExclusionKind.CAR.label}（{son}），车辆登记在同名他人名下，系误录"
    assert excluded.household.events.filter(summary=summary, actor=personas.cadre_a).exists()
    audit = AuditEvent.objects.filter(action="screening.exclusion_withdraw").latest("id")
    assert audit.summary == f"{excluded.household.number}：{summary}"
    assert (audit.before, audit.after) == ({"is_active": "是"}, {"is_active": "否"})


def test_the_api_wants_a_reason_and_refuses_a_second_withdrawal(excluded, personas, login):
    client = login(personas.township)

    missing = _post(client, excluded, {})
    blank = _post(client, excluded, {"reason": "  "})
    assert (missing.status_code, blank.status_code) == (400, 400)
    assert "请填写撤销理由。" in missing.content.decode()
    assert ExclusionFact.objects.get(pk=excluded.pk).is_active

    first = _post(client, excluded, {"reason": "误录"})
    again = _post(client, excluded, {"reason": "误录"})
    assert first.status_code == 200, first.content
    assert again.status_code == 409 and again.json()["detail"] == "该排除情形已撤销，无需再次撤销。"
    assert excluded.household.events.filter(summary__startswith="撤销排除情形").count() == 1


def test_the_api_refuses_out_of_scope_and_read_only_users(excluded, personas, login):
    other_village = _post(login(personas.cadre_b), excluded, {"reason": "误录"})
    read_only = _post(login(personas.official), excluded, {"reason": "误录"})

    assert other_village.status_code == 404
    assert read_only.status_code == 403
    assert ExclusionFact.objects.get(pk=excluded.pk).is_active


def test_a_fact_from_department_data_is_not_withdrawn_by_hand(line, make_household, personas, login):
    household = make_household("5000")
    fact = results.exclusion_add(
        actor=personas.county_officer, household=household, kind=ExclusionKind.CAR, source=ExclusionSource.FEED
    )

    response = _post(login(personas.county_officer), fact, {"reason": "误录"})

    assert response.status_code == 400
    assert "不能撤销" in response.json()["detail"] and "不予排除" in response.json()["detail"]
    assert ExclusionFact.objects.get(pk=fact.pk).is_active


def test_the_household_page_offers_withdrawal_with_a_reason_and_a_confirmation(
    excluded, personas, login, django_capture_on_commit_callbacks
):
    client = login(personas.cadre_a)
    household = excluded.household
    tab = client.get(f"{household.get_absolute_url()}?tab=screening").content.decode()
    assert f'href="{PAGE.format(excluded.pk)}">撤销</a>' in tab
    read_only_tab = login(personas.official).get(f"{household.get_absolute_url()}?tab=screening").content.decode()
    assert PAGE.format(excluded.pk) not in read_only_tab

    form = client.get(PAGE.format(excluded.pk)).content.decode()
    assert "撤销理由" in form and "data-confirm-rules=" in form and ExclusionKind.CAR.label in form
    assert f"确认撤销排除情形“{ExclusionKind.CAR.label}”？撤销后该户将重新筛查" in form
    without_reason = client.post(PAGE.format(excluded.pk), {"reason": ""}).content.decode()
    assert "请填写撤销理由。" in without_reason
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(PAGE.format(excluded.pk), {"reason": "系同名误录"}, follow=True)

    page = done.content.decode()
    assert f"已撤销排除情形：{ExclusionKind.CAR.label}。该户将重新筛查。" in page
    assert f'href="{PAGE.format(excluded.pk)}"' not in page
    assert not ExclusionFact.objects.get(pk=excluded.pk).is_active
    assert ScreeningResult.objects.get(household=household).status == ResultStatus.HIT
    assert household.events.filter(summary__endswith="系同名误录").exists()
    assert "该排除情形已撤销，无需再次撤销。" in client.get(PAGE.format(excluded.pk)).content.decode()


def test_the_page_refuses_out_of_scope_and_read_only_users(excluded, personas, login):
    assert login(personas.cadre_b).get(PAGE.format(excluded.pk)).status_code == 404
    assert login(personas.official).post(PAGE.format(excluded.pk), {"reason": "误录"}).status_code == 403
    assert ExclusionFact.objects.get(pk=excluded.pk).is_active


def test_the_api_says_who_withdrew_it_when_and_why(excluded, personas, login):
    client = login(personas.cadre_a)
    before = client.get(f"/api/v1/exclusions/?household={excluded.household_id}").json()
    row = next(r for r in before.get("results", before) if r["id"] == excluded.pk)
    assert (row["withdrawn_at"], row["withdrawn_by"], row["withdraw_reason"]) == (None, None, "")

    response = _post(client, excluded, {"reason": "车辆登记在同名他人名下，系误录"})

    assert response.status_code == 200, response.content
    assert response.json()["withdrawn_by"] == personas.cadre_a.username
    assert response.json()["withdraw_reason"] == "车辆登记在同名他人名下，系误录"
    assert response.json()["withdrawn_at"]
    listed = client.get(f"/api/v1/exclusions/?household={excluded.household_id}").json()
    row = next(r for r in listed.get("results", listed) if r["id"] == excluded.pk)
    assert row["withdrawn_by"] == personas.cadre_a.username and row["withdraw_reason"].endswith("系误录")


def test_the_screening_tab_keeps_a_withdrawn_fact_muted_with_who_and_why(excluded, personas, login):
    client = login(personas.cadre_a)
    tab = client.get(f"{excluded.household.get_absolute_url()}?tab=screening").content.decode()
    assert "已撤销的排除情形" not in tab

    client.post(PAGE.format(excluded.pk), {"reason": "系同名误录"})

    tab = client.get(f"{excluded.household.get_absolute_url()}?tab=screening").content.decode()
    withdrawn = tab.split("已撤销的排除情形", 1)[1].split("筛查变化记录", 1)[0]
    assert ExclusionKind.CAR.label in withdrawn and excluded.member.name in withdrawn
    assert "撤销理由：系同名误录" in withdrawn
    cadre = personas.cadre_a.get_full_name() or personas.cadre_a.username
    assert f"{cadre} " in withdrawn and "撤销" in withdrawn
    assert f'href="{PAGE.format(excluded.pk)}"' not in tab


def test_a_county_comparison_withdrawal_keeps_its_reason(line, make_household, personas):
    household = make_household("5000")
    fact = results.exclusion_add(
        actor=personas.county_officer, household=household, kind=ExclusionKind.CAR, source=ExclusionSource.COUNTY
    )

    results.exclusion_withdraw(actor=personas.county_officer, fact=fact, reason="县级部门比对经研判仍予纳入：车已报废")

    fact.refresh_from_db()
    assert fact.withdrawn_by == personas.county_officer and fact.withdrawn_at is not None
    assert fact.withdraw_reason == "县级部门比对经研判仍予纳入：车已报废"


def test_a_county_officers_fact_is_a_county_entry_and_a_cadre_cannot_withdraw_it(line, make_household, personas, login):
    household = make_household("5000")
    head = household.members.get(relation="head")
    county = login(personas.county_officer)
    page = county.post(
        f"/screening/households/{household.pk}/exclusions/new/", {"kind": "car", "target": str(head.pk)}, follow=True
    ).content.decode()
    by_page = ExclusionFact.objects.get(household=household, kind=ExclusionKind.CAR)
    assert by_page.source == ExclusionSource.COUNTY_ENTRY
    assert "县级录入" in page and "县级比对" not in page and "村乡干部录入" not in page
    created = county.post(
        "/api/v1/exclusions/", {"household": household.pk, "kind": "well_off_child", "child_name": "张小明"}
    )
    assert created.status_code == 201, created.content
    assert (created.json()["source"], created.json()["source_display"]) == ("county_entry", "县级录入")

    cadre = login(personas.cadre_a)
    tab = cadre.get(f"{household.get_absolute_url()}?tab=screening").content.decode()
    assert "县级录入" in tab and PAGE.format(by_page.pk) not in tab
    refused = _post(cadre, by_page, {"reason": "误录"})
    assert refused.status_code == 400 and "您不能撤销" in refused.json()["detail"]
    assert "请联系县乡村振兴局撤销" in refused.json()["detail"] and "不予排除" not in refused.json()["detail"]
    form = cadre.get(PAGE.format(by_page.pk)).content.decode()
    assert "您不能撤销" in form and 'name="reason"' not in form
    assert "您不能撤销" in cadre.post(PAGE.format(by_page.pk), {"reason": "误录"}).content.decode()
    assert ExclusionFact.objects.filter(household=household, is_active=True).count() == 2
    # A cadre's own fact of the same kind is still the cadre's, and theirs to withdraw.
    mine = cadre.post("/api/v1/exclusions/", {"household": household.pk, "member": head.pk, "kind": "car"})
    assert mine.status_code == 201 and mine.json()["source"] == "cadre"
    assert _post(cadre, ExclusionFact.objects.get(pk=mine.json()["id"]), {"reason": "误录"}).status_code == 200


def test_the_county_withdraws_its_hand_entry_on_the_page_and_by_the_api(
    line, make_household, personas, login, django_capture_on_commit_callbacks
):
    household = make_household("5000")
    son = household.members.order_by("pk").last()
    county_path = personas.county_officer.region_path
    county = login(personas.county_officer)
    created = county.post("/api/v1/exclusions/", {"household": household.pk, "member": son.pk, "kind": "car"})
    assert created.status_code == 201, created.content
    fact = ExclusionFact.objects.get(pk=created.json()["id"])
    assert ScreeningResult.objects.get(household=household).status == ResultStatus.EXCLUDED

    tab = county.get(f"{household.get_absolute_url()}?tab=screening").content.decode()
    assert f'href="{PAGE.format(fact.pk)}">撤销</a>' in tab
    assert "撤销理由" in county.get(PAGE.format(fact.pk)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = county.post(PAGE.format(fact.pk), {"reason": "县级录入时选错成员"}, follow=True)
    assert f"已撤销排除情形：{ExclusionKind.CAR.label}。该户将重新筛查。" in done.content.decode()
    fact.refresh_from_db()
    assert not fact.is_active and fact.withdrawn_by == personas.county_officer and fact.withdrawn_at is not None
    assert fact.withdraw_reason == "县级录入时选错成员"
    assert ScreeningResult.objects.get(household=household).status == ResultStatus.HIT
    assert household.events.filter(summary__endswith="县级录入时选错成员", actor=personas.county_officer).exists()

    # Another county officer's hand entry in scope is the county's to withdraw too, by the API.
    colleague = UserFactory(username="county_2", role=Role.COUNTY_OFFICER, region_path=county_path)
    other = results.exclusion_record(
        actor=colleague, household=household, kind=ExclusionKind.PUBLIC_FUNDED, member=son
    ).record
    assert other.source == ExclusionSource.COUNTY_ENTRY
    withdrawn = _post(county, other, {"reason": "误录"})
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["withdrawn_by"] == personas.county_officer.username
    assert not ExclusionFact.objects.filter(household=household, is_active=True).exists()


def test_a_county_comparisons_finding_is_still_not_withdrawn_by_hand(line, make_household, personas, login):
    household = make_household("5000")
    fact = results.exclusion_add(
        actor=personas.county_officer, household=household, kind=ExclusionKind.CAR, source=ExclusionSource.COUNTY
    )
    county = login(personas.county_officer)

    tab = county.get(f"{household.get_absolute_url()}?tab=screening").content.decode()
    assert "县级比对" in tab and PAGE.format(fact.pk) not in tab
    refused = _post(county, fact, {"reason": "误录"})
    assert refused.status_code == 400
    assert "县级比对" in refused.json()["detail"] and "不予排除" in refused.json()["detail"]
    assert "不能撤销" in county.post(PAGE.format(fact.pk), {"reason": "误录"}).content.decode()
    assert ExclusionFact.objects.get(pk=fact.pk).is_active
