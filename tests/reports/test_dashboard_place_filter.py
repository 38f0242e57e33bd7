"""Every list a dashboard tile opens narrowed to a township or a village says which place it lists (范围：涂埠镇城南村)
and offers to clear it, the same line on every list (templates/partials/place_filter.html): the household lists, the
households without a help contact, the overdue cases, the open cases by step, the alert worklist, the return visits,
the monthly entry and the campaign gaps (review of the dashboard: the return visits opened from a township's tile
did not say which township they were)."""

import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="([^"#]+)"')
PLACE = re.compile(
    r'data-place-filter="(\d+)"><span>范围：<strong>([^<]+)</strong></span> <a class="btn btn-small" href="([^"]*)"'
)


def place_links(page: str) -> list[str]:
    """The links of the dashboard that open a list narrowed to a place (a township or a village parameter)."""
    links = {html.unescape(href) for href in LINK.findall(page)}
    return sorted(
        link
        for link in links
        if not link.startswith("?") and {"township", "village"} & {name for name, _ in parse_qsl(urlsplit(link).query)}
    )


LABELS = {
    "涂埠镇": "涂埠镇",
    "虬津镇": "虬津镇",
    "城南村": "涂埠镇城南村",
    "城北村": "涂埠镇城北村",
    "张公渡村": "虬津镇张公渡村",
}


def places(county) -> list:
    """The villages first: a link naming a village and its township names the village."""
    return [county.village_a, county.village_b, county.village_c, county.township, county.township2]


def without_place(link: str) -> dict[str, str]:
    return {name: value for name, value in parse_qsl(urlsplit(link).query) if name not in ("township", "village")}


@pytest.mark.parametrize(
    ("who", "region"), [("county_officer", "village_a"), ("county_officer", "township2"), ("official", "township")]
)
def test_each_list_a_dashboard_tile_opens_names_its_place(personas, county, cases, departments, login, who, region):
    client = login(getattr(personas, who))
    code = getattr(county, region).code

    links = place_links(client.get(f"/reports/dashboard/?region={code}").content.decode())

    opened = {urlsplit(link).path for link in links}
    # The tiles and links that take a place: the overdue tiles, the coverage tiles, the duty tiles, the case links.
    assert {
        "/workflow/overdue/",
        "/alerts/",
        "/assistance/return-visits/",
        "/households/",
        "/workflow/cases/",
    } <= opened
    assert {"/assistance/contacts/", "/reports/entry/"} <= opened
    if region == "township2":
        assert "/reports/campaign-gaps/" in opened
    for link in links:
        page = client.get(link).content.decode()
        found = PLACE.findall(page)
        assert len(found) == 1, (link, found)
        shown_code, shown_label, clear = found[0]
        # The region's own tiles, or a village's row of the township's 分村情况: the place the link names.
        named = next(
            r for r in places(county) if {r.code, r.path} & set(dict(parse_qsl(urlsplit(link).query)).values())
        )
        assert (shown_code, shown_label) == (named.code, LABELS[named.name]), link
        assert named.code == code or named.parent.code == code, link
        clear = html.unescape(clear)
        # Clearing keeps the list and its other filters (the tab, 已逾期 …), over the whole scope.
        assert urlsplit(clear).path == urlsplit(link).path
        assert dict(parse_qsl(urlsplit(clear).query)) == without_place(link), link
        assert "范围：" not in client.get(clear).content.decode(), clear
