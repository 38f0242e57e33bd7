import math
from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from accounts.approvals import grant_change_note, login_refusal
from accounts.audit_actions import action_label
from accounts.audit_labels import (
    CATEGORY_ACTIONS,
    category_label,
    changes_in_words,
    event_value_paths,
    object_labels,
    object_type_label,
    place_names,
    shown_summary,
    shown_values,
)
from accounts.audit_regions import LEVELS, audit_regions
from accounts.audit_search import audit_id_search_begin, full_id_number
from accounts.forms import MSG_ACCOUNT_INACTIVE
from accounts.middleware import MSG_PASSWORD_EXPIRED_API, client_ip, password_expired
from accounts.models import AuditEvent, User
from accounts.password_expiry import password_expires_at, password_expiry_notice
from accounts.permissions import HasCapability
from accounts.roles import Capability
from accounts.selectors import audit_event_list
from accounts.signals import audit_login_inactive, audit_login_unapproved
from accounts.tokens import token_expires_at, token_issue, token_revoke_own
from accounts.views import lock_message
from config.api import KnownQueryParamsMixin, choice_param, date_param
from config.api_dates import refuse_reversed_range
from households.api_params import region_param

MSG_BAD_CREDENTIALS = "用户名或密码错误。连续失败多次后账号将被锁定。"
MSG_THROTTLED = "获取令牌的请求过于频繁，请{seconds}秒后再试。"


class MeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True, help_text="角色名称")
    region_code = serializers.SerializerMethodField(
        help_text="管辖区划的12位统计用区划代码：各接口的 township、village、region 参数用它（region_path 是内部路径）"
    )

    grid_name = serializers.SerializerMethodField(
        help_text="限定网格名称（村干部/网格员只能看到本网格的农户）；空：不限网格"
    )

    scope_change_pending = serializers.SerializerMethodField(
        help_text="待安全管理员审批的角色或管辖范围变更，如“管辖范围变更待审批：管辖区划 新山村 → 高庄村”；"
        "审批前仍按上面的角色和管辖范围工作。空：没有待审批的变更"
    )

    password_expires_at = serializers.SerializerMethodField(
        help_text="密码到期时间（按安全策略的密码有效期计算），到期后须先在网页上修改密码，接口返回 403；"
        "null：须在下次登录时修改（首次登录、密码被重置）"
    )
    password_expiry_notice = serializers.SerializerMethodField(
        help_text="密码即将到期的提醒（安全策略规定的到期前天数内），与网页顶部的提示相同，"
        "如“您的密码将于3天后（2026-12-10）到期，请及时修改”；空：不在提醒期内"
    )

    def get_grid_name(self, user: User) -> str:
        return user.grid.name if user.grid_id else ""

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_password_expires_at(self, user: User) -> str | None:
        expires = password_expires_at(user)
        return serializers.DateTimeField().to_representation(expires) if expires else None

    def get_password_expiry_notice(self, user: User) -> str:
        notice = password_expiry_notice(user)
        return notice.message if notice else ""

    def get_scope_change_pending(self, user: User) -> str:
        return grant_change_note(user)

    def get_region_code(self, user: User) -> str:
        from households.models import Region

        return Region.objects.filter(path=user.region_path).values_list("code", flat=True).first() or ""

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "last_name",
            "first_name",
            "role",
            "role_display",
            "region_path",
            "region_code",
            "region_name",
            "grid",
            "grid_name",
            "department",
            "scope_change_pending",
            "password_expires_at",
            "password_expiry_notice",
        ]
        read_only_fields = ["grid"]


class MeView(generics.RetrieveAPIView):
    """当前登录用户的信息：角色与管辖区划。"""

    serializer_class = MeSerializer

    def get_object(self) -> Any:
        return self.request.user


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名")
    password = serializers.CharField(label="密码", style={"input_type": "password"})


class TokenRateThrottle(SimpleRateThrottle):
    """Requests for a token per source address (settings REST_FRAMEWORK DEFAULT_THROTTLE_RATES "auth_token"): one
    address cannot try passwords for account after account, nor lock them one by one (review admins finding 4).
    The address is the audit log's (accounts.middleware.client_ip), which no client can make up."""

    scope = "auth_token"

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request._request) or "unknown"}


class TokenView(APIView):
    """用用户名和密码换取接口令牌（Authorization: Token <令牌> 或 Bearer <令牌>）；DELETE 吊销调用者本人的令牌。

    与网页登录同样受锁定策略约束（按账号和来源地址计算失败次数）；同一地址请求过于频繁时返回 429。"""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [TokenRateThrottle]

    # POST is how a client without credentials gets one; DELETE is the caller's own, so it needs them (token or
    # session, as the rest of the API) and counts against the caller's ordinary rate, not the address's.
    def _revoking(self) -> bool:
        return getattr(self.request, "method", "") == "DELETE"

    def get_authenticators(self) -> list[Any]:
        return [auth() for auth in api_settings.DEFAULT_AUTHENTICATION_CLASSES] if self._revoking() else []

    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated()] if self._revoking() else [AllowAny()]

    def get_throttles(self) -> list[Any]:
        classes = api_settings.DEFAULT_THROTTLE_CLASSES if self._revoking() else self.throttle_classes
        return [throttle() for throttle in classes]

    def throttled(self, request: Request, wait: float | None) -> None:
        if self._revoking():
            super().throttled(request, wait)
        seconds = math.ceil(wait) if wait else 60
        error = exceptions.Throttled(detail=MSG_THROTTLED.format(seconds=seconds))
        error.wait = seconds  # the Retry-After header
        raise error

    @extend_schema(
        description=(
            "用用户名和密码换取接口令牌（Authorization: Token <令牌> 或 Bearer <令牌>）。"
            "令牌自签发起在安全策略规定的小时数内有效（默认24小时），且与网页登录一样，连续未使用超过安全策略的"
            "无操作退出时间（默认30分钟）即作废，之后的请求返回 401（登录已超时，请重新获取令牌）。"
            "有效期内再次请求返回同一令牌；剩余有效期不足四分之一时（默认不足6小时）"
            "换发新令牌，原令牌随即作废（每个账号只有一个令牌）。定时任务可在每次运行前请求令牌。\n\n"
            "与网页登录同样受锁定策略约束（按账号和来源地址计算失败次数）；同一地址请求过于频繁时返回 429。"
        ),
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer(
                "TokenResponse",
                {
                    "token": serializers.CharField(help_text="接口令牌"),
                    "expires_at": serializers.DateTimeField(help_text="令牌到期时间；到期后须重新获取"),
                },
            )
        },
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # axes records the failure and flags the *Django* request when the username is locked out.
        django_request = request._request
        user = authenticate(django_request, **data.validated_data)
        if getattr(django_request, "axes_locked_out", False):
            return Response({"detail": lock_message(django_request)}, status=status.HTTP_403_FORBIDDEN)
        if user is None:
            return Response({"detail": MSG_BAD_CREDENTIALS}, status=status.HTTP_400_BAD_REQUEST)
        if not user.is_active:
            # The right password of a disabled account (accounts.backends.PasswordBackend): say so, count no failure.
            audit_login_inactive(user)
            return Response({"detail": MSG_ACCOUNT_INACTIVE}, status=status.HTTP_403_FORBIDDEN)
        if refusal := login_refusal(user):
            # Not approved by the security admin (accounts.approvals): the right password, and still no token.
            audit_login_unapproved(user)
            return Response({"detail": refusal}, status=status.HTTP_403_FORBIDDEN)
        if password_expired(user):
            # A token would be refused anyway (accounts.authentication); say why now.
            return Response({"detail": MSG_PASSWORD_EXPIRED_API}, status=status.HTTP_403_FORBIDDEN)
        token = token_issue(user)
        return Response({"token": token.key, "expires_at": token_expires_at(token)})

    @extend_schema(
        summary="吊销本人的接口令牌",
        description=(
            "吊销调用者本人的接口令牌（用令牌或网页登录会话调用均可）；之后用该令牌的请求返回 401，"
            "需要时重新用用户名和密码获取。本人没有令牌时同样返回 204。"
        ),
        request=None,
        responses={204: None},
    )
    def delete(self, request: Request) -> Response:
        token_revoke_own(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuditEventListSerializer(serializers.ListSerializer):
    def to_representation(self, data: Any) -> list[dict[str, Any]]:
        # The places of a whole page named in one query (accounts.audit_labels.place_names).
        events = list(data.all() if hasattr(data, "all") else data)
        paths = {e.region_path for e in events} | {p for e in events for p in event_value_paths(e)}
        self.child.places = place_names(paths)
        self.child.objects = object_labels(events)  # the accounts named in one query, as on the page
        return [self.child.to_representation(event) for event in events]


class AuditEventSerializer(serializers.ModelSerializer):
    """The stored codes as recorded (masked as the page masks them), and beside them the same event in words."""

    category_display = serializers.SerializerMethodField(help_text="操作类别")
    action_display = serializers.SerializerMethodField(help_text="操作名称，如“登录”“查看完整身份证号”")
    object_type_display = serializers.SerializerMethodField(help_text="对象类型名称，如“用户”“家庭成员”")
    object_display = serializers.SerializerMethodField(
        help_text=(
            "对象类型名称和对象，与审计日志页面相同：用户写用户名和姓名，如“用户 lihm（李红梅）”；"
            "农户写户编号；行政区划写名称和12位区划代码，如“行政区划 涂埠镇城南村（360425100201）”；网格和"
            "自主申报二维码写所在村，如“网格 涂埠镇城南村 第2网格”；其他对象写编号，如“家庭成员 34”"
        )
    )
    region_name = serializers.SerializerMethodField(help_text="区划名称（县以下），如“涂埠镇新山村四组”")
    changes = serializers.SerializerMethodField(
        help_text="变更内容：字段代码 field、字段名称 label、变更前 old、变更后 new（中文；未记录的一侧为 null）"
    )
    places: dict[str, str] | None = None
    objects: dict[int, str] | None = None

    class Meta:
        model = AuditEvent
        list_serializer_class = AuditEventListSerializer
        fields = [
            "id",
            "created_at",
            "actor_username",
            "actor_name",
            "action",
            "summary",
            "object_type",
            "object_id",
            "region_path",
            "before",
            "after",
            "ip_address",
            "category_display",
            "action_display",
            "object_type_display",
            "object_display",
            "region_name",
            "changes",
        ]

    def _places(self, event: AuditEvent) -> dict[str, str]:
        if self.places is None:  # a single event, not a page
            self.places = place_names({event.region_path} | event_value_paths(event))
        return self.places

    def get_category_display(self, event: AuditEvent) -> str:
        return category_label(event.action)

    def get_action_display(self, event: AuditEvent) -> str:
        return action_label(event.action)

    def get_object_type_display(self, event: AuditEvent) -> str:
        return object_type_label(event.object_type)

    def get_object_display(self, event: AuditEvent) -> str:
        if self.objects is None or event.pk not in self.objects:  # a single event, not a page
            self.objects = object_labels([event])
        return self.objects[event.pk]

    def get_region_name(self, event: AuditEvent) -> str:
        return self._places(event).get(event.region_path, event.region_path)

    @extend_schema_field(
        inline_serializer(
            "AuditChange",
            {
                "field": serializers.CharField(),
                "label": serializers.CharField(),
                "old": serializers.CharField(allow_null=True),
                "new": serializers.CharField(allow_null=True),
            },
            many=True,
        )
    )
    def get_changes(self, event: AuditEvent) -> list[dict[str, Any]]:
        user = self.context["request"].user
        return changes_in_words(user, event.object_type, event.action, event.before, event.after, self._places(event))

    def to_representation(self, instance: AuditEvent) -> dict[str, Any]:
        # The stored row keeps the values; the reader sees ID numbers, phones and health as the page shows them.
        data = super().to_representation(instance)
        user = self.context["request"].user
        data["summary"] = shown_summary(user, data["summary"], instance.action)
        data["before"] = shown_values(user, data["before"], instance.action)
        data["after"] = shown_values(user, data["after"], instance.action)
        return data


AUDIT_FILTERS = [
    OpenApiParameter(
        "q",
        str,
        description="关键词：操作名称、摘要、对象编号或操作人账号中包含的文字（如“解锁”）；完整的18位身份证号查找涉及该人员的记录"
        "（每次查找记入审计日志，每天限次）",
    ),
    OpenApiParameter("actor", str, description="操作人：账号（用户名）或姓名"),
    OpenApiParameter("action", str, description="操作代码或其开头，如 member.reveal_id_number、member."),
    OpenApiParameter(
        "category", str, enum=list(CATEGORY_ACTIONS), description="操作类别代码（见返回的 category_display）"
    ),
    OpenApiParameter(
        "region",
        str,
        description="乡镇或村的12位区划代码：记在该乡镇（含其各村）或该村的日志；跨村的转交在转出村和转入村各有一条"
        "（代码不是本县的乡镇或村时为400）",
    ),
    OpenApiParameter("date_from", str, description="操作日期从（YYYY-MM-DD）"),
    OpenApiParameter("date_to", str, description="操作日期至（YYYY-MM-DD）"),
]


@extend_schema_view(get=extend_schema(parameters=AUDIT_FILTERS))
class AuditEventListView(KnownQueryParamsMixin, generics.ListAPIView):
    """审计日志（仅审计管理员）。支持 q、actor、action、category、region、date_from、date_to 查询参数。"""

    serializer_class = AuditEventSerializer
    permission_classes = [HasCapability(Capability.AUDIT_READ)]
    filter_backends: list[Any] = []
    query_params_known = ("q", "actor", "action", "category", "region", "date_from", "date_to")

    def get_queryset(self) -> Any:
        params = self.request.query_params
        filters: dict[str, Any] = {k: params.get(k) for k in ("q", "actor", "action")}
        filters["category"] = choice_param(self.request, "category", CATEGORY_ACTIONS)
        # The audit admin reads no registry: the county's townships and villages, unscoped (accounts.audit_regions).
        region = region_param(self.request, "region", LEVELS, regions=audit_regions())
        filters["region"] = region.code if region else ""
        filters["date_from"] = date_param(self.request, "date_from")
        filters["date_to"] = date_param(self.request, "date_to")
        refuse_reversed_range("date_from", filters["date_from"], "date_to", filters["date_to"])
        if number := full_id_number(filters["q"]):
            # Recorded and limited as on the page (accounts.audit_search); every page asked for is a search.
            audit_id_search_begin(actor=self.request.user, number=number)
            filters["q"] = number
        return audit_event_list(filters=filters, reader=self.request.user)
