"""The API's side of config.once: a client retrying a POST it got no answer to (a timeout, a phone losing its
signal) records once.

The client makes a UUID for each record it means to make and sends it with every try: as the body field ``once``
(the one the schema documents, beside the record's own fields) or, the HTTP convention, as the ``Idempotency-Key``
header. The endpoint passes it to the service as ``once`` (config.once.once_create): the first try answers 201 with
the record made, a repeat 200 with that same record, nothing saved again. A token the service finds under another
parent (the same value reused for another household) records a new one, unguarded, as on the pages.

A repeat is the same request: the endpoint runs the service through ``once_call``, which keeps a digest of the
request (the user, the method, the path and the validated fields, ``once`` left out) with the token that made a
record (accounts.OnceDigest). The same token sent again with other content (another day, another effect, another
user) is refused with 409 (MSG_ONCE_REUSED) and nothing is recorded: answered 200 with the first record, the client
would take its second record for saved. A token without a digest (a record made before digests were kept) is
answered as a repeat, as before.

Usage::

    class ThingCreateSerializer(serializers.Serializer):
        once = once_api_field()

    # view
    values = dict(data.validated_data)
    token = once_api_token(request, values.pop("once", None))
    done = once_call(request, token, values, lambda once: thing_record(..., once=once, **values))
    return Response(..., status=once_status(done.repeated))
"""

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request

from accounts.models import OnceDigest
from config.errors import Conflict
from config.once import Once

ONCE_HEADER = "Idempotency-Key"
ONCE_HELP = (
    "客户端生成的UUID；超时重试时带同一值，只记录一次（重复提交返回200及首次记录的内容）。"
    "也可放在请求头 Idempotency-Key"
)
MSG_BAD_ONCE = "{where}应为客户端生成的UUID（如 3f2b8c1e-7a4d-4e0b-9c5a-1d2e3f4a5b6c），不能是“{value}”。"
MSG_ONCE_DIFFERS = "请求头 Idempotency-Key 与 once 字段不一致，请只用其中一个，或两处填同一值。"
MSG_ONCE_REUSED = (
    "该提交令牌（once 或 Idempotency-Key）已用于另一内容的提交（{made:%Y-%m-%d %H:%M}），本次未记录。"
    "重试请原样提交；记录新的内容请使用新的令牌。"
)

M = TypeVar("M", bound=models.Model)

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


def once_call(
    request: Request, token: uuid.UUID | None, values: dict[str, Any], call: Callable[[uuid.UUID | None], Once[M]]
) -> Once[M]:
    """``call(token)`` (the service, which passes the token to config.once.once_create), in one transaction with the
    digest of the request kept for the token that made a record; a repeat whose request differs from the one that
    made the record is refused (Conflict, 409), nothing recorded. The service's lock queues two tries of one token:
    the second finds the first's record and its digest, committed together."""
    if token is None:
        return call(None)
    digest = request_digest(request, values)
    with transaction.atomic():
        done = call(token)
        if done.repeated:
            held = OnceDigest.objects.filter(token=token).first()
            if held is not None and held.digest != digest:
                made = timezone.localtime(held.created_at)
                raise Conflict(MSG_ONCE_REUSED.format(made=made), extra={"once": str(token)})
        elif getattr(done.record, "once", None) == token:
            OnceDigest.objects.create(token=token, digest=digest)
    return done


def request_digest(request: Request, values: dict[str, Any]) -> str:
    """SHA-256 of who asked what: the user, the method and path, the validated fields (a record as its id, dates and
    amounts as text), so that a field left out and sent as its default are the same request."""
    asked = {"user": request.user.pk, "method": request.method, "path": request.path, "values": values}
    text = json.dumps(asked, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return f"{value._meta.label}:{value.pk}"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(map(str, value))
    return str(value)  # Decimal, UUID
