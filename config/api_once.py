"""The API's side of config.once: a client retrying a POST it got no answer to (a timeout, a phone losing its
signal) records once.

The client makes a UUID for each record it means to make and sends it with every try: as the body field ``once``
(the one the schema documents, beside the record's own fields) or, the HTTP convention, as the ``Idempotency-Key``
header. The endpoint passes it to the service as ``once`` (config.once.once_create): the first try answers 201 with
the record made, a repeat 200 with that same record, nothing saved again. A token the service finds under another
parent (the same value reused for another household) records a new one, unguarded, as on the pages.

Usage::

    class ThingCreateSerializer(serializers.Serializer):
        once = once_api_field()

    # view
    token = once_api_token(request, data.validated_data.pop("once", None))
    done = thing_record(..., once=token)
    return Response(..., status=once_status(done.repeated))
"""

import uuid

from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request

ONCE_HEADER = "Idempotency-Key"
ONCE_HELP = (
    "客户端生成的UUID；超时重试时带同一值，只记录一次（重复提交返回200及首次记录的内容）。"
    "也可放在请求头 Idempotency-Key"
)
MSG_BAD_ONCE = "{where}应为客户端生成的UUID（如 3f2b8c1e-7a4d-4e0b-9c5a-1d2e3f4a5b6c），不能是“{value}”。"
MSG_ONCE_DIFFERS = "请求头 Idempotency-Key 与 once 字段不一致，请只用其中一个，或两处填同一值。"

# The header, documented on each endpoint that takes it (extend_schema(parameters=[ONCE_PARAMETER])).
ONCE_PARAMETER = OpenApiParameter(
    ONCE_HEADER, str, location=OpenApiParameter.HEADER, required=False, description="同 once 字段（" + ONCE_HELP + "）"
)


def once_api_field() -> serializers.UUIDField:
    """The body field: optional; a malformed value is a 400 naming it."""
    return serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        write_only=True,
        help_text=ONCE_HELP,
        error_messages={"invalid": MSG_BAD_ONCE.format(where="once ", value="{value}")},
    )


def once_api_token(request: Request, body: uuid.UUID | None) -> uuid.UUID | None:
    """The request's token: the body's ``once`` (validated by its field) or the header; None when neither is sent.
    Both sent and different is a 400: which retry is which would be a guess."""
    raw = (request.headers.get(ONCE_HEADER) or "").strip()
    if not raw:
        return body
    try:
        header = uuid.UUID(raw)
    except ValueError:
        where = f"请求头 {ONCE_HEADER} "
        raise exceptions.ValidationError({ONCE_HEADER: [MSG_BAD_ONCE.format(where=where, value=raw[:40])]}) from None
    if body is not None and body != header:
        raise exceptions.ValidationError({ONCE_HEADER: [MSG_ONCE_DIFFERS]})
    return header


def once_status(repeated: bool) -> int:
    """201 for the record made now; 200 for a repeat answered with the record an earlier try made."""
    return status.HTTP_200_OK if repeated else status.HTTP_201_CREATED
