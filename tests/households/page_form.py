"""What a browser would post from a rendered page: one form's values as the page shows them (hidden fields too), so
that a test can hold a page open, let someone else save, then submit the page it was shown."""

from html.parser import HTMLParser
from typing import Any


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._select: str | None = None
        self._first: str | None = None
        self._chosen = False
        self._textarea: str | None = None
        self._text = ""

    def _add(self, name: str, value: str) -> None:
        assert self._form is not None
        self._form.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._add(a["name"], a.get("value", "on" if a.get("type") == "checkbox" else ""))
        elif tag == "select":
            self._select, self._first, self._chosen = a.get("name"), None, False
        elif tag == "option" and self._select:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self._add(self._select, a.get("value", ""))
                self._chosen = True
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "select" and self._select:
            if not self._chosen and self._first is not None:
                self._add(self._select, self._first)
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, self._text.removeprefix("\n"))
            self._textarea = None
        elif tag == "form":
            self._form = None


def parse_forms(html: str) -> list[dict[str, list[str]]]:
    """Every form of the page, in order: each field's values as a browser would post them."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def page_form(response: Any, field: str = "csrfmiddlewaretoken") -> dict[str, list[str]]:
    """The values of the page's largest form that has `field` (not the header's 退出), as a browser would post them."""
    found = [form for form in parse_forms(response.content.decode()) if field in form]
    assert found, f"no form with {field} on the page"
    return max(found, key=len)


def changed(values: dict[str, list[str]], **changes: Any) -> dict[str, list[str]]:
    """The form's values with the user's changes: a value, a list, True/False for a box (ticked or not)."""
    data = dict(values)
    for name, value in changes.items():
        if value is False or value is None:
            data.pop(name, None)
        elif value is True:
            data[name] = ["on"]
        elif isinstance(value, list):
            data[name] = [str(v) for v in value]
        else:
            data[name] = [str(value)]
    return data
