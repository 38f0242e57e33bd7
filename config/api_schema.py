"""The schema's shared parts (drf-spectacular): the error answers every operation may give, documented once by a
postprocessing hook rather than on each view; and fields that some roles' answers leave out (not required, said in
their description), declared on the serializer as Meta.role_fields = {"field", ...} with Meta.role_fields_note."""

from typing import Any

from drf_spectacular import openapi

WRITES = ("post", "put", "patch", "delete")
TOKEN_PATH = "/api/v1/auth/token/"
ROLE_FIELDS_NOTE = "（部分角色的返回中没有此字段）"

FIELD_ERRORS = {
    "type": "object",
    "description": "请求有误（400）：键为出错的请求字段或查询参数，值为中文错误信息列表；列表字段的行按序号嵌套"
    '（{"members": {"0": {"id_number": ["…"]}}}）；不属于某一字段的错误在 non_field_errors。'
    '少数业务规则的拒绝为 {"detail": "…", "extra": {…}}。',
    "additionalProperties": {},
    "example": {
        "held_on": ["会议日期不能晚于今天。"],
        "reviews": {"1": {"non_field_errors": ["…户：票数超过参会人数。"]}},
    },
}
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "中文说明"}},
    "required": ["detail"],
}
CONFLICT = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "中文说明：冲突的原因，以及怎样重新提交"},
        "extra": {
            "type": "object",
            "additionalProperties": {},
            "description": "已有记录时为其 id 和 url（如已登记过的同一期报送）；提交令牌被另作他用时为 once",
        },
    },
    "required": ["detail", "extra"],
}
COMPONENTS = {"FieldErrors": FIELD_ERRORS, "ErrorDetail": DETAIL, "ConflictError": CONFLICT}


def _answer(component: str, description: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{component}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def _errors(path: str, method: str, operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The error answers this operation may give, by status code."""
    query = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
    signed_in = {} not in (operation.get("security") or [])
    errors: dict[str, dict[str, Any]] = {}
    if method in WRITES or query:
        errors["400"] = _answer("FieldErrors", "请求有误：请求体字段或查询参数不合要求（含拼写有误的参数名、字段名）")
    if signed_in:
        errors["401"] = _answer("ErrorDetail", "未登录：没有令牌，或令牌已过期、已吊销（响应头 WWW-Authenticate）")
        errors["403"] = _answer("ErrorDetail", "无权执行此操作（本角色不能使用该接口或该操作）")
    if "{" in path or "page" in query:
        errors["404"] = _answer("ErrorDetail", "记录不存在或不在本人管辖范围内；或页码超出末页")
    if method in WRITES and path != TOKEN_PATH:
        errors["409"] = _answer(
            "ConflictError",
            "与记录的当前状态冲突，未作处理：读取后已被他人修改或办理（重新读取后再提交）、"
            "已记录过（extra 指向已有记录）、或提交令牌（once / Idempotency-Key）已用于另一内容",
        )
    too_many = "请求过于频繁：按账号（登录前按来源地址）限速，响应头 Retry-After 为需等待的秒数"
    if path == TOKEN_PATH and method == "post":
        too_many = "同一来源地址获取令牌过于频繁，响应头 Retry-After 为需等待的秒数"
    errors["429"] = _answer("ErrorDetail", too_many)
    return errors


def error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """POSTPROCESSING_HOOKS: every operation's error answers (400 field errors, 401, 403, 404, 409, 429) beside what
    its view declares (a view's own declaration of a code is kept)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, component in COMPONENTS.items():
        schemas.setdefault(name, component)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, answer in _errors(path, method, operation).items():
                operation["responses"].setdefault(code, answer)
    return result


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, with a serializer's Meta.role_fields not required in its answer, described as left out
    for some roles (Meta.role_fields_note says which)."""

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:
        schema = super()._map_basic_serializer(serializer, direction)
        meta = getattr(serializer, "Meta", None)
        role_fields = getattr(meta, "role_fields", ())
        if not role_fields or direction != "response":
            return schema
        note = getattr(meta, "role_fields_note", ROLE_FIELDS_NOTE)
        schema["required"] = [name for name in schema.get("required", []) if name not in role_fields]
        if not schema["required"]:
            del schema["required"]
        for name in role_fields:
            prop = schema.get("properties", {}).get(name)
            if prop is None:
                continue
            if "$ref" in prop:  # OpenAPI 3.0 ignores a $ref's siblings: wrap it, as drf-spectacular does
                prop = schema["properties"][name] = {"allOf": [{"$ref": prop.pop("$ref")}], **prop}
            text = prop.get("description", "")
            # A choice field's description is its choices ("* `village` - 村级…"), which the enum hook moves into the
            # shared enum component: the note goes before them, and stays with this field.
            prop["description"] = f"{note}\n\n{text}" if text.startswith("*") else text + note
        return schema
