"""python manage.py import_registry FILE --user USERNAME       import a registry file now (no worker needed)
python manage.py import_registry --retry ID --user USERNAME   resume an import whose worker died, or that failed

The same services as the upload page, run synchronously. An import whose worker died stays "处理中"; --retry
takes it over (it refuses while another process still holds the import) and skips the households that the
interrupted run had already committed. A finished import is never run twice.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from config.errors import ApplicationError
from households.models import RegistryImport
from households.registry_import import registry_import_create, registry_import_retry, registry_import_run

MSG_FILE_MISSING = "找不到文件：{path}"
MSG_USER_MISSING = "找不到账号：{username}"
MSG_NEED_FILE = "请给出要导入的文件，或用 --retry 指定要重试的导入编号。"
MSG_NOT_FOUND = "找不到导入编号 {id}（或不在您的管辖范围内）。"


class Command(BaseCommand):
    help = "导入县里现有的农户档案（国家系统导出的 XLSX 或 CSV，每行一名家庭成员）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="XLSX 或 CSV 文件路径")
        parser.add_argument("--user", required=True, help="以哪个县级账号的名义导入（县乡村振兴局）")
        parser.add_argument("--retry", type=int, metavar="ID", help="重试中断或失败的导入（导入编号）")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(MSG_USER_MISSING.format(username=options["user"]))
        try:
            record = self._retry(user, options["retry"]) if options["retry"] else self._import(user, options["file"])
        except (PermissionDenied, ApplicationError) as error:
            raise CommandError(str(error.message if isinstance(error, ApplicationError) else error)) from None
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        self._report(record)

    def _import(self, user: User, file: str | None) -> RegistryImport:
        if not file:
            raise CommandError(MSG_NEED_FILE)
        path = Path(file)
        if not path.is_file():
            raise CommandError(MSG_FILE_MISSING.format(path=path))
        with path.open("rb") as handle:
            record = registry_import_create(actor=user, upload=File(handle, name=path.name), enqueue=False)
        self.stdout.write(f"已登记导入编号 {record.pk}（{record.original_name}），开始处理……")
        return registry_import_run(import_id=record.pk)

    def _retry(self, user: User, import_id: int) -> RegistryImport:
        try:
            return registry_import_retry(actor=user, import_id=import_id)
        except RegistryImport.DoesNotExist:
            raise CommandError(MSG_NOT_FOUND.format(id=import_id)) from None

    def _report(self, record: RegistryImport) -> None:
        self.stdout.write(
            f"导入编号 {record.pk}：{record.get_status_display()}。数据行 {record.rows_total} 行，"
            f"导入 {record.rows_ok} 行，有误 {record.rows_bad} 行，新建农户 {record.households_created} 户。"
        )
        if record.message:
            self.stdout.write(record.message)
        if record.error_file:
            self.stdout.write(f"错误清单：{record.error_file.path}")
        if record.status == RegistryImport.Status.FAILED:
            raise CommandError(f"导入失败：{record.message}")
