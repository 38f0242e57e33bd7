"""Signed-in sessions over the API (accounts.sessions), as on the pages: the security admin's 在线会话, its
强制下线 (which revokes the account's API token too) and 强制该账号全部下线, and the user's own sessions
(我的登录会话), the end of one of them or of all but the current one. Each end is audited."""

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import LoginSession, User
from accounts.permissions import HasCapability
from accounts.roles import Capability
from accounts.sessions import (
    MSG_NOT_FOUND,
    active_sessions,
    own_sessions,
    session_end,
    session_list,
    sessions_end_others,
    sessions_force_end_account,
    short_agent,
)
from config.api import KnownQueryParamsMixin

MSG_FORCED_TOKEN = "已强制下线该登录会话，并吊销了该账号的接口令牌。"
MSG_FORCED_NO_TOKEN = "已强制下线该登录会话；该账号没有接口令牌，无须吊销。"
MSG_ENDED = "已结束该登录会话。"
MSG_FORCED_ALL = "已强制账号 {username} 全部下线：结束了 {count} 个登录会话，{token}。"
MSG_ENDED_OTHERS = "已结束您的其他 {count} 个登录会话。"
MSG_NO_OTHERS = "您没有其他登录会话，无须结束。"


class LoginSessionSerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(source="user.pk", help_text="账号ID")
    username = serializers.CharField(source="user.username", help_text="登录账号")
    full_name = serializers.CharField(source="user.get_full_name", help_text="姓名")
    role = serializers.CharField(source="user.get_role_display", help_text="角色")
    region = serializers.CharField(source="user.scope_label", help_text="管辖区划（限定网格的含网格）")
    login_at = serializers.DateTimeField(
        source="created_at", allow_null=True, help_text="登录时间；null：本功能启用前登录，时间不详"
    )
    last_seen_at = serializers.DateTimeField(help_text="最近活动时间（精确到约1分钟）")
    ip_address = serializers.CharField(allow_null=True, help_text="最近一次请求的IP地址")
    device = serializers.SerializerMethodField(help_text="设备和浏览器（简称，如“安卓 · 微信”）")
    user_agent = serializers.CharField(help_text="浏览器标识（完整）")
    current = serializers.SerializerMethodField(help_text="true：本次请求所用的会话")

    class Meta:
        model = LoginSession
        fields = [
            "id", "user", "username", "full_name", "role", "region", "login_at", "last_seen_at", "ip_address",
            "device", "user_agent", "current",
        ]  # fmt: skip

    def get_device(self, row: LoginSession) -> str:
        return short_agent(row.user_agent)

    def get_current(self, row: LoginSession) -> bool:
        request = self.context.get("request")
        key = request.session.session_key if request is not None and hasattr(request, "session") else None
        return bool(key) and row.session_key == key


class EndedSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="结果说明")
    session = LoginSessionSerializer(help_text="结束前的会话（已记入审计日志）")
    token_revoked = serializers.BooleanField(
        help_text="true：强制下线同时吊销了该账号的接口令牌（已记入审计日志）；false：该账号没有令牌，或结束的是本人的会话"
    )


class EndedOthersSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="结果说明（结束了几个会话）")
    ended = serializers.IntegerField(help_text="结束的会话数；0：没有其他登录会话")
    sessions = LoginSessionSerializer(many=True, help_text="结束前的这些会话（每个已记入审计日志）")


class ForceEndAccountSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), help_text="账号ID（会话列表中的 user）")


class EndedAccountSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="结果说明（结束了几个会话，是否吊销了令牌）")
    ended = serializers.IntegerField(help_text="结束的会话数；0：该账号没有在线的登录会话")
    sessions = LoginSessionSerializer(many=True, help_text="结束前的这些会话（每个已记入审计日志）")
    token_revoked = serializers.BooleanField(help_text="true：同时吊销了该账号的接口令牌；false：该账号没有令牌")


_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="会话ID（会话列表中的 id）")


class SessionListView(KnownQueryParamsMixin, generics.ListAPIView):
    """当前在线的登录会话（仅安全管理员），最近活动的在前：与“在线会话”页面相同。q 按账号、姓名、管辖区划或IP地址
    查找。只列出网页登录的会话（接口令牌不在此列），超过无操作自动退出时间的不列出。"""

    serializer_class = LoginSessionSerializer
    permission_classes = [HasCapability(Capability.SECURITY_MANAGE)]
    filter_backends: list[Any] = []
    query_params_known = ("q",)

    @extend_schema(parameters=[OpenApiParameter("q", str, description="账号、姓名、管辖区划或IP地址（开头）")])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return LoginSession.objects.none()
        return session_list(q=self.request.query_params.get("q", "")[:50])


def _ended(request: Request, row: LoginSession, *, forced: bool) -> Response:
    try:
        ended = session_end(actor=request.user, session_id=row.pk, current_key=request.session.session_key)
    except ValidationError as error:
        return Response({"detail": "；".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST)
    revoked = bool(getattr(ended, "token_revoked", False))
    message = (MSG_FORCED_TOKEN if revoked else MSG_FORCED_NO_TOKEN) if forced else MSG_ENDED
    data = LoginSessionSerializer(row, context={"request": request}).data
    return Response({"detail": message, "session": data, "token_revoked": revoked})


class SessionForceEndView(APIView):
    """强制下线一个登录会话（仅安全管理员），与“在线会话”页面的“强制下线”相同：该会话立即失效，须重新输入密码
    登录；该账号的接口令牌同时吊销（token_revoked），用它的请求返回401；均记入审计日志。本次请求所用的会话不能
    强制下线（请退出登录），返回400；会话不存在或已结束返回404。"""

    permission_classes = [HasCapability(Capability.SECURITY_MANAGE)]

    @extend_schema(request=None, responses={200: EndedSerializer}, parameters=[_ID])
    def post(self, request: Request, pk: int) -> Response:
        row = active_sessions().filter(pk=pk).first()
        if row is None:
            raise NotFound(MSG_NOT_FOUND)
        return _ended(request, row, forced=True)


class SessionsForceEndAccountView(APIView):
    """强制该账号全部下线（仅安全管理员），与“在线会话”页面的“强制该账号全部下线”相同：该账号所有在线的网页登录
    会话立即失效，接口令牌同时吊销（token_revoked），每个会话和令牌的吊销均记入审计日志。不能对本人的账号操作，
    返回400；账号不存在返回400。该账号没有在线会话时返回200，ended 为0（令牌仍会吊销）。"""

    permission_classes = [HasCapability(Capability.SECURITY_MANAGE)]

    @extend_schema(request=ForceEndAccountSerializer, responses={200: EndedAccountSerializer})
    def post(self, request: Request) -> Response:
        given = ForceEndAccountSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        user = given.validated_data["user"]
        try:
            ended, revoked = sessions_force_end_account(actor=request.user, user=user)
        except ValidationError as error:
            return Response({"detail": "；".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST)
        token = "并吊销了该账号的接口令牌" if revoked else "该账号没有接口令牌，无须吊销"
        detail = MSG_FORCED_ALL.format(username=user.username, count=len(ended), token=token)
        data = LoginSessionSerializer(ended, many=True, context={"request": request}).data
        return Response({"detail": detail, "ended": len(ended), "sessions": data, "token_revoked": revoked})


class OwnSessionListView(KnownQueryParamsMixin, generics.ListAPIView):
    """本人当前在线的登录会话（我的登录会话），最近活动的在前；current 标出本次请求所用的会话。"""

    serializer_class = LoginSessionSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return LoginSession.objects.none()
        return own_sessions(self.request.user)


class OwnSessionEndView(APIView):
    """结束本人的另一个登录会话（如手机丢失），记入审计日志。本次请求所用的会话返回400（请退出登录）；不是本人的
    或已结束的会话返回404。"""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: EndedSerializer}, parameters=[_ID])
    def post(self, request: Request, pk: int) -> Response:
        row = own_sessions(request.user).filter(pk=pk).first()
        if row is None:
            raise NotFound(MSG_NOT_FOUND)
        return _ended(request, row, forced=False)


class OwnSessionsEndOthersView(APIView):
    """结束本人其他所有登录会话（我的登录会话页面的“结束其他所有会话”）：本次请求所用的会话以外，本人所有在线的
    网页登录会话立即失效，每个记入审计日志。用接口令牌请求时没有“本次会话”，本人所有网页会话都会结束（令牌本身
    不受影响，吊销令牌用 DELETE /api/v1/auth/token/）。没有其他会话时返回200，ended 为0。"""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: EndedOthersSerializer})
    def post(self, request: Request) -> Response:
        ended = sessions_end_others(actor=request.user, current_key=request.session.session_key)
        detail = MSG_ENDED_OTHERS.format(count=len(ended)) if ended else MSG_NO_OTHERS
        data = LoginSessionSerializer(ended, many=True, context={"request": request}).data
        return Response({"detail": detail, "ended": len(ended), "sessions": data})
