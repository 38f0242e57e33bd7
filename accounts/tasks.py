from celery import shared_task

from accounts.services import sessions_clear_expired
from accounts.sessions import sessions_clean_up


@shared_task(name="accounts.tasks.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """The expired sessions deleted (their number returned), then the session lists' rows of sessions gone."""
    deleted = sessions_clear_expired()
    sessions_clean_up()
    return deleted
