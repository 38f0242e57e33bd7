"""The seeded feed types' 依据 cited another county's document (涞源县〔2022〕3号 二(四)①…). Rewritten to the generic
text of alerts.presets.ITEM where the county has not changed it; a county's own text is left as it is."""

from django.db import migrations

OLD = "涞源县〔2022〕3号 二(四)"
NEW = "县防止返贫监测帮扶工作领导小组办公室关于筛查预警的文件·部门预警信息"


def forwards(apps, schema_editor):
    FeedType = apps.get_model("alerts", "FeedType")
    for feed in FeedType.objects.filter(seed_item__startswith=OLD):
        feed.seed_item = NEW + feed.seed_item[len(OLD) :]
        feed.save(update_fields=["seed_item"])


def backwards(apps, schema_editor):
    FeedType = apps.get_model("alerts", "FeedType")
    for feed in FeedType.objects.filter(seed_item__startswith=NEW):
        feed.seed_item = OLD + feed.seed_item[len(NEW) :]
        feed.save(update_fields=["seed_item"])


class Migration(migrations.Migration):
    dependencies = [("alerts", "0010_feedupload_nil_return")]

    operations = [migrations.RunPython(forwards, backwards)]
