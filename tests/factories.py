"""factory_boy factories for tests. Never imported by production code."""

import datetime as dt
import itertools

import factory
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from households import idnumber
from households.choices import HouseholdType, RegionLevel, Relation
from households.models import Household, Member, Region

TEST_PASSWORD = "Test@Pass2026"
_sequence = itertools.count(1)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"区划{n}")
    level = RegionLevel.VILLAGE


def region(code: str, name: str, level: str, parent: Region | None = None) -> Region:
    from households.regions import path_for

    return RegionFactory(code=code, name=name, level=level, parent=parent, path=path_for(code, level))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.VILLAGE_CADRE
    must_change_password = False
    password_changed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or TEST_PASSWORD)
        self.must_change_password = False
        if create:
            self.save()


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    number = factory.Sequence(lambda n: f"H{n:08d}")
    household_type = HouseholdType.ORDINARY
    region_path = factory.LazyAttribute(lambda o: o.village.path)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"成员{n}")
    relation = Relation.HEAD
    region_path = factory.LazyAttribute(lambda o: o.household.region_path)
    birth_date = dt.date(1970, 5, 1)
    sex = "male"
    id_number = factory.LazyAttribute(
        lambda o: idnumber.make(o.household.region_path[:6], o.birth_date, next(_sequence) * 2 + 1)
    )
