"""What a browser would post from a rendered page: the values of one form, as the page shows them (hidden fields
included), so a test can hold a page open, let someone else save, and submit the page it was shown."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._fields = []
        elif self._fields is None:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._fields.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = a.get("name"), None, False
        elif tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = a.get("value", "")
            if "selected" in a:
                self._fields.append((self._select, a.get("value", "")))
                self._select_chosen = True
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._fields is None:
            return
        if tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            # The HTML parser drops nothing but a leading newline, as browsers do.
            self._fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._fields)
            self._fields = None


def page_form(html: str, *, having: str) -> dict[str, str | list[str]]:
    """The values the page's form holding a field named `having` would post (a repeated name as a list)."""
    parser = _Forms()
    parser.feed(html)
    for fields in parser.forms:
        if any(name == having for name, _ in fields) or any(name == "action" and v == having for name, v in fields):
            values: dict[str, str | list[str]] = {}
            for name, value in fields:
                if name in values:
                    previous = values[name]
                    values[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
                else:
                    values[name] = value
            return values
    raise AssertionError(f"no form with {having!r} on the page")
