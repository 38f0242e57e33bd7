"""/assistance/ lists 帮扶方案 and is headed so (title and h1), not 帮扶措施 like the measures list next to it."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_plans_list_is_headed_plans_and_the_measures_list_measures(personas, login):
    client = login(personas.township)

    plans = client.get("/assistance/").content.decode()
    measures = client.get("/assistance/measures/").content.decode()

    assert "<title>帮扶方案 · " in plans and "<h1>帮扶方案</h1>" in plans and "<h1>帮扶措施</h1>" not in plans
    assert "<title>帮扶措施 · " in measures and "<h1>帮扶措施</h1>" in measures
