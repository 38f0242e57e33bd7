"""防贫保's claim decided through the API with a misspelt field (notes for note) was approved with its 核定意见
dropped (200): the field is now named as unknown, in Chinese, with the fields taken (config.api_body), and the claim
is left as it was."""

from decimal import Decimal

import pytest

from assistance.services import claims
from tests.clock import today

pytestmark = pytest.mark.django_db


def test_deciding_a_claim_with_a_misspelt_field_is_refused_naming_it_and_the_claim_stays(personas, login, monitored_a):
    claim = claims.claim_create(
        actor=personas.cadre_a, household=monitored_a, cause="illness", amount=Decimal("8000"), occurred_on=today()
    )
    body = {"status": "approved", "approved_amount": "7000", "notes": "住院自付部分核准"}

    refused = login(personas.county_officer).post(
        f"/api/v1/assistance/claims/{claim.pk}/decide/", body, content_type="application/json"
    )

    assert refused.status_code == 400
    said = refused.json()["notes"][0]
    assert said.startswith("未知字段：notes（是否拼写有误？本接口可填写：status、approved_amount、paid_amount、note")
    claim.refresh_from_db()
    assert claim.status == "submitted" and claim.approved_amount is None
