"""import_regions holds to the admin's rule on names: no two active regions of one parent share a name, whether a
row renames a stored code or adds one, against the tree stored and within the file (households.region_import)."""

import pytest
from django.core.exceptions import ValidationError

from households import region_import as ri
from households.models import Region

pytestmark = pytest.mark.django_db

TOWNSHIP = "360425100000"


def row(code: str, name: str, level: str = "村", parent: str = TOWNSHIP) -> dict[str, str]:
    return {"code": code, "name": name, "level": level, "parent_code": parent}


def errors(rows: list[dict[str, str]]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        ri.region_import_rows(actor=None, rows=rows)
    return caught.value.messages


def test_a_rename_to_a_siblings_name_is_refused_and_nothing_is_written(county):
    found = errors([row("360425100202", "城南村"), row("360425100203", "新港村")])

    assert found == [
        "第2行“名称”：上级区划 360425100000 下已有名为“城南村”的区划（区划代码 360425100201），同一上级下不能重名"
    ]
    county.village_b.refresh_from_db()
    assert county.village_b.name == "城北村" and not Region.objects.filter(code="360425100203").exists()


def test_a_new_region_with_a_siblings_name_is_refused(county):
    assert "已有名为“城北村”的区划" in errors([row("360425100203", "城北村")])[0]


def test_two_rows_of_one_parent_with_one_name_are_refused_at_the_second(county):
    found = errors([row("360425100203", "新港村"), row("360425100204", "新港村")])

    assert found == ["第3行“名称”：与第2行重名：上级区划 360425100000 下不能有两个名为“新港村”的区划"]


def test_names_freed_in_the_same_file_and_retired_siblings_names_may_be_taken(county):
    Region.objects.filter(pk=county.village_b.pk).update(is_active=False)

    ri.region_import_rows(
        actor=None,
        rows=[row("360425100201", "城南社区"), row("360425100203", "城南村"), row("360425100204", "城北村")],
    )

    assert set(Region.objects.active().filter(parent=county.township).values_list("name", flat=True)) == {
        "城南社区",
        "城南村",
        "城北村",
    }
