"""Monitoring lines, warning lines and screening rules edited on the configuration site (/admin/)."""

from decimal import Decimal

import pytest

from screening.models import MonitoringLine
from screening.services.config import MSG_LINE_EXISTS

pytestmark = pytest.mark.django_db


def line_data(line, **overrides):
    data = {
        "year": line.year,
        "region_prefix": line.region_prefix,
        "region_label": line.region_label,
        "amount": line.amount,
        "basis": line.basis,
    }
    return data | overrides


def test_a_duplicate_line_is_named_by_the_line_already_entered(personas, login):
    yunnan = MonitoringLine.objects.get(year=2025, region_prefix="53")

    response = login(personas.system_admin).post(
        f"/admin/screening/monitoringline/{yunnan.pk}/change/",
        line_data(yunnan, year="2023", region_prefix="44"),
    )

    assert response.context["adminform"].form.errors["year"] == [MSG_LINE_EXISTS.format(year=2023, region="广东省")]
    yunnan.refresh_from_db()
    assert (yunnan.year, yunnan.amount) == (2025, Decimal("8700.00"))
