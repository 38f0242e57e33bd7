"""The applicant's receipt names every answer the status lookup may give: the stages, and that the outcome is told
by the village committee, not the lookup."""

import pytest
from django.test import Client

from tests.workflow.applications_helpers import STRANGER_ID, form_data
from workflow.services.application_public import application_link_for

pytestmark = pytest.mark.django_db


def test_the_receipt_names_every_outcome(personas, county):
    link = application_link_for(actor=personas.cadre_a, village=county.village_a)
    response = Client().post(
        f"/apply/{link.token}/", form_data(id_number=STRANGER_ID, name="陈桂兰"), REMOTE_ADDR="10.0.0.9", follow=True
    )

    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/apply/receipt/")
    assert "查询结果为“已受理”、“核实中”或“已办结”。办结后，办理结果请向村委会了解。" in html
    assert "未予纳入" not in html and "监测对象，已办结" not in html and "理由" not in html
