"""python manage.py import_regions regions.csv — load a region tree (all or nothing); a stored code whose row differs
only in its name is renamed."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.audit import server_login
from households.region_import import region_import, region_rows_from_csv

MSG_FILE_MISSING = "找不到文件：{path}"


class Command(BaseCommand):
    help = "从CSV文件导入区划树（列：code,name,level,parent_code 或 区划代码,名称,层级,上级代码；UTF-8或GBK编码）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv_path", help="CSV文件路径")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["csv_path"])
        if not path.is_file():
            raise CommandError(MSG_FILE_MISSING.format(path=path))
        try:
            result = region_import(actor=None, rows=region_rows_from_csv(path.read_bytes()), server_user=server_login())
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"导入失败：共 {len(exc.messages)} 处错误，未写入任何区划。") from None
        self.stdout.write(f"导入 {result.created} 个区划")
        if result.renamed:
            # A rename is accepted when only the name differs (the code, level and parent stay): said by name.
            self.stdout.write(f"更名 {len(result.renamed)} 个区划：")
            for code, old, new in result.renamed:
                self.stdout.write(f"  {code}：{old} → {new}")
