"""A write that takes no request body refuses one: POST …/start-verification/ with {"visited_on": …, "note": …}
moved the application to 核实中 and answered 200 with the date and note dropped (POST /screening-runs/start/ took a
{"scope": …} it ignored the same way; it now reads its scope, screening.api_fields.RunStartSerializer). Such a
request is now a 400 naming what was sent (本接口不接收请求内容：visited_on、note), before the action runs.

Which writes take no body is what the API's documentation says, so the two cannot disagree and a new endpoint is
covered without being listed: an operation documented with @extend_schema(request=None) (an action that reads no
serializer), an APIView's handler with no serializer at all (the schema documents no body for it either), and every
DELETE. A write documented with a serializer reads its body through it, where an unknown field is refused
(config.api_body); a view that reads request.data beside its serializer (accounts.api_approvals) is unaffected.

Checked for every view, once, by DRF's APIView.initial (config.api installs it, as config.api_fields installs the
body's field checks), after authentication, permissions and throttling: whoever may not call the endpoint still gets
401, 403 or 429 first. An empty body passes: none at all, {}, [], null, or a form's own fields (csrfmiddlewaretoken)."""

import inspect
from collections.abc import Mapping
from typing import Any

from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from config.api_body import FORM_EXTRAS

MSG_NO_BODY = "本接口不接收请求内容：{names}（请不带请求体发送）。"
MSG_NO_BODY_AT_ALL = "本接口不接收请求内容（请不带请求体发送）。"
NO_BODY_CODE = "no_body"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_NAMES_SHOWN = 10
_NAME_SHOWN = 40

_drf_initial = APIView.initial
# (view class, handler name, method) → whether its operation takes a body: the same for every request.
_takes_body: dict[tuple[type, str, str], bool] = {}
_A_SERIALIZER = object()  # what the documentation's probe reads for a view's own serializer (see _documents_body)


def checked_initial(self: APIView, request: Any, *args: Any, **kwargs: Any) -> None:
    """DRF's APIView.initial, then a write that takes no body refuses a non-empty one (see the module)."""
    _drf_initial(self, request, *args, **kwargs)
    if request.method in WRITES and not takes_body(self, request.method):
        refuse_body(request.data)


def takes_body(view: APIView, method: str) -> bool:
    """Whether the operation `view` answers for `method` reads a request body, as its documentation says."""
    if method == "DELETE":
        return False
    name = getattr(view, "action", None) or method.lower()
    key = (type(view), name, method)
    if key not in _takes_body:
        handler = getattr(view, name, None)
        # No handler: DRF answers 405 next, which the body does not change.
        _takes_body[key] = handler is None or _documents_body(view, handler, method)
    return _takes_body[key]


def _documents_body(view: APIView, handler: Any, method: str) -> bool:
    """drf-spectacular's answer for the operation's request serializer (AutoSchema.get_request_serializer): the one
    @extend_schema(request=…) declares for this handler or view, else the view's own serializer, as the schema
    generator finds it. Only None means no body; the view's serializer is not built, only looked for.
    Imported here: drf-spectacular imports DRF's generic views, whose filter backend setting imports config.api,
    which installs this module's check."""
    from drf_spectacular import openapi
    from drf_spectacular.plumbing import get_class

    found = getattr(handler, "kwargs", {}).get("schema") or inspect.getattr_static(type(view), "schema", None)
    schema_class = get_class(found) if found is not None else None
    if schema_class is None or not issubclass(schema_class, openapi.AutoSchema):
        schema_class = api_settings.DEFAULT_SCHEMA_CLASS
    probe = type("BodyProbe", (schema_class,), {"_get_serializer": _own_serializer})()
    probe.view = view
    probe.method = method
    return probe.get_request_serializer() is not None


def _own_serializer(self: Any) -> Any:
    """The view's serializer as drf-spectacular's AutoSchema._get_serializer looks for it, without building it: a
    GenericAPIView always has one, an APIView one if it declares get_serializer(_class) or a serializer_class."""
    view = self.view
    if any(callable(getattr(view, name, None)) for name in ("get_serializer", "get_serializer_class")):
        return _A_SERIALIZER
    return getattr(view, "serializer_class", None)


def refuse_body(data: Any) -> None:
    """A 400 naming the fields of a non-empty body (or saying there is one, if it is not an object)."""
    if data is None or (not isinstance(data, Mapping) and not data):
        return
    if not isinstance(data, Mapping):
        message = MSG_NO_BODY_AT_ALL
    else:
        names = [str(key)[:_NAME_SHOWN] for key in data if key not in FORM_EXTRAS]
        if not names:
            return
        shown = "、".join(names[:_NAMES_SHOWN]) + ("等" if len(names) > _NAMES_SHOWN else "")
        message = MSG_NO_BODY.format(names=shown)
    error = exceptions.ErrorDetail(message, code=NO_BODY_CODE)
    raise exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [error]})


def install() -> None:
    APIView.initial = checked_initial  # type: ignore[method-assign]
