"""The database role the running application connects as, apart from the role that owns the tables.

MLPS level 3 (等保三级) wants the audit log protected from the application itself. The trigger of accounts
migration 0002 refuses UPDATE, DELETE and TRUNCATE on accounts_auditevent, but a table's owner (and a superuser)
can switch a trigger off with ALTER TABLE … DISABLE TRIGGER. So the owner runs `migrate` and then
`grant_app_role`, and gunicorn, the worker and beat log in as a second role that owns nothing and holds only what
the running application uses:

- CONNECT and TEMPORARY on the database: the registry import (households.registry_import.staging), feed
  ingestion (alerts.ingest.cleaning, triage, staging) and screening runs (screening.services.run_apply) make
  temporary tables and views of their own session, index and ANALYZE them;
- USAGE on schema public; SELECT, INSERT, UPDATE, DELETE on its tables (the sessions table, axes' attempts and
  the Celery results are no exception: sessions are in the database, the cache and Celery results in Redis),
  except the audit log (SELECT and INSERT only) and django_migrations (SELECT: only `migrate` writes it);
- USAGE and SELECT on the sequences (nextval); nothing in the running code calls setval, so no UPDATE;
- USAGE and CREATE on schema feed_stage (alerts migration 0006), where feed ingestion makes its unlogged staging
  table per session (alerts.ingest.rawtable) and the "what is due" task drops those of dead sessions. A table is
  dropped only by its owner or the schema's: tables left there by runs under the owner (before this separation)
  are handed to the application role, or the sweep would fail on them for ever.

Nothing is granted with GRANT OPTION, no TRUNCATE, REFERENCES or TRIGGER, and the role may not be a member of
any other role (pg_write_all_data, or the owner's role, would give back what this takes away). Every run first
revokes the table and sequence privileges and grants them again, in one transaction, so it is idempotent and
new tables of the latest migration are covered: run it after every `migrate`.

Each run is a change to the database's security settings, so it leaves an audit event in the same transaction
(服务器管理命令, with the server login that ran it): the role, created or updated, what it was granted. Never the
password: only whether one was set.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from psycopg2.extensions import encrypt_password

from accounts.audit import SERVER_COMMAND, audit_record, server_summary

AUDIT_TABLE = "accounts_auditevent"
MIGRATIONS_TABLE = "django_migrations"
STAGING_SCHEMA = "feed_stage"  # alerts migration 0006 and alerts.ingest.rawtable.SCHEMA (accounts imports no alerts)
# Two owners' runs at once (two web containers starting) would collide on the catalog rows GRANT rewrites.
LOCK_KEY = 0x5357_4752  # "SWGR"

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

MSG_BAD_NAME = "数据库角色名“{name}”不合规：只能使用小写字母、数字和下划线，以字母或下划线开头，最长63个字符。"
MSG_NO_AUDIT_TABLE = "数据库中没有审计日志表 accounts_auditevent：请先以表的所有者运行 migrate。"
MSG_IS_CURRENT = "不能为当前连接数据库的用户 {name} 降权：应用角色必须是另一个数据库用户。"
MSG_IS_SUPERUSER = "数据库角色 {name} 是超级用户，不能作为应用角色（本命令不降低超级用户的权限）。"
MSG_OWNER_POWER = (
    "数据库角色 {name} 拥有或可以代行 {owner} 的所有权（{what}），可以关闭审计日志的触发器，不能作为应用角色。"
)
MSG_MEMBER_OF = "数据库角色 {name} 属于其他角色（{roles}），会带回多余的权限：请先撤销这些成员关系。"
# What _grant gives, in words: the command prints it and the audit event records it.
GRANTS_WORDS = (
    "连接数据库和建临时表；public 各表可读写，审计日志表只能查询和追加，迁移记录表只能查询；序列可取号；"
    "feed_stage 可建暂存表。无建库、建角色、超级用户权限"
)
AUDIT_ACTION = "security.app_db_role"


class AppRoleError(Exception):
    """The role cannot be made the application's role; `message` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AppRoleResult:
    role: str
    created: bool
    password_set: bool
    staging_tables_handed_over: int


def app_role_grant(*, role: str, password: str = "", server_user: str = "") -> AppRoleResult:
    """Create or update `role` as the application's login role and grant it exactly what the running
    application needs (module docstring). Run as the owner of the tables, after `migrate`; `server_user` is the
    server login that ran the command, for the audit event."""
    if not ROLE_NAME.fullmatch(role):
        raise AppRoleError(MSG_BAD_NAME.format(name=role))
    quoted = connection.ops.quote_name(role)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL, current_user, current_database()", [AUDIT_TABLE])
        has_audit_table, current_user, database = cursor.fetchone()
        if not has_audit_table:
            raise AppRoleError(MSG_NO_AUDIT_TABLE)
        if role == current_user:
            raise AppRoleError(MSG_IS_CURRENT.format(name=role))
        created = _role_ensure(cursor, role, quoted)
        if password:
            # Hashed here (SCRAM, as the server's password_encryption asks), so the clear password never reaches
            # the server's statement log.
            verifier = encrypt_password(password, role, connection.connection)
            cursor.execute(f"ALTER ROLE {quoted} PASSWORD %s", [verifier])
        _refuse_owner_powers(cursor, role)
        _grant(cursor, quoted, database)
        handed = _staging_tables_hand_over(cursor, role, quoted)
        result = AppRoleResult(
            role=role, created=created, password_set=bool(password), staging_tables_handed_over=handed
        )
        _audit(result, server_user)
    return result


def _audit(result: AppRoleResult, server_user: str) -> None:
    summary = (
        f"{'创建' if result.created else '更新'}数据库应用角色 {result.role}，"
        + ("设置了新密码" if result.password_set else "未设置密码" if result.created else "密码未改")
        + (
            f"，移交 feed_stage 遗留暂存表 {result.staging_tables_handed_over} 张"
            if result.staging_tables_handed_over
            else ""
        )
        + f"；授权：{GRANTS_WORDS}"
    )
    audit_record(
        actor=None,
        actor_username=SERVER_COMMAND,
        action=AUDIT_ACTION,
        summary=server_summary(summary, server_user),
        object_id=result.role,
    )


def _role_ensure(cursor: Any, role: str, quoted: str) -> bool:
    """Create the role, or set an existing one's attributes; True when it was created."""
    attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT"
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
    row = cursor.fetchone()
    if row is None:
        cursor.execute(f"CREATE ROLE {quoted} {attributes}")
        return True
    if row[0]:
        # Taking a superuser's powers away could lock the administrators out of the cluster.
        raise AppRoleError(MSG_IS_SUPERUSER.format(name=role))
    cursor.execute(f"ALTER ROLE {quoted} {attributes}")
    return False


def _refuse_owner_powers(cursor: Any, role: str) -> None:
    """The role may not own, or act as the owner of, the audit table, schema public or the database (the schema's
    owner can drop the table, the database's owns schema public on PostgreSQL 15 and later), nor belong to any
    other role."""
    cursor.execute(
        """SELECT owner, what FROM (
               SELECT tableowner::name AS owner, %s AS what FROM pg_tables
                WHERE schemaname = 'public' AND tablename = %s
               UNION ALL SELECT pg_get_userbyid(nspowner), 'schema public' FROM pg_namespace WHERE nspname = 'public'
               UNION ALL SELECT pg_get_userbyid(datdba), 'database ' || datname FROM pg_database
                WHERE datname = current_database()
           ) o WHERE pg_has_role(%s, o.owner, 'MEMBER')""",
        [f"table {AUDIT_TABLE}", AUDIT_TABLE, role],
    )
    found = cursor.fetchall()
    if found:
        raise AppRoleError(MSG_OWNER_POWER.format(name=role, owner=found[0][0], what="、".join(w for _, w in found)))
    cursor.execute(
        """SELECT string_agg(g.rolname, '、' ORDER BY g.rolname) FROM pg_auth_members m
           JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = %s""",
        [role],
    )
    groups = cursor.fetchone()[0]
    if groups:
        raise AppRoleError(MSG_MEMBER_OF.format(name=role, roles=groups))


def _grant(cursor: Any, quoted: str, database: str) -> None:
    audit, migrations = AUDIT_TABLE, MIGRATIONS_TABLE
    for statement in (
        f"GRANT CONNECT, TEMPORARY ON DATABASE {connection.ops.quote_name(database)} TO {quoted}",
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        # Revoked and granted again: what an earlier version granted and this one does not is taken away.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"REVOKE UPDATE, DELETE ON public.{audit}, public.{migrations} FROM {quoted}",
        f"REVOKE INSERT ON public.{migrations} FROM {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, CREATE ON SCHEMA {STAGING_SCHEMA} TO {quoted}",
    ):
        cursor.execute(statement)


def _staging_tables_hand_over(cursor: Any, role: str, quoted: str) -> int:
    """Staging tables another role left in feed_stage become the application role's (module docstring)."""
    cursor.execute(
        """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = %s AND c.relkind = 'r' AND pg_get_userbyid(c.relowner) <> %s""",
        [STAGING_SCHEMA, role],
    )
    tables = [row[0] for row in cursor.fetchall()]
    for table in tables:
        name = f"{STAGING_SCHEMA}.{connection.ops.quote_name(table)}"
        cursor.execute(f"ALTER TABLE {name} OWNER TO {quoted}")
    return len(tables)
