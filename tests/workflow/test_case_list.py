"""全部案件 (/workflow/cases/): every case of the user's scope at any step, open or closed, with its filters; and the
case's own record on its page (review township finding 6)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from tests.households.conftest import numbered
from tests.workflow.batch_helpers import at_approval, new_household, open_case
from tests.workflow.helpers import case_act
from tests.workflow.test_green_channel import open_green
from workflow.choices import Outcome
from workflow.forms_cases import MSG_DATE_RANGE, MSG_PLACE_NOT_IN_SCOPE
from workflow.models import Case
from workflow.services.cases import case_withdraw

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [case.household.head_name for case in response.context["page"]]


@pytest.fixture
def township_cases(personas, county, household_a, household_b):
    """张大山 (城南村) at the county approval; 王五 (城北村) withdrawn by the cadre of 城北村; 赵六 (城北村) refused at
    the village review; 钱七 (张公渡村, another township) just opened."""
    at_county = at_approval(personas, household_a, personas.cadre_a)
    withdrawn = open_case(personas.cadre_b, household_b)
    case_withdraw(actor=personas.cadre_b, case=withdrawn, note="误选农户，应为同组另一户")
    zhao = new_household(personas.cadre_b, county.village_b, "赵六", 81)
    refused = open_case(personas.cadre_b, zhao)
    case_act(actor=personas.cadre_b, case=refused, step_code="village_review", outcome=Outcome.REJECT, note="收入达标")
    other = open_case(personas.county_officer, new_household(personas.county_officer, county.village_c, "钱七", 82))
    return SimpleNamespace(at_county=at_county, withdrawn=withdrawn, refused=refused, other=other)


def test_the_township_lists_its_villages_cases_at_every_step_and_closed(personas, login, township_cases):
    cases = township_cases
    response = login(personas.township).get("/workflow/cases/")

    page = response.content.decode()
    assert set(names(response)) == {"张大山", "王五", "赵六"}  # not 钱七 of 虬津镇
    assert "共 <strong data-case-count>3</strong> 件" in page
    assert f'href="/workflow/cases/{cases.at_county.pk}/"' in page and "当前环节：" in page and "县级审批" in page
    assert "已撤回" in page and "未通过" in page and f"办结于 {timezone.localdate():%Y-%m-%d}" in page
    assert "城北村" in page and "基层干部排查" in page


def test_the_filters_narrow_the_list(personas, login, county, township_cases):
    cases = township_cases
    client = login(personas.township)

    assert names(client.get("/workflow/cases/?status=withdrawn")) == ["王五"]
    assert names(client.get("/workflow/cases/?status=rejected")) == ["赵六"]
    assert names(client.get("/workflow/cases/?open_step=县级审批")) == ["张大山"]
    assert set(names(client.get(f"/workflow/cases/?village={county.village_b.code}"))) == {"王五", "赵六"}
    assert names(client.get("/workflow/cases/?q=赵六")) == ["赵六"]
    assert names(client.get(f"/workflow/cases/?q={cases.at_county.household.number}")) == ["张大山"]
    assert names(client.get("/workflow/cases/?channel=self_application")) == []
    assert len(names(client.get("/workflow/cases/?green_channel=no"))) == 3
    assert names(client.get("/workflow/cases/?green_channel=yes")) == []
    Case.objects.filter(pk=cases.at_county.pk).update(discovered_on=dt.date(2026, 1, 10))
    assert names(client.get("/workflow/cases/?discovered_from=2026-01-01&discovered_to=2026-01-31")) == ["张大山"]
    empty = client.get("/workflow/cases/?kind=exit")
    assert names(empty) == [] and "没有符合条件的案件。" in empty.content.decode()


def test_a_wrong_date_range_or_an_unknown_place_is_said_not_ignored(personas, login, township_cases):
    client = login(personas.township)

    page = client.get("/workflow/cases/?discovered_from=2026-02-01&discovered_to=2026-01-01").content.decode()
    assert MSG_DATE_RANGE in page
    response = client.get("/workflow/cases/?village=999999999999")
    assert MSG_PLACE_NOT_IN_SCOPE in response.content.decode() and names(response) == []


def test_the_green_channel_filter_finds_the_green_case(personas, login, household_a):
    green = open_green(personas.township, household_a)

    response = login(personas.township).get("/workflow/cases/?green_channel=yes")

    assert [case.pk for case in response.context["page"]] == [green.pk]
    assert "绿色通道" in response.content.decode()


def test_a_cadre_sees_only_the_own_village_and_a_county_sees_every_township(personas, login, township_cases):
    assert set(names(login(personas.cadre_a).get("/workflow/cases/"))) == {"张大山"}
    assert set(names(login(personas.county_officer).get("/workflow/cases/"))) == {"张大山", "王五", "赵六", "钱七"}
    assert login(personas.clerk).get("/workflow/cases/").status_code == 403


def test_no_case_yet_and_pages_of_thirty(personas, login, county):
    client = login(personas.township)
    assert "管辖范围内还没有案件。" in client.get("/workflow/cases/").content.decode()

    for sequence in range(31):
        open_case(
            personas.cadre_a,
            new_household(personas.cadre_a, county.village_a, numbered("户主", sequence), 100 + sequence),
        )
    first, second = client.get("/workflow/cases/"), client.get("/workflow/cases/?page=2")
    assert len(first.context["page"]) == 30 and len(second.context["page"]) == 1
    assert "第 1 / 2 页" in first.content.decode()


def test_the_list_is_linked_from_my_tasks_and_the_dashboard(personas, login, township_cases):
    client = login(personas.township)

    assert 'href="/workflow/cases/"' in client.get("/workflow/").content.decode()
    dashboard = client.get("/reports/dashboard/").content.decode()
    assert "/workflow/cases/?status=open&amp;village=" in dashboard and "查看在办案件" in dashboard


def test_the_case_record_shows_who_withdrew_and_why(personas, login, township_cases):
    cases = township_cases
    response = login(personas.township).get(f"/workflow/cases/{cases.withdrawn.pk}/")
    record = render_to_string(
        "workflow/_case_events.html", {"case": response.context["case"], "events": response.context["events"]}
    )

    assert "案件记录" in record
    assert "撤回：误选农户，应为同组另一户" in record
    cadre = personas.cadre_b.get_full_name() or personas.cadre_b.username
    assert f"<strong>{cadre}</strong>：撤回：误选农户" in record
    assert "纳入案件办结：已撤回" in record
    refused_record = login(personas.township).get(f"/workflow/cases/{cases.refused.pk}/").context["events"]
    assert any(event.summary == "村级评议：不通过，收入达标" for event in refused_record)


def test_the_case_record_is_scoped(personas, login, township_cases):
    cases = township_cases
    assert login(personas.cadre_a).get(f"/workflow/cases/{cases.withdrawn.pk}/").status_code == 404
    events = login(personas.cadre_a).get(f"/workflow/cases/{cases.at_county.pk}/").context["events"]
    assert {event.case_id for event in events} == {cases.at_county.pk}


def test_an_unposted_publicity_shows_no_end_date_in_the_list(personas, login, household_a):
    """Review finding: the list showed 村级公示（公示至 …） for a notice never posted, while the case page said
    未登记张贴日期; the period runs from the posting day, so until then the list says so too."""
    from tests.workflow.test_publicity_unposted_task import _at_village_publicity
    from workflow.services.publicity import publicity_posted_record

    case = _at_village_publicity(personas, household_a)
    client = login(personas.township)

    row = client.get(f"/workflow/cases/?q={household_a.head_name}").content.decode()
    assert "村级公示</span>" in row and "公示至" not in row and "未登记张贴日期" in row

    posted = publicity_posted_record(
        actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=timezone.localdate()
    )
    row = client.get(f"/workflow/cases/?q={household_a.head_name}").content.decode()
    assert f"村级公示（公示至 {posted.ends_on:%m-%d}）" in row and "未登记张贴日期" not in row
