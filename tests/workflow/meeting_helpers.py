"""The meeting page's two posts: the first shows the confirmation page, its hidden fields are posted back."""

import html
import re

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def hidden_fields(page: str) -> dict[str, str]:
    """The hidden fields of the confirmation form (not the CSRF token, which the test client does without)."""
    form = page[page.index('name="confirmed"') - 100 :]
    return {name: html.unescape(value) for name, value in HIDDEN.findall(form) if name != "csrfmiddlewaretoken"}
