"""The security admin's login locks over the API (accounts.lockouts), as on the security page (安全策略 →
被锁定的账号 → 解锁): the accounts locked now, and the audited unlock of one. Both are the security admin's alone
(三权分立): the system admin's password reset leaves a lock in place."""

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.lockouts import LockedAccount, account_unlock, locked_account_list
from accounts.models import User
from accounts.permissions import HasCapability
from accounts.roles import Capability
from accounts.views import MSG_UNLOCKED
from config.api import KnownQueryParamsMixin

MSG_NO_ACCOUNT = "没有ID为 {pk} 的账号。"


class LockedAccountSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user.pk", help_text="账号ID（解锁时用）")
    username = serializers.CharField(source="user.username", help_text="登录账号")
    full_name = serializers.CharField(source="user.get_full_name", help_text="姓名")
    failures = serializers.IntegerField(help_text="连续登录失败次数")
    locked_at = serializers.DateTimeField(help_text="锁定时间")
    unlocks_at = serializers.DateTimeField(help_text="到时自动解锁的时间")
    ip_addresses = serializers.ListField(child=serializers.CharField(), help_text="登录失败来自的地址")
    all_addresses = serializers.BooleanField(
        help_text="true：各地址合计失败次数达到上限，账号在所有地址锁定；false：只锁定来自所列地址的登录"
    )


class UnlockedSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="结果说明")
    lock = LockedAccountSerializer(help_text="解锁前的锁定情况（已记入审计日志）")


class LockedAccountListView(KnownQueryParamsMixin, generics.ListAPIView):
    """当前被锁定的账号（连续登录失败次数过多），最近锁定的在前（仅安全管理员）：与安全策略页面的“被锁定的账号”相同。"""

    serializer_class = LockedAccountSerializer
    permission_classes = [HasCapability(Capability.SECURITY_MANAGE)]
    filter_backends: list[Any] = []

    def get_queryset(self) -> list[LockedAccount]:
        return [] if getattr(self, "swagger_fake_view", False) else locked_account_list()


class AccountUnlockView(APIView):
    """提前解除一个账号的登录锁定（仅安全管理员），与安全策略页面的“解锁”相同：请先与本人核实这些登录失败是本人
    所为。解锁后失败次数重新计算；解锁记入审计日志（锁定时间、失败次数、来自的地址）。账号当前没有被锁定的
    （可能已到时自动解锁）返回400，不记录；没有该账号返回404。"""

    permission_classes = [HasCapability(Capability.SECURITY_MANAGE)]

    @extend_schema(
        request=None,
        responses={200: UnlockedSerializer},
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="账号ID（被锁定账号列表中的 user）")
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = User.objects.filter(pk=pk).first()
        if user is None:
            raise NotFound(MSG_NO_ACCOUNT.format(pk=pk))
        try:
            lock = account_unlock(actor=request.user, user=user)
        except ValidationError as error:
            return Response({"detail": "；".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST)
        body = {"detail": MSG_UNLOCKED.format(username=user.username), "lock": LockedAccountSerializer(lock).data}
        return Response(body)
