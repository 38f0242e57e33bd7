"""The case API's responses match the schema it publishes: a procedure without a time limit gives limit_days null."""

import pytest

from tests.config.schema_check import assert_matches_schema, openapi
from tests.workflow.batch_helpers import open_case
from workflow.models import Procedure

pytestmark = pytest.mark.django_db


def test_a_case_whose_procedure_has_no_limit_matches_the_schema(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a)
    Procedure.objects.filter(pk=case.procedure_id).update(limit_days=None)
    client = login(personas.township)
    schema = openapi(client)

    listing = client.get("/api/v1/cases/")
    assert listing.json()["results"][0]["limit_days"] is None

    assert_matches_schema(schema, "/api/v1/cases/", "get", listing)
    assert_matches_schema(schema, "/api/v1/cases/{id}/", "get", client.get(f"/api/v1/cases/{case.pk}/"))
