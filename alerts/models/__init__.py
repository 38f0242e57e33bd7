from alerts.models.alerts import Alert, FeedLateNotice, UnregisteredEntry, UnregisteredPerson, UnregisteredRule
from alerts.models.feeds import AlertRule, FeedCadence, FeedColumn, FeedType
from alerts.models.uploads import FeedUpload

__all__ = [
    "Alert",
    "AlertRule",
    "FeedCadence",
    "FeedColumn",
    "FeedLateNotice",
    "FeedType",
    "FeedUpload",
    "UnregisteredEntry",
    "UnregisteredPerson",
    "UnregisteredRule",
]
