"""Review finding: 家庭医生签约服务 was refused for a healthy member, though the screening form counts "符合家庭签约医生
服务但未签约" as a problem for lifted-out households generally (003 (二)2⑥). It is now a "仍要添加" question with a
reason, asked by the service, the page and the API alike; 大病专项救助 and 残疾人两项补贴 are still refused for a
healthy member (they answer an illness or a disability: 000 (一)5)."""

import pytest
from django.core.exceptions import ValidationError

from assistance import fit
from assistance.models import MeasureType, PlanMeasure
from tests.assistance.test_measure_fit_labour_health import add, api_add, healthy  # noqa: F401
from tests.clock import today

pytestmark = pytest.mark.django_db


def test_family_doctor_for_a_healthy_member_is_asked_then_added_with_a_reason(personas, healthy):  # noqa: F811
    head = healthy.household.members.get(name="方俊")
    with pytest.raises(ValidationError) as error:
        add(personas.township, healthy, "family_doctor", head)

    said = error.value.message_dict
    assert "member" not in said
    assert "方俊的健康状况为“健康”，未登记患有大病、长期慢性病或残疾" in said["confirm_mismatch"][0]
    with pytest.raises(ValidationError) as error:
        add(personas.township, healthy, "family_doctor", head, confirm_mismatch=True)
    assert error.value.message_dict["mismatch_reason"] == [fit.MSG_MISMATCH_REASON_REQUIRED]
    assert not PlanMeasure.objects.exists()

    measure = add(
        personas.township, healthy, "family_doctor", head, confirm_mismatch=True, mismatch_reason="脱贫户成员应签尽签"
    )

    assert measure.member == head and measure.mismatch_reason == "脱贫户成员应签尽签"
    summary = healthy.household.events.filter(summary__startswith="安排帮扶措施").latest("pk").summary
    assert "（成员未登记患病或残疾，理由：脱贫户成员应签尽签）" in summary


def test_family_doctor_for_an_ill_member_is_not_asked(personas, healthy):  # noqa: F811
    healthy.household.members.filter(name="方妻").update(health="chronic")
    spouse = healthy.household.members.get(name="方妻")
    assert add(personas.township, healthy, "family_doctor", spouse).mismatch_reason == ""


@pytest.mark.parametrize("code", ["serious_illness_relief", "disability_subsidy"])
def test_the_other_medical_measures_are_still_refused_for_a_healthy_member(personas, healthy, code):  # noqa: F811
    head = healthy.household.members.get(name="方俊")
    with pytest.raises(ValidationError) as error:
        add(personas.township, healthy, code, head, confirm_mismatch=True, mismatch_reason="理由")
    assert "不能安排" in error.value.message_dict["member"][0]
    assert not PlanMeasure.objects.exists()


def test_the_api_and_the_page_ask_the_same(personas, login, healthy):  # noqa: F811
    head = healthy.household.members.get(name="方俊")
    client = login(personas.township)
    response = api_add(client, healthy, "family_doctor", member=head.pk)
    assert response.status_code == 400 and "家庭医生签约服务优先" in response.json()["confirm_mismatch"][0]
    form = {
        "measure_type": MeasureType.objects.get(code="family_doctor").pk,
        "member": head.pk,
        "starts_on": today().isoformat(),
        "responsible_person": "镇卫生院 陈医生",
    }
    page = client.post(f"/assistance/plans/{healthy.pk}/measures/new/", form).content.decode()
    assert "家庭医生签约服务优先" in page and 'name="mismatch_reason"' in page
    confirmed = api_add(client, healthy, "family_doctor", member=head.pk, confirm_mismatch=True, mismatch_reason="签约")
    assert confirmed.status_code == 201, confirmed.content
