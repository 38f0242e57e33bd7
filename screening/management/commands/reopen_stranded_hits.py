"""Return to 待处理 the screening hits left "已提议纳入监测" by a case that ended without inclusion before screening
followed its cases (screening.receivers): run once after upgrading, and any time after; it touches only proposals
whose household is not monitored, has no inclusion case open, and whose latest inclusion case was refused or
withdrawn, and says of each which case ended how and why, as the receiver does. The command did it, not whoever
closed the case long before: the results and their history rows name no one, and the audit log names the server
command and the login that ran it (accounts.audit.SERVER_COMMAND).

    python manage.py reopen_stranded_hits [--dry-run]
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.audit import server_login
from screening.choices import ResultStatus
from screening.models import ScreeningResult
from screening.receivers import unapproved_closing
from screening.services.results import result_reopen


class Command(BaseCommand):
    help = "把因案件未通过或撤回而停留在“已提议纳入监测”的筛查命中退回“待处理”（升级后运行一次即可，可重复运行）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只列出，不修改")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        from workflow.choices import CaseKind
        from workflow.models import Case

        listed = reopened = 0
        login = server_login()
        proposed = ScreeningResult.objects.filter(status=ResultStatus.PROPOSED).values_list("household_id", flat=True)
        for household_id in proposed.iterator():
            latest = (
                Case.objects.filter(household_id=household_id, kind__in=[CaseKind.IDENTIFICATION, CaseKind.REMARK])
                .order_by("-created_at", "-pk")
                .first()
            )
            closed = unapproved_closing(latest.pk, latest.status) if latest is not None else None
            if closed is None:
                continue
            self.stdout.write(f"户 {household_id}：{closed.note}")
            listed += 1
            if not dry_run:
                with transaction.atomic():
                    if (
                        result_reopen(actor=None, household_id=household_id, note=closed.note, server_user=login)
                        is not None
                    ):
                        reopened += 1
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"可退回待处理的筛查命中 {listed} 户（未修改）。"))
        else:
            self.stdout.write(self.style.SUCCESS(f"已退回待处理的筛查命中 {reopened} 户。"))
