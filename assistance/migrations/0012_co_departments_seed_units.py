from django.db import migrations

# The units added to the departments in accounts 0015 (财政局, 人民银行县支行, 供销社, 总工会 …) join the 协同部门 of
# the measures the seeds name them beside (catalogue.SEED_UNIT_CO_DEPARTMENTS), so their clerks can be given those
# measures. Only a row whose co-departments are still the ones migration 0009 seeded is changed (compared as a set:
# the configuration site may save the same list in another order); a list the county edited is its own and is kept.
# Backwards, a row still holding the extended list goes back to 0009's.


def _swap(apps, *, to_seed_units):
    from assistance.catalogue import SEED_UNIT_CO_DEPARTMENTS, seeded_co_departments

    MeasureType = apps.get_model("assistance", "MeasureType")
    for measure_type in MeasureType.objects.filter(code__in=list(SEED_UNIT_CO_DEPARTMENTS)):
        before = seeded_co_departments(measure_type.code, measure_type.default_department)
        after = seeded_co_departments(measure_type.code, measure_type.default_department, seed_units=True)
        if not to_seed_units:
            before, after = after, before
        if set(measure_type.co_departments or []) == set(before):
            MeasureType.objects.filter(pk=measure_type.pk).update(co_departments=after)


def forwards(apps, schema_editor):
    _swap(apps, to_seed_units=True)


def backwards(apps, schema_editor):
    _swap(apps, to_seed_units=False)


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0011_department_seed_units"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
