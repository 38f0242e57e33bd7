"""python manage.py seed_demo --households N [--if-empty] [--seed S]

Builds a demo county: the region tree (through the region import service), grids, one login per role and
N synthetic households with members and this year's income (households.demo). Households, members and
incomes go in with COPY, batch by batch, so that 150,000 households take well under five minutes.
"""

import datetime as dt
import io
import random
import time
from collections import Counter
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from accounts.audit import audit_record
from accounts.choices import Department, Role
from accounts.models import User
from accounts.services import user_create
from households.choices import HouseholdType, LivingStatus, NationalMarking, RegionLevel
from households.demo import SURNAMES, DemoHousehold, DemoPopulation
from households.models import Grid, Household, HouseholdIncome, Member, Region
from households.region_import import region_import_rows
from households.risk_evidence import RISK_GUARANTEES, declared_guarantees
from households.services.income import AMOUNT_FIELDS, per_capita_net_income

COUNTY_CODE = "360425000000"
COUNTY_NAME = "永修县"
TOWNSHIPS = ("涂埠镇", "虬津镇", "艾城镇", "滩溪镇", "吴城镇", "三溪桥镇", "江上乡", "梅棠镇", "立新乡", "九合乡")
VILLAGE_PREFIXES = "东西南北新大小上下中高黄石龙马杨柳桃梅竹"
VILLAGE_SUFFIXES = "山塘田湖港桥岭坪洲源坑溪埠庄岗"
NUMERALS = "一二三四五六七八九十"
MAX_PER_VILLAGE = 9999  # the household number ends in a 4-digit sequence per village
# The demo cadre's village (the first) holds at least this many households, however small the demo: the workflow
# demo (seed_workflow_demo) opens its cases on that village's unmonitored households, a case at every step.
CADRE_VILLAGE_MIN = 20
BATCH = 20_000

# (username, role, scope level, department, surname, given name)
DEMO_USERS = (
    ("cadre", Role.VILLAGE_CADRE, RegionLevel.VILLAGE, "", "李", "红梅"),
    ("workteam", Role.WORK_TEAM, RegionLevel.VILLAGE, "", "周", "建军"),
    ("township", Role.TOWNSHIP_OFFICER, RegionLevel.TOWNSHIP, "", "陈", "志强"),
    ("county", Role.COUNTY_OFFICER, RegionLevel.COUNTY, "", "刘", "海燕"),
    ("approver", Role.COUNTY_APPROVER, RegionLevel.COUNTY, "", "王", "国平"),
    ("clerk", Role.DEPARTMENT_CLERK, RegionLevel.COUNTY, Department.HEALTH, "张", "丽"),
    ("official", Role.OFFICIAL, RegionLevel.COUNTY, "", "赵", "文华"),
    ("sysadmin", Role.SYSTEM_ADMIN, RegionLevel.COUNTY, "", "吴", "涛"),
    ("secadmin", Role.SECURITY_ADMIN, RegionLevel.COUNTY, "", "郑", "静"),
    ("auditadmin", Role.AUDIT_ADMIN, RegionLevel.COUNTY, "", "孙", "敏"),
)

HOUSEHOLD_COLUMNS = (
    "id", "number", "village", "group", "grid", "region_path", "address", "phone", "head_name", "household_type",
    "monitoring_category", "monitoring_start", "risk_types", "labour_capacity", "national_marking", "is_active",
    "created_at", "updated_at", *(g.field for g in RISK_GUARANTEES),
)  # fmt: skip
MEMBER_COLUMNS = (
    "household", "region_path", "name", "id_number", "relation", "sex", "birth_date", "ethnicity", "education",
    "student_stage", "health", "disability_grade", "disability_type", "labour_skill", "employment_place",
    "employment_months", "medical_insurance", "employee_medical_insurance", "pension_insurance", "assistance_status",
    "living_status",
)  # fmt: skip
INCOME_COLUMNS = ("household", "region_path", "year", *AMOUNT_FIELDS, "members_count", "per_capita_net_income")
# The household's copy of its latest income row (households migration 0008: table columns, not model fields), written
# with the household so that the trigger on the income COPY finds it right and rewrites no household row (which
# would leave a freshly seeded household table twice its size).
LATEST_INCOME_COLUMNS = (
    "latest_income_year", "latest_income_per_capita", "latest_income_total", "latest_rigid_expenses",
    "latest_income_previous_per_capita",
)  # fmt: skip
TOTAL_INCOME_FIELDS = ("wage_income", "business_income", "property_income", "transfer_income")
RIGID_EXPENSE_FIELDS = ("medical_expenses", "education_expenses", "disaster_expenses", "other_rigid_expenses")

MSG_NOT_EMPTY = "数据库中已有区划数据：seed_demo 只能在空数据库上运行（加 --if-empty 则跳过）。"
MSG_SKIPPED = "已有区划数据，未生成演示数据。"
MSG_TOO_MANY = "每个村最多 {max} 户（户编号为村代码加4位序号），请减少 --households。"
MSG_USER_EXISTS = "账号 {username} 已存在，保持不变。"


def _columns(model: type[Model], names: tuple[str, ...]) -> str:
    # Column names come from the model, so a renamed field fails here loudly instead of loading wrong data.
    return ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in names)


def _copy(
    cursor: Any, model: type[Model], names: tuple[str, ...], buffer: io.StringIO, table_only: tuple[str, ...] = ()
) -> None:
    buffer.seek(0)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join([_columns(model, names), *table_only])
    cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)


def _yuan(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _secured(demo: DemoHousehold) -> list[str]:
    """住房安全/饮水安全有保障 in RISK_GUARANTEES' order: not secured where a risk type says so (a household monitored
    for an unsafe house is not recorded housing-secured)."""
    unsafe = {g.field for g in declared_guarantees(demo.risk_types)}
    return [_bool(g.field not in unsafe) for g in RISK_GUARANTEES]


def _bool(value: bool) -> str:
    return "t" if value else "f"


class Command(BaseCommand):
    help = "生成演示县：区划、网格、各角色账号和N户模拟农户（含家庭成员和本年度收支）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, default=3000, help="模拟农户数（默认3000）")
        parser.add_argument("--if-empty", action="store_true", help="已有区划数据时什么也不做")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认2026），相同种子生成相同数据")

    def handle(self, *args: Any, **options: Any) -> None:
        households: int = options["households"]
        if households < 0:
            raise CommandError("--households 不能为负数。")
        if Region.objects.exists():
            if options["if_empty"]:
                self.stdout.write(MSG_SKIPPED)
                return
            raise CommandError(MSG_NOT_EMPTY)
        started = time.monotonic()
        rng = random.Random(options["seed"])
        # Ages count to 1 January, so one seed gives the same county all year and nobody is born "tomorrow".
        reference = dt.date(timezone.localdate().year, 1, 1)
        with transaction.atomic():
            regions = self._regions(rng)
            users = self._users(regions)
            grids = self._grids(rng, regions, users)
            stats = self._households(rng, regions, grids, households, reference)
            audit_record(
                actor=None,
                action="demo.seed",
                summary=f"生成演示数据：农户 {households} 户、家庭成员 {stats['members']} 人",
                object_type="households.household",
                region_path=regions[0].path,
            )
        # The tables were bulk-loaded: their planner statistics are taken now rather than when autovacuum comes
        # round (never, on a server run without it), or the first pages are planned as if the tables were empty
        # (a data-check count over 3,000 households took 1.1 s instead of 6 ms).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        levels = Counter(r.level for r in regions)
        self.stdout.write(
            f"演示县 {COUNTY_NAME} 已生成（随机种子 {options['seed']}，用时 {time.monotonic() - started:.1f} 秒）：\n"
            f"  区划：乡镇 {levels[RegionLevel.TOWNSHIP]} 个、村 {levels[RegionLevel.VILLAGE]} 个、"
            f"村民小组 {levels[RegionLevel.GROUP]} 个；网格 {sum(len(g) for g in grids.values())} 个\n"
            f"  农户 {households} 户（脱贫户 {stats['lifted_out']} 户，监测对象 {stats['monitored']} 户），"
            f"家庭成员 {stats['members']} 人，{reference.year} 年度收支 {households} 条\n"
            f"  账号：{'、'.join(users)}，密码均为 {settings.DEMO_PASSWORD}"
        )

    # --- regions, users, grids ---------------------------------------------------------------------------

    def _regions(self, rng: random.Random) -> list[Region]:
        """The tree goes through the import service, so the demo county obeys the same rules as a real one."""
        rows = [{"code": COUNTY_CODE, "name": COUNTY_NAME, "level": RegionLevel.COUNTY, "parent_code": ""}]
        names = [p + s + "村" for p in VILLAGE_PREFIXES for s in VILLAGE_SUFFIXES]
        rng.shuffle(names)
        for t, township in enumerate(TOWNSHIPS):
            township_code = f"{COUNTY_CODE[:6]}{100 + t}000"
            rows.append({"code": township_code, "name": township, "level": RegionLevel.TOWNSHIP,
                         "parent_code": COUNTY_CODE})  # fmt: skip
            for v in range(rng.randint(13, 17)):
                village_code = f"{township_code[:9]}{201 + v}"
                village = names.pop()
                rows.append({"code": village_code, "name": village, "level": RegionLevel.VILLAGE,
                             "parent_code": township_code})  # fmt: skip
                for g in range(rng.randint(4, 8)):
                    rows.append({"code": f"{village_code}{g + 1:03d}", "name": f"{village}{NUMERALS[g]}组",
                                 "level": RegionLevel.GROUP, "parent_code": village_code})  # fmt: skip
        region_import_rows(actor=None, rows=rows)
        return list(Region.objects.order_by("path"))

    def _users(self, regions: list[Region]) -> list[str]:
        county = regions[0]
        township = next(r for r in regions if r.level == RegionLevel.TOWNSHIP)
        village = next(r for r in regions if r.level == RegionLevel.VILLAGE)
        scope = {RegionLevel.COUNTY: county, RegionLevel.TOWNSHIP: township, RegionLevel.VILLAGE: village}
        created = []
        for username, role, level, department, last_name, first_name in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                self.stdout.write(MSG_USER_EXISTS.format(username=username))
                continue
            region = scope[level]
            user_create(
                actor=None,
                username=username,
                password=settings.DEMO_PASSWORD,
                role=role,
                region_path=region.path,
                region_name=region.name,
                last_name=last_name,
                first_name=first_name,
                department=department,
                allow_admin_roles=True,
                must_change_password=False,
            )
            created.append(username)
        return created

    def _grids(self, rng: random.Random, regions: list[Region], users: list[str]) -> dict[int, list[Grid]]:
        """2–3 grids per village. In the first township each village's first grid has a grid worker who can
        log in (the demo cadre in the first village); elsewhere the grids wait for their worker."""
        first_township = next(r for r in regions if r.level == RegionLevel.TOWNSHIP)
        cadre = User.objects.filter(username="cadre").first()
        grids: list[Grid] = []
        for village in (r for r in regions if r.level == RegionLevel.VILLAGE):
            worker = None
            if village.parent_id == first_township.pk:
                if cadre is not None and village.path == cadre.region_path:
                    worker = cadre
                else:
                    username = f"grid{village.path[6:]}"
                    worker = User.objects.filter(username=username).first() or user_create(
                        actor=None,
                        username=username,
                        password=settings.DEMO_PASSWORD,
                        role=Role.VILLAGE_CADRE,
                        region_path=village.path,
                        region_name=village.name,
                        last_name=rng.choice(SURNAMES),
                        first_name=rng.choice("伟强军勇杰涛明芳娟敏静丽"),
                        must_change_password=False,
                    )
                    users.append(username)
            for n in range(rng.randint(2, 3)):
                grids.append(
                    Grid(village=village, name=f"第{NUMERALS[n]}网格", worker=worker if n == 0 else None,
                         region_path=village.path)
                )  # fmt: skip
        by_village: dict[int, list[Grid]] = {}
        for grid in Grid.objects.bulk_create(grids):
            by_village.setdefault(grid.village_id, []).append(grid)
        return by_village

    # --- households ---------------------------------------------------------------------------------------

    def _households(
        self, rng: random.Random, regions: list[Region], grids: dict[int, list[Grid]], total: int, reference: dt.date
    ) -> Counter[str]:
        villages = [r for r in regions if r.level == RegionLevel.VILLAGE]
        by_id = {r.pk: r for r in regions}
        groups: dict[int, list[Region]] = {}
        for r in regions:
            if r.level == RegionLevel.GROUP and r.parent_id is not None:
                groups.setdefault(r.parent_id, []).append(r)
        # Villages differ in size: split the total by random weights, remainders to the largest fractions.
        weights = [rng.uniform(0.6, 1.4) for _ in villages]
        shares = [total * w / sum(weights) for w in weights]
        counts = [int(s) for s in shares]
        for i in sorted(range(len(villages)), key=lambda i: counts[i] - shares[i])[: total - sum(counts)]:
            counts[i] += 1
        # A small demo (300 households over ~150 villages) left the cadre's village one household, monitored
        # already, and the workflow demo no case: it takes its households from the largest villages, one by one.
        for _ in range(min(CADRE_VILLAGE_MIN, total) - (counts[0] if counts else 0)):
            largest = max(range(1, len(counts)), key=counts.__getitem__)
            counts[largest] -= 1
            counts[0] += 1
        if counts and max(counts) > MAX_PER_VILLAGE:
            raise CommandError(MSG_TOO_MANY.format(max=MAX_PER_VILLAGE))

        population = DemoPopulation(rng=rng, division=regions[0].code, reference=reference)
        now = timezone.now().isoformat()
        year = str(timezone.localdate().year)
        stats: Counter[str] = Counter()
        pending: list[tuple[Region, int]] = [
            (village, sequence)
            for village, count in zip(villages, counts, strict=True)
            for sequence in range(1, count + 1)
        ]
        with connection.cursor() as cursor:
            sequence_name = self._sequence(cursor)
            for start in range(0, len(pending), BATCH):
                batch = pending[start : start + BATCH]
                cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence_name, len(batch)])
                ids = [row[0] for row in cursor.fetchall()]
                household_rows, member_rows, income_rows = io.StringIO(), io.StringIO(), io.StringIO()
                for household_id, (village, sequence) in zip(ids, batch, strict=True):
                    demo = population.household()
                    group = rng.choice(groups[village.pk]) if rng.random() < 0.92 else None
                    grid = rng.choice(grids[village.pk]) if rng.random() < 0.95 else None
                    path = group.path if group else village.path
                    township = by_id[village.parent_id] if village.parent_id else village
                    address = f"{township.name}{village.name}{group.name[len(village.name) :] if group else ''}"
                    address += f"{rng.randint(1, 150)}号"
                    self._write(household_rows, member_rows, income_rows, demo=demo, household_id=household_id,
                                number=f"{village.path}{sequence:04d}", village=village, group=group, grid=grid,
                                path=path, address=address, now=now, year=year)  # fmt: skip
                    stats["members"] += len(demo.members)
                    stats["lifted_out"] += demo.household_type == HouseholdType.LIFTED_OUT
                    stats["monitored"] += bool(demo.monitoring_category)
                _copy(cursor, Household, HOUSEHOLD_COLUMNS, household_rows, LATEST_INCOME_COLUMNS)
                _copy(cursor, Member, MEMBER_COLUMNS, member_rows)
                _copy(cursor, HouseholdIncome, INCOME_COLUMNS, income_rows)
        return stats

    @staticmethod
    def _sequence(cursor: Any) -> str:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Household._meta.db_table])
        return str(cursor.fetchone()[0])

    @staticmethod
    def _write(
        households: io.StringIO,
        members: io.StringIO,
        incomes: io.StringIO,
        *,
        demo: DemoHousehold,
        household_id: int,
        number: str,
        village: Region,
        group: Region | None,
        grid: Grid | None,
        path: str,
        address: str,
        now: str,
        year: str,
    ) -> None:
        # COPY text format: tab-separated, \N for NULL. Every value here is generated by us and contains no
        # tab, newline or backslash, so nothing needs escaping.
        head = demo.head
        amounts = {name: Decimal(cents).scaleb(-2) for name, cents in demo.income.items()}
        per_capita = per_capita_net_income(amounts, len(demo.members))
        total = _yuan(sum(demo.income[name] for name in TOTAL_INCOME_FIELDS))
        rigid = _yuan(sum(demo.income[name] for name in RIGID_EXPENSE_FIELDS))
        households.write(
            "\t".join((
                str(household_id), number, str(village.pk), str(group.pk) if group else r"\N",
                str(grid.pk) if grid else r"\N", path, address, demo.phone, head.name, demo.household_type,
                demo.monitoring_category, demo.monitoring_start.isoformat() if demo.monitoring_start else r"\N",
                "{" + ",".join(demo.risk_types) + "}", demo.labour_capacity,
                NationalMarking.MARKED if demo.monitoring_category else NationalMarking.NOT_APPLICABLE, "t", now, now,
                *_secured(demo),
                year, str(per_capita), total, rigid, r"\N",  # one year of income: none the year before
            ))
            + "\n"
        )  # fmt: skip
        hid = str(household_id)
        for m in demo.members:
            members.write(
                "\t".join((
                    hid, path, m.name, m.id_number, m.relation, m.sex, m.birth_date.isoformat(), m.ethnicity,
                    m.education, m.student_stage, m.health, m.disability_grade, m.disability_type, m.labour_skill,
                    m.employment_place, str(m.employment_months), _bool(m.medical_insurance),
                    _bool(m.employee_medical_insurance), _bool(m.pension_insurance), m.assistance_status,
                    LivingStatus.LIVING,
                ))
                + "\n"
            )  # fmt: skip
        incomes.write(
            "\t".join((hid, path, year, *(_yuan(demo.income[name]) for name in AMOUNT_FIELDS),
                       str(len(demo.members)), str(per_capita)))
            + "\n"
        )  # fmt: skip
