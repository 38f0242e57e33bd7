"""What a browser would post from a rendered page (tests.households.page_form reads the page), in the shape the
assistance tests post: a field's one value as a string, a repeated name as a list."""

from tests.households.page_form import parse_forms


def page_form(html: str, *, having: str) -> dict[str, str | list[str]]:
    """The values the page's form holding a field named `having` (or an `action` of that value) would post."""
    for form in parse_forms(html):
        if having in form or having in form.get("action", []):
            return {name: values[0] if len(values) == 1 else values for name, values in form.items()}
    raise AssertionError(f"no form with {having!r} on the page")
