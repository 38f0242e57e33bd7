"""A lifted-out household (脱贫户) that is not monitored gets a plan and measures (001 §一
对建档立卡脱贫人口继续开展监测帮扶; 003 §二(三) 优化调整监测对象和脱贫人口帮扶措施, its 入户排查表 asks of a
脱贫户 whether "一户一方案、一人一措施"; 004 §(三) 因户施策…强化帮扶措施); what is for the three monitored categories
stays theirs (防贫保, the village publicity of measures). An ordinary household outside the green channel is
refused on opening the form."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from assistance.models import MeasureType, Plan
from assistance.services import claims, measures, plans
from assistance.services.visits import return_visit_record
from households.choices import HouseholdType
from households.models import Household
from tests.clock import today

pytestmark = pytest.mark.django_db


def relief(actor, plan):
    return measures.measure_add(
        actor=actor,
        plan=plan,
        measure_type=MeasureType.objects.get(code="serious_illness_relief"),
        member=plan.household.members.get(name="李秀英"),
        starts_on=today(),
        responsible_person="医保局 李科长",
    )


def test_a_lifted_out_household_not_monitored_gets_a_plan_from_the_page_and_a_measure(personas, login, household_a):
    client = login(personas.cadre_a)
    form = client.get(f"/assistance/households/{household_a.pk}/plan/new/").content.decode()
    assert "制定方案" in form and plans.MSG_NOT_MONITORED not in form
    plan_page = client.get(f"/assistance/households/{household_a.pk}/").content.decode()
    assert "脱贫户（非监测对象）" in plan_page and 'name="return_cadence"' in plan_page

    response = client.post(f"/assistance/households/{household_a.pk}/plan/new/", {"return_cadence": 30})

    assert response.status_code == 302
    plan = Plan.objects.get(household=household_a)
    assert plan.pre_monitoring is False  # not a green channel's help before inclusion
    measure = relief(personas.cadre_a, plan)
    assert measure.plan == plan
    # Its return visits track the effect like a monitored household's.
    return_visit_record(actor=personas.cadre_a, plan=plan, visited_on=today(), effect="good")
    assert plan.return_visits.count() == 1
    page = client.get(f"/assistance/households/{household_a.pk}/").content.decode()
    assert "＋ 添加措施" in page and "＋ 记录回访" in page and "不再回访" not in page
    listing = client.get("/assistance/").content.decode()
    assert household_a.head_name in listing and "脱贫户" in listing and "不再回访" not in listing


def test_a_lifted_out_household_not_monitored_gets_no_fangpinbao_and_is_not_publicised(
    personas, login, county, household_a
):
    plan = plans.plan_create(actor=personas.township, household=household_a)
    relief(personas.township, plan)

    with pytest.raises(ValidationError):
        measures.measure_add(
            actor=personas.township,
            plan=plan,
            measure_type=MeasureType.objects.get(code=claims.FANGPINBAO),
            starts_on=today(),
            responsible_person="县乡村振兴局 李干部",
            amount=5000,
        )
    # 000 §三(三)7: the village publicity of measures is a step of the monitoring procedure, for monitored ones.
    notice = login(personas.cadre_a).get(f"/assistance/publicity/{county.village_a.code}/print/").content.decode()
    assert household_a.head_name not in notice


def test_an_ordinary_household_is_refused_on_opening_the_plan_form(personas, login, household_a):
    Household.objects.filter(pk=household_a.pk).update(household_type=HouseholdType.ORDINARY)
    client = login(personas.cadre_a)

    page = client.get(f"/assistance/households/{household_a.pk}/plan/new/").content.decode()

    assert plans.MSG_NOT_MONITORED in page
    assert 'name="return_cadence"' not in page and "制定方案</button>" not in page
    assert f'href="/assistance/households/{household_a.pk}/"' in page and "返回帮扶方案" in page
    plan_page = client.get(f"/assistance/households/{household_a.pk}/").content.decode()
    assert plans.MSG_NOT_MONITORED in plan_page and 'name="return_cadence"' not in plan_page


def test_a_household_with_a_plan_is_told_so_on_opening_the_form_again(personas, login, household_a):
    plans.plan_create(actor=personas.township, household=household_a)

    page = login(personas.cadre_a).get(f"/assistance/households/{household_a.pk}/plan/new/").content.decode()

    assert plans.MSG_PLAN_EXISTS in page and 'name="return_cadence"' not in page


def test_a_lifted_out_household_whose_risk_was_eliminated_is_still_helped_as_such(personas, login, monitored_a):
    """标注"风险消除"的，不再按"监测对象"进行监测帮扶 (000 §三(三)8): a 脱贫户 goes on as 脱贫人口 (001 §一)."""
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    relief(personas.township, plan)
    Plan.objects.filter(pk=plan.pk).update(next_return_due=today() - dt.timedelta(days=2))
    Household.objects.filter(pk=monitored_a.pk).update(monitoring_category="", risk_eliminated_on=today())
    monitored_a.refresh_from_db()

    assert plans.plan_allowed(monitored_a)
    panel = login(personas.township).get(f"/households/{monitored_a.pk}/?tab=assistance").content.decode()
    assert "已逾期" in panel and "不再回访" not in panel
    overdue = login(personas.township).get("/assistance/return-visits/?show=overdue").context["page"]
    assert [p.household_id for p in overdue] == [monitored_a.pk]
