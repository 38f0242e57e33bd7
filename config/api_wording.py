"""The API's own words where a service's message tells a page's user what to do on the page.

A rule lives in its service, which says why a record is refused or asked about, and what to do, once, for every
caller. A few of those messages name what a page shows: the box "仍要保存" to tick, the section "更多信息" to open.
An API caller has neither; it sends a field. The words for the page stay in the service, the pages show them as they
are, and the API's one exception handler (config.api) says them in the API's words: each app registers, once, the
page's words and the API's for them (`register`), and every 400 the API answers has them replaced, wherever they
stand in its errors (a field's, a member row's, the body's). The page's words are a whole phrase, never a lone
word, so that nothing else a message says (a name, a value sent) is taken for them."""

from typing import Any

from rest_framework.exceptions import ErrorDetail

_WORDINGS: dict[str, str] = {}


def register(page: str, api: str) -> None:
    """Say `api` in the API wherever a message has `page`, the words a page's user reads."""
    _WORDINGS[page] = api


def api_worded(data: Any) -> Any:
    """`data` (a 400's errors: dicts, lists, messages) with each registered page phrase in the API's words; dicts and
    lists changed in place, a message's code kept."""
    if isinstance(data, dict):
        for key, value in list(data.items()):
            data[key] = api_worded(value)
        return data
    if isinstance(data, list):
        data[:] = [api_worded(value) for value in data]
        return data
    if not isinstance(data, str):
        return data
    text = str(data)
    for page, api in _WORDINGS.items():
        text = text.replace(page, api)
    if text == data:
        return data
    return ErrorDetail(text, code=getattr(data, "code", None))
