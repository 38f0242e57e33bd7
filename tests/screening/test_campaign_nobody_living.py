# ruff: noqa: F811 (the fixtures imported from test_campaign_proposals are parameters here)
"""Reviewer's finding 2: a household whose members all died or moved out stayed in the campaign's household list and
its progress total (0 / 5 户), and a 入户排查表 could be filled for it after the deaths (recorded, audited, a 附件2 row
with no 证件号码). Such a household is not one to screen: it is left out of the list and the totals (page and API)
unless its form was filled before, and a form for it is refused, saying to report it to the township for 农户注销."""

import pytest

from accounts.models import AuditEvent
from households.choices import LivingStatus
from households.models import Member, Visit
from households.services.closing import MSG_NOBODY_LIVING
from screening import selectors_campaigns as selectors
from screening.models import ScreeningForm
from screening.selectors_progress import MSG_EMPTIED, campaign_progress, progress_totals
from screening.services import campaigns
from tests.screening.test_campaign_proposals import AT_RISK, campaign, families, presets  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

REFUSED = MSG_NOBODY_LIVING.format(what="填写入户排查表")


def _all_gone(household, status=LivingStatus.DECEASED) -> None:
    Member.objects.filter(household=household).update(living_status=status)


def _listed(personas, campaign) -> set[int]:
    return set(selectors.campaign_households(actor=personas.cadre_a, campaign=campaign).values_list("pk", flat=True))


def test_a_household_nobody_lives_in_is_left_out_of_the_list_and_the_totals(personas, campaign, families, login):
    fang, zhu, li = families
    _all_gone(li)
    Member.objects.filter(household=zhu, relation="head").update(living_status=LivingStatus.MOVED_OUT)  # others live

    assert _listed(personas, campaign) == {fang.pk, zhu.pk}
    rows = list(campaign_progress(actor=personas.cadre_a, campaign=campaign))
    assert (progress_totals(rows)["total"], progress_totals(rows)["screened"]) == (2, 0)
    client = login(personas.cadre_a)
    api = client.get(f"/api/v1/campaigns/{campaign.pk}/progress/").json()
    assert [(row["total"], row["screened"]) for row in api] == [(2, 0)]
    page = client.get(f"/campaigns/{campaign.pk}/households/").content.decode()
    assert fang.head_name in page and li.head_name not in page
    assert "0 / 2 户" in client.get(f"/campaigns/{campaign.pk}/").content.decode()


def test_a_form_filled_before_the_household_emptied_keeps_it_in_the_list_as_screened(personas, campaign, families):
    _, _, li = families
    form = campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=li, answers=AT_RISK, at_risk=True,
        risk_types=["unsafe_housing"],
    )  # fmt: skip
    _all_gone(li, LivingStatus.MOVED_OUT)

    listed = selectors.campaign_households(actor=personas.cadre_a, campaign=campaign, filters={"screened": "yes"})
    assert [(h.pk, h.form_id) for h in listed] == [(li.pk, form.pk)]
    totals = progress_totals(list(campaign_progress(actor=personas.cadre_a, campaign=campaign)))
    assert (totals["total"], totals["screened"]) == (3, 1)  # never more screened than households


def test_a_form_for_a_household_nobody_lives_in_is_refused_and_nothing_is_recorded(personas, campaign, families):
    _, _, li = families
    _all_gone(li)
    audits = AuditEvent.objects.count()

    with pytest.raises(Exception) as refused:
        campaigns.form_submit(actor=personas.cadre_a, campaign=campaign, household=li, answers={})

    assert refused.value.messages == [REFUSED]
    assert not ScreeningForm.objects.exists() and not Visit.objects.exists()
    assert AuditEvent.objects.count() == audits


def test_the_api_refuses_the_form_with_the_reason_and_what_to_do(personas, campaign, families, login):
    _, _, li = families
    _all_gone(li)

    response = login(personas.cadre_a).post(
        "/api/v1/screening-forms/",
        {"campaign": campaign.pk, "household": li.pk, "answers": {}, "at_risk": False},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert REFUSED in str(response.json()) and "请报乡镇办理农户注销" in REFUSED
    assert not ScreeningForm.objects.exists()


def test_the_form_page_says_why_instead_of_opening_the_form(personas, campaign, families, login):
    _, _, li = families
    _all_gone(li)
    client = login(personas.cadre_a)
    url = f"/campaigns/{campaign.pk}/households/{li.pk}/form/"

    opened = client.get(url, follow=True)
    posted = client.post(url, {"filled_on": "", "at_risk": ""}, follow=True)

    for response in (opened, posted):
        assert response.redirect_chain[-1][0] == f"/campaigns/{campaign.pk}/households/"
        assert REFUSED in response.content.decode()
    assert not ScreeningForm.objects.exists()


# --- review camp 1: the page, the API and the list say how many were left out, and which ---

EMPTIED_ONE = MSG_EMPTIED.format(count=1)


def test_the_progress_counts_apart_the_households_left_out_and_the_page_says_so(personas, campaign, families, login):
    _, _, li = families
    _all_gone(li)
    client = login(personas.cadre_a)

    rows = list(campaign_progress(actor=personas.cadre_a, campaign=campaign))
    api = client.get(f"/api/v1/campaigns/{campaign.pk}/progress/").json()
    page = client.get(f"/campaigns/{campaign.pk}/").content.decode()

    assert [(row.total, row.emptied) for row in rows] == [(2, 1)]
    assert [(row["total"], row["emptied"]) for row in api] == [(2, 1)]
    assert EMPTIED_ONE == "另有1户无在世在户人员（成员均已故或迁出），未列入排查，请按程序申报农户注销。"
    assert EMPTIED_ONE in page and f"/campaigns/{campaign.pk}/households/?screened=emptied" in page
    assert "0 / 2 户" in page and "另有1户无在世在户人员</a>，未列入" in page


def test_nothing_is_said_while_everybody_lives_there(personas, campaign, families, login):
    page = login(personas.cadre_a).get(f"/campaigns/{campaign.pk}/").content.decode()

    assert "无在世在户人员" not in page and "0 / 3 户" in page


def test_a_village_whose_households_all_emptied_reads_as_such_not_as_0_of_0(personas, campaign, families, login):
    for household in families:
        _all_gone(household)

    page = login(personas.cadre_a).get(f"/campaigns/{campaign.pk}/").content.decode()

    assert "0 / 0 户" not in page
    assert "无需入户排查的农户" in page and MSG_EMPTIED.format(count=3) in page


@pytest.fixture
def county_wide(personas, county, families):
    """A campaign over both townships: 城南村 (the three families, 李新户 emptied) and 张公渡村 (nobody registered)."""
    from tests.screening.test_campaign_proposals import field_phase

    _all_gone(families[2])
    return campaigns.campaign_create(
        actor=personas.county_officer, name="全县集中排查", region=county.county,
        villages=[county.village_a, county.village_c], phases=[field_phase()],
    )  # fmt: skip


def test_the_township_and_the_county_see_it_on_their_lines_and_in_the_total(personas, county_wide, login):
    township = login(personas.township).get(f"/campaigns/{county_wide.pk}/").content.decode()
    county_client = login(personas.county_officer)
    county = county_client.get(f"/campaigns/{county_wide.pk}/").content.decode()
    by_township = county_client.get(f"/api/v1/campaigns/{county_wide.pk}/progress/?by=township").json()

    assert EMPTIED_ONE in township and "另有1户无在世在户人员</a>，未列入" in township  # the village's line
    assert EMPTIED_ONE in county and county.count("另有1户无在世在户人员，未列入") == 2  # 涂埠镇's line and 合计
    assert [(row["name"], row["total"], row["emptied"]) for row in by_township] == [("涂埠镇", 2, 1), ("虬津镇", 0, 0)]


def test_the_list_of_those_left_out_names_them_and_offers_the_closing_to_whom_may_do_it(
    personas, campaign, families, login
):
    fang, _, li = families
    _all_gone(li)
    url = f"/campaigns/{campaign.pk}/households/?screened=emptied"

    listed = selectors.campaign_households(actor=personas.cadre_a, campaign=campaign, filters={"screened": "emptied"})
    cadre = login(personas.cadre_a).get(url).content.decode()
    township = login(personas.township).get(url).content.decode()

    assert [h.pk for h in listed] == [li.pk]
    assert li.head_name in cadre and fang.head_name not in cadre and "共 1 户" in cadre
    assert f"/households/{li.pk}/" in cadre and f"/households/{li.pk}/close/" not in cadre
    assert f"/campaigns/{campaign.pk}/households/{li.pk}/form/" not in cadre  # no 填写排查表 for nobody
    assert f"/households/{li.pk}/close/" in township and "办理农户注销" in township


# --- review: the 结束排查 check said nothing of the households left out, while the progress page did ---


def test_the_close_confirmation_says_how_many_were_left_out_why_and_links_to_them(personas, county_wide, login):
    page = login(personas.county_officer).get(f"/campaigns/{county_wide.pk}/close/").content.decode()

    assert EMPTIED_ONE in page and "data-emptied" in page
    assert f"/campaigns/{county_wide.pk}/households/?screened=emptied" in page and "查看这1户" in page
    assert "0 / 2 户" in page  # the total without the household left out, as on the progress page


def test_the_refusal_and_the_audit_record_of_the_end_say_so_too(personas, county_wide, login):
    from screening.services.campaign_close import EMPTIED_AUDIT

    client = login(personas.county_officer)
    refused = client.post(f"/api/v1/campaigns/{county_wide.pk}/close/")
    ended = client.post(f"/api/v1/campaigns/{county_wide.pk}/close/", {"acknowledged": True})

    assert refused.status_code == 400 and EMPTIED_ONE in refused.json()["acknowledged"][0]
    assert ended.status_code == 200
    event = AuditEvent.objects.get(action="campaign.close")
    assert EMPTIED_AUDIT.format(count=1) in event.summary and event.after["emptied"] == 1


def test_the_close_confirmation_says_nothing_of_it_while_everybody_lives_there(personas, campaign, families, login):
    page = login(personas.county_officer).get(f"/campaigns/{campaign.pk}/close/").content.decode()

    assert "无在世在户人员" not in page and "data-emptied" not in page
