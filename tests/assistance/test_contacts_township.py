"""Review rev-official 6: the list of households without a help contact takes a township, as the household list
does, so the dashboard's tile for a township opens that township's households and not the county's."""

import pytest

from assistance.selectors import households_needing_contact

pytestmark = pytest.mark.django_db


def test_the_households_without_a_help_contact_can_be_narrowed_to_a_township(
    personas, county, monitored_a, household_c, login
):
    client = login(personas.official)
    url = "/assistance/contacts/?show=needs_contact&kind=monitored"

    everyone = client.get(url).context["page"]
    tubu = client.get(f"{url}&township={county.township.code}")
    qiujin = client.get(f"{url}&township={county.township2.code}").context["page"]

    assert {h.pk for h in everyone} == {monitored_a.pk, household_c.pk}
    assert [h.pk for h in tubu.context["page"]] == [monitored_a.pk]
    assert [h.pk for h in qiujin] == [household_c.pk]
    # The filter is offered on the page, with the township chosen kept.
    html = tubu.content.decode()
    assert 'name="township"' in html and f'value="{county.township.code}" selected' in html
    filtered = households_needing_contact(actor=personas.official, filters={"township": county.township2.code})
    assert list(filtered) == [household_c]
