"""Review finding (steps 3): the batch audit's 审核环节 filter listed other counties' township steps (乡党委政府审核,
乡镇核查初审) beside Yongxiu's own: it offers only the steps of the procedures active in the user's region."""

import pytest

from workflow.models import Procedure

pytestmark = pytest.mark.django_db


def step_choices(client) -> list[str]:
    form = client.get("/workflow/township-audit/").context["filter_form"]
    return [value for value, _ in form.fields["step"].choices] if "step" in form.fields else []


def test_only_the_steps_of_the_user_s_county_are_offered(personas, login):
    active = set(Procedure.objects.filter(is_active=True).values_list("region_prefix", flat=True))
    assert len(active) > 1  # other counties' procedures are active too (the presets)

    choices = step_choices(login(personas.township))

    assert choices == ["", "乡镇审核", "乡镇汇总初审"]
    assert "乡党委政府审核" not in choices and "乡镇核查初审" not in choices
