"""A return visit's note has a round limit (services.visits.NOTE_MAX, 1900字), the same whatever the effect: it read
不能超过1989字, the visit's 2000 less the 帮扶成效：…。 put before it."""

import pytest

from assistance.models import ReturnVisit
from assistance.services.visits import MSG_NOTE_LONG, NOTE_MAX
from tests.assistance.test_return_visit_api_reads import plan, post  # noqa: F401  the plan fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("effect", ["good", "fair", "poor"])
def test_a_note_over_1900_is_refused_saying_1900(personas, login, plan, effect):  # noqa: F811
    response = post(login(personas.cadre_a), plan, effect=effect, note="好" * 1901)

    assert response.status_code == 400
    assert response.json()["note"] == [MSG_NOTE_LONG.format(n=1900, length=1901)]
    assert NOTE_MAX == 1900 and not ReturnVisit.objects.exists()


def test_a_note_of_1900_is_recorded_whole(personas, login, plan):  # noqa: F811
    response = post(login(personas.cadre_a), plan, effect="poor", note="好" * 1900)

    assert response.status_code == 201, response.json()
    assert ReturnVisit.objects.get().note == "好" * 1900
