from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from accounts.choices import Approval, Department, Role


class User(AbstractUser):
    """A person who signs in. Scope is a region path (see accounts.scoping), not a foreign key:
    accounts sits below households in the dependency order (DESIGN.md), and a path is what every
    scoped query compares against anyway."""

    role = models.CharField("角色", max_length=32, choices=Role.choices)
    region_path = models.CharField(
        "管辖区划",
        max_length=15,
        blank=True,
        db_index=True,
        help_text="区划路径：县6位、乡镇9位、村12位。用户只能看到该区划内的数据。",
    )
    region_name = models.CharField("管辖区划名称", max_length=100, blank=True)
    # A village cadre may be limited to one grid of their village (003 §二2(6) 分片管理、定责到人; accounts.scoping).
    # A foreign key, unlike the region: a grid has no path of its own, and PROTECT keeps a grid that limits an
    # account from being deleted, which would silently widen the account to the whole village.
    grid = models.ForeignKey(
        "households.Grid",
        verbose_name="限定网格",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="limited_users",
        help_text="只有村干部/网格员可以限定网格：限定后只能看到本村该网格的农户及其走访、案件、预警等。",
    )
    department = models.CharField("所属部门", max_length=32, choices=Department.choices, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=True)
    # 三员 (accounts.approvals): an account the system admin created, reset or gave a new role or scope signs in only
    # once the security admin has approved its role and scope.
    approval = models.CharField("审核状态", max_length=16, choices=Approval.choices, blank=True, default="")
    approval_requested_at = models.DateTimeField("提交审核时间", null=True, blank=True)
    approval_requested_by = models.ForeignKey(
        "self", verbose_name="提交审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The security admin's last decision, kept so that a refused account says why (the refused list, the system
    # admin's user page) and a re-submitted one shows what was refused before.
    approval_decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    approval_decided_by = models.ForeignKey(
        "self", verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approval_reason = models.CharField("拒绝理由", max_length=200, blank=True)
    # The grant (role, scope, grid, department) the system admin asked for and the security admin has not approved
    # yet, with the approval state the account was in (accounts.approvals.grant_requested): the fields above keep the
    # grant in force, so the account works in its approved scope until the change is approved; cleared on a decision.
    approval_pending = models.JSONField("待审核的角色和管辖范围", null=True, blank=True, editable=False)

    objects = UserManager()
    # Not stored: what the apps above said of the last change to this account (accounts.services.user_update), for
    # the administrator who made it.
    change_notices: list[str]

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return f"{self.get_full_name() or self.username}（{self.get_role_display()}）"

    @property
    def scope_label(self) -> str:
        """The scope in words, as the page header and the account lists show it: 城南村, or 城南村 第2网格."""
        region = self.region_name or self.region_path
        return f"{region} {self.grid.name}".strip() if self.grid_id else region

    def get_full_name(self) -> str:
        # Chinese names: family name first, no space.
        return f"{self.last_name}{self.first_name}".strip()

    def get_short_name(self) -> str:
        # The admin's greeting ("欢迎，吴涛"): a given name alone reads oddly in Chinese.
        return self.get_full_name() or self.username

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()


class AuditEvent(models.Model):
    """Append-only record of who did what (MLPS level 3: kept ≥ 6 months, protected from change).

    A PostgreSQL trigger (migration 0002) refuses UPDATE, DELETE and TRUNCATE on this table, so not
    even a bug in our code, the admin or a shell session can rewrite history.
    """

    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_username = models.CharField("操作人账号", max_length=150, blank=True, db_index=True)
    # The names as they were when the event was recorded (MLPS level 3: the log does not change): an account renamed
    # later still reads, and is found, under the name it acted with (accounts.audit.audit_record fills both).
    # db_default: a row written by plain SQL (the application role's check, accounts.db_roles) names no one.
    actor_name = models.CharField("操作人姓名", max_length=300, blank=True, db_default="")
    object_name = models.CharField(
        "对象姓名", max_length=300, blank=True, db_default="", help_text="对象为用户时，记录时的姓名"
    )
    action = models.CharField("操作", max_length=64, db_index=True)
    summary = models.CharField("说明", max_length=500)
    object_type = models.CharField("对象类型", max_length=64, blank=True, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    region_path = models.CharField("区划", max_length=15, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The log's 区划 filter reads a township's or village's events by path prefix (accounts.audit_regions).
            models.Index(fields=["region_path"], name="audit_region_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_username} {self.summary}"


class SecurityPolicy(models.Model):
    """The live login policy, edited by the security admin. A single row (pk=1)."""

    password_max_age_days = models.PositiveSmallIntegerField("密码有效期（天）", default=90)
    # The banner on every page in the last days before that (accounts.password_expiry): the change comes as no surprise.
    password_expiry_notice_days = models.PositiveSmallIntegerField("密码到期前提醒（天）", default=7)
    failure_limit = models.PositiveSmallIntegerField("连续登录失败锁定次数", default=5)
    # The same account from every address together (accounts.axes_handler): a guesser who moves on before each lock.
    account_failure_limit = models.PositiveSmallIntegerField("各地址合计登录失败锁定次数", default=15)
    lockout_minutes = models.PositiveSmallIntegerField("锁定时长（分钟）", default=30)
    idle_minutes = models.PositiveSmallIntegerField("无操作自动退出（分钟）", default=30)
    token_hours = models.PositiveSmallIntegerField("接口令牌有效期（小时）", default=24)
    # Password complexity (MLPS level 3: the security admin's policy, review admins finding 9); read by the
    # validators (accounts.passwords) and the reuse rule (accounts.services).
    password_min_length = models.PositiveSmallIntegerField("密码最小长度（位）", default=8)
    password_min_classes = models.PositiveSmallIntegerField("密码至少包含的字符类别数", default=3)
    password_history_size = models.PositiveSmallIntegerField("新密码不得与最近几次的密码相同", default=5)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        User, verbose_name="修改人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "安全策略"
        verbose_name_plural = "安全策略"

    def __str__(self) -> str:
        return "安全策略"


class PasswordHistory(models.Model):
    """The hash of a password an account used before (MLPS level 3 rotation): a new password may be neither the
    current one nor one of the last few (SecurityPolicy.password_history_size), or the 90-day change and an
    administrator's temporary password would mean nothing. Hashes only, as User.password holds them."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="+")
    password = models.CharField("密码哈希", max_length=128)
    replaced_at = models.DateTimeField("更换时间", default=timezone.now)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-replaced_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.replaced_at:%Y-%m-%d}"


class OnceDigest(models.Model):
    """An API client's submission token (config.api_once: ``once`` or ``Idempotency-Key``) and a digest of the
    request that made a record with it: the same token sent again with the same request is a retry, answered with
    that record; with another request (other content, another user) it is refused (409), never answered as saved."""

    token = models.UUIDField("提交令牌", unique=True)
    digest = models.CharField("请求摘要", max_length=64)
    created_at = models.DateTimeField("首次提交时间", default=timezone.now)

    class Meta:
        verbose_name = "接口提交令牌"
        verbose_name_plural = "接口提交令牌"

    def __str__(self) -> str:
        return str(self.token)


class ApiTokenUse(models.Model):
    """When an API token (rest_framework.authtoken, which has only its creation time) was last used: a token idle
    longer than SecurityPolicy.idle_minutes is refused like an idle session (accounts.tokens). Written at most once a
    minute per token; deleted with the token."""

    token = models.OneToOneField(
        "authtoken.Token", verbose_name="接口令牌", primary_key=True, on_delete=models.CASCADE, related_name="use"
    )
    used_at = models.DateTimeField("最近使用时间")

    class Meta:
        verbose_name = "接口令牌使用记录"
        verbose_name_plural = "接口令牌使用记录"

    def __str__(self) -> str:
        return f"{self.token_id} {self.used_at:%Y-%m-%d %H:%M}"


class LoginSession(models.Model):
    """A browser's signed-in session as the security admin's 在线会话 and the user's 我的登录会话 list it
    (accounts.sessions): who, from which address and browser, since when, last active. The session itself is
    Django's (django_session, which keeps none of this); its key follows a key change (a password change cycles it).
    Deleted at sign-out; ended by the idle timeout it simply stops being listed; ended by hand (强制下线) it keeps who
    ended it until the nightly clean-up, so that the browser whose session it was is told why."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="login_sessions")
    session_key = models.CharField("会话标识", max_length=40, unique=True)
    # None: a session signed in before this list was kept (its login time is unknown).
    created_at = models.DateTimeField("登录时间", null=True, blank=True)
    last_seen_at = models.DateTimeField("最近活动时间", default=timezone.now)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    ended_at = models.DateTimeField("强制下线时间", null=True, blank=True)
    ended_by = models.ForeignKey(
        User, verbose_name="强制下线人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "登录会话"
        verbose_name_plural = "登录会话"
        ordering = ["-last_seen_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.ip_address or ''}"
