"""Review finding (steps 4): /workflow/cases/<pk>/objections/new/ opened without ?step= and saved showed the form
again with no error: the step's error sat on a hidden field and was never shown. Without its step the page offers
the case's publicities to choose from (the only one preselected); a hidden field's error is shown, too."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string

from tests.workflow.steps_helpers import open_case, walk_to
from workflow.forms_steps import MSG_STEP_REQUIRED
from workflow.models import Objection

pytestmark = pytest.mark.django_db
CONTENT = "该户有小轿车一辆，家庭收入不实。"


def token(page: str) -> str:
    return re.search(r'name="once" value="([0-9a-f-]{36})"', page).group(1)


def test_without_its_step_the_page_offers_the_publicity_and_records_the_objection(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "village_publicity")
    client = login(personas.cadre_a)
    url = f"/workflow/cases/{case.pk}/objections/new/"

    page = client.get(url).content.decode()
    assert "公示环节" in page and 'type="radio" name="step_code" value="village_publicity"' in page
    form = client.get(url).context["form"]
    assert form["step_code"].value() == "village_publicity"  # the only one: preselected

    missing = client.post(url, {"raised_by_name": "李四", "content": CONTENT, "once": token(page)})
    assert missing.status_code == 200 and MSG_STEP_REQUIRED in missing.content.decode()

    done = client.post(url, {"step_code": "village_publicity", "raised_by_name": "李四", "content": CONTENT,
                             "once": token(page)})  # fmt: skip
    assert done.status_code == 302
    assert Objection.objects.filter(case_step__case=case, case_step__step__code="village_publicity").count() == 1


def test_a_hidden_field_s_error_is_shown():
    class Hidden(forms.Form):
        step_code = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "缺少环节。"})

    form = Hidden({})
    assert not form.is_valid()
    assert "缺少环节。" in render_to_string("partials/form_errors.html", {"form": form})
