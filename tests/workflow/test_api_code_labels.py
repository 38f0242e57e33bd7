"""A code reads the same in every list, its label beside it: the approval queue's labour_capacity was 有劳动能力
where /api/v1/households/ said the code; now both give the code and labour_capacity_display the label."""

import pytest

from households.choices import LabourCapacity
from households.models import Household
from tests.config.schema_check import assert_matches_schema, openapi
from tests.workflow.batch_helpers import at_approval

pytestmark = pytest.mark.django_db


def test_the_queue_and_the_household_list_give_the_code_and_its_label(personas, login, household_a):
    Household.objects.filter(pk=household_a.pk).update(labour_capacity=LabourCapacity.PARTIAL)
    at_approval(personas, household_a, personas.cadre_a)
    client = login(personas.approver)

    queue = client.get("/api/v1/batches/queue/")
    (row,) = queue.json()["results"]
    (household,) = client.get("/api/v1/households/").json()["results"]

    assert row["labour_capacity"] == household["labour_capacity"] == LabourCapacity.PARTIAL
    assert row["labour_capacity_display"] == household["labour_capacity_display"] == LabourCapacity.PARTIAL.label
    assert household["household_type_display"] == "脱贫户"
    assert_matches_schema(openapi(client), "/api/v1/batches/queue/", "get", queue)
