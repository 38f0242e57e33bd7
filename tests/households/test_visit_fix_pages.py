"""The 更正 and 作废 of a visit on the household's 走访 tab and through /api/v1/visits/ (finding "visits"): the same
service, its Chinese refusals, a voided visit struck through with who, when and why."""

from decimal import Decimal

import pytest

from households.models import Visit
from households.services import visit_fix
from households.services.visits import visit_record
from tests.clock import today
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(personas, household_a):
    return visit_record(
        actor=personas.cadre_a,
        household=household_a,
        visited_on=today(),
        findings=ALL_SECURED,
        income_change=Decimal("-20000"),
        confirm_changes=True,
    )


def visits_tab(client, household) -> str:
    return client.get(f"/households/{household.pk}/?tab=visits").content.decode()


def test_the_visitor_sees_correct_and_void_on_the_visit_and_a_colleague_of_another_village_cannot_open_them(
    personas, login, household_a, visit
):
    page = visits_tab(login(personas.cadre_a), household_a)

    assert f'href="/households/visits/{visit.pk}/correct/"' in page
    assert f'href="/households/visits/{visit.pk}/void/"' in page
    assert login(personas.cadre_b).get(f"/households/visits/{visit.pk}/void/").status_code == 404
    assert "data-visit-void" not in visits_tab(login(personas.official), household_a)


def test_correcting_on_the_page_changes_the_income_tab_and_says_so(personas, login, household_a, visit):
    client = login(personas.cadre_a)

    response = client.post(
        f"/households/visits/{visit.pk}/correct/",
        {
            "visited_on": today().isoformat(),
            **dict.fromkeys(ALL_SECURED, "on"),
            "income_change": "-2000",
            "expense_change": "",
            "notes": "",
            "reason": "多输了一个0",
        },
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.income_change == Decimal("-2000")
    page = visits_tab(client, household_a)
    assert "data-correction-note" in page and "多输了一个0" in page
    income = client.get(f"/households/{household_a.pk}/?tab=income").content.decode()
    assert "2,000.00" in income and "20,000.00" not in income


def test_a_correction_without_its_reason_is_sent_back_in_chinese(personas, login, visit):
    response = login(personas.cadre_a).post(
        f"/households/visits/{visit.pk}/correct/", {"income_change": "-2000", "reason": ""}
    )

    assert response.status_code == 200
    assert visit_fix.MSG_CORRECT_REASON in response.content.decode()


def test_voiding_on_the_page_asks_first_and_leaves_the_visit_struck_through(personas, login, household_a, visit):
    client = login(personas.cadre_a)
    form = client.get(f"/households/visits/{visit.pk}/void/").content.decode()
    assert "data-confirm-submit" in form

    response = client.post(f"/households/visits/{visit.pk}/void/", {"reason": "重复录入"})

    assert response.status_code == 302
    page = visits_tab(client, household_a)
    assert "data-voided" in page and "已作废" in page and "重复录入" in page
    assert f'href="/households/visits/{visit.pk}/void/"' not in page
    assert "本月未走访" in client.get(f"/households/{household_a.pk}/").content.decode()


def test_a_visit_a_return_visit_rests_on_shows_why_instead_of_the_form(personas, login, visit):
    Visit.objects.filter(pk=visit.pk).update(kind="return")

    page = login(personas.cadre_a).get(f"/households/visits/{visit.pk}/void/").content.decode()

    assert "data-refusal" in page and "帮扶回访" in page
    assert 'name="reason"' not in page


def test_the_api_corrects_with_patch_and_voids_with_post(personas, login, visit):
    client = login(personas.cadre_a)

    corrected = client.patch(
        f"/api/v1/visits/{visit.pk}/",
        {"income_change": "-2000.00", "reason": "多输了一个0"},
        content_type="application/json",
    )
    voided = client.post(f"/api/v1/visits/{visit.pk}/void/", {"reason": "重复录入"}, content_type="application/json")

    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["income_change"] == "-2000.00"
    assert corrected.json()["correction_reason"] == "多输了一个0"
    assert voided.status_code == 200, voided.content
    assert voided.json()["voided"] is True and voided.json()["void_reason"] == "重复录入"
    assert voided.json()["voided_by"] == personas.cadre_a.username
    listed = client.get(f"/api/v1/visits/{visit.pk}/").json()
    assert listed["voided"] is True


def test_the_api_refuses_in_chinese(personas, login, county, visit):
    from tests.factories import UserFactory

    colleague = UserFactory(username="cadre_a2", role=personas.cadre_a.role, region_path=county.village_a.path)
    no_reason = login(personas.cadre_a).post(f"/api/v1/visits/{visit.pk}/void/", {}, content_type="application/json")
    not_theirs = login(colleague).post(
        f"/api/v1/visits/{visit.pk}/void/", {"reason": "重复"}, content_type="application/json"
    )
    out_of_scope = login(personas.cadre_b).post(
        f"/api/v1/visits/{visit.pk}/void/", {"reason": "重复"}, content_type="application/json"
    )
    asked = login(personas.cadre_a).patch(
        f"/api/v1/visits/{visit.pk}/", {"income_change": "-90000", "reason": "改"}, content_type="application/json"
    )

    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    assert not_theirs.status_code == 403 and not_theirs.json()["detail"] == visit_fix.MSG_NOT_YOURS
    assert out_of_scope.status_code == 404
    assert asked.status_code == 400 and "confirm_changes" in asked.json()
    assert Visit.objects.get(pk=visit.pk).voided_at is None
