"""户编号 of a household registered here (新建农户, 分户): the village's 12-digit division code and a 4-digit
sequence, the shape seed_demo, the go-live import and the national export use.

A number the go-live import named but did not load (households.models.RegistryImportNumber: a rejected household
to be corrected and uploaded again, or one still to be loaded) belongs to the national system's household, so the
sequence goes on past it: a household numbered here under it would line up with the wrong family in the national
system's export, and the corrected row would be refused as taken."""

from django.db import connection
from django.db.models import Q

from households.models import Household, Region, RegistryImportNumber
from households.services.household_rules import NUMBER_SEQUENCE_DIGITS

# First key of the advisory lock under which a village's households are numbered; the second is the village's id.
NUMBER_LOCK_CLASS = 7_301
# First key of the county's lock on its held numbers; the second is the county's 6-digit code. Numbering takes it
# shared (villages number side by side); the import's checks take it exclusively while they decide which numbers are
# taken and which it holds (households.registry_import.numbers), so a registration either committed before them and
# is seen as taken, or reads the numbers held.
HELD_LOCK_CLASS = 7_302


def county_key(region_path: str) -> int:
    return int(region_path[:6])


def next_number(village: Region) -> str:
    """The village's next number: one past the highest of its households' and of the numbers an import holds. One
    registration (or 分户) of the village at a time numbers, to its commit: a lock on the last household's row let a
    second one, queued behind it, read the same last number once the first committed (and be refused a number
    nobody typed), and the village's first household had no row to lock."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [NUMBER_LOCK_CLASS, village.pk])
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", [HELD_LOCK_CLASS, county_key(village.path)])
    own = Household.objects.filter(number__startswith=village.path, village=village).values_list("number")
    # Only numbers of the village's shape: a rejected row's malformed number is no sequence to continue.
    held = RegistryImportNumber.objects.filter(
        Q(number__regex=rf"^{village.path}[0-9]{{{NUMBER_SEQUENCE_DIGITS}}}$")
    ).values_list("number")
    last = own.union(held).order_by("-number").values_list("number", flat=True).first()
    sequence = int(last[len(village.path) :]) + 1 if last and last[len(village.path) :].isdigit() else 1
    return f"{village.path}{sequence:0{NUMBER_SEQUENCE_DIGITS}d}"
