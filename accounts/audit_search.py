"""The audit admin's search of the log by a whole ID number (accounts.selectors._person_events finds the person's
events from it).

The audit admin sees ID numbers masked, and a search that finds events confirms the number it was given, so the
search follows the rule of every role that sees numbers masked (households.services.id_search): each one is
recorded in the audit log (member.search_id_number, category 查看完整身份证号) and at most DAILY_LIMIT a day run,
counted with the same daily counter.

The page keeps the number out of addresses (the server's access log, the browser's history, the page and export
links): its filter form posts, and a whole number is swapped for an opaque token kept in the admin's session, the
address carrying the masked number and the token. Paging, reloading and exporting reuse the token, so one search
is recorded once; the token means nothing in another session."""

import secrets
from typing import Any

from django.http import QueryDict

from config.errors import ApplicationError
from households import idnumber
from households.services.id_search import DAILY_LIMIT, ID_LENGTH, id_search_begin

MSG_AUDIT_TOO_MANY = f"今天按完整身份证号查找已达{DAILY_LIMIT}次，请明天再查"
MSG_SEARCH_EXPIRED = "按完整身份证号查找的结果只在当次登录中可以翻页和导出，请重新输入完整身份证号查找。"
TOKEN = "person"  # the query parameter of the token
_SESSION_KEY = "audit_id_searches"
_KEPT = DAILY_LIMIT  # tokens kept per session: a day's searches


def full_id_number(keyword: str | None) -> str:
    """The keyword as a whole ID number (full-width digits and a lower-case x accepted), or ""."""
    number = idnumber.normalize(keyword or "")
    return number if len(number) == ID_LENGTH and number[:17].isdigit() and number[17] in "0123456789X" else ""


def audit_id_search_begin(*, actor: Any, number: str) -> None:
    """Record the audit admin's search by this whole number; ApplicationError beyond the day's limit."""
    if not id_search_begin(actor, number, in_registry=False):
        raise ApplicationError(MSG_AUDIT_TOO_MANY)


def search_query(*, actor: Any, session: Any, data: QueryDict) -> tuple[QueryDict, str]:
    """The filter form's data (posted, or an address's) as the address to show, and why a search was refused
    ("" if none). A whole ID number as keyword is recorded and replaced by its masked form and a token; a keyword
    still showing a token's masked number keeps the token. Beyond the day's limit the keyword is dropped, nothing
    recorded."""
    query = data.copy()
    query.pop("csrfmiddlewaretoken", None)
    token = query.pop(TOKEN, [""])[-1]
    if number := full_id_number(query.get("q")):
        try:
            audit_id_search_begin(actor=actor, number=number)
        except ApplicationError as error:
            query.pop("q")
            return query, error.message
        token = secrets.token_urlsafe(12)
        searches = {**session.get(_SESSION_KEY, {}), token: number}
        session[_SESSION_KEY] = dict(list(searches.items())[-_KEPT:])
        query["q"] = idnumber.mask(number)
    if searched_number(session, query.get("q", ""), token):
        query[TOKEN] = token
    return query, ""


def searched_number(session: Any, keyword: str, token: str) -> str:
    """The whole number behind a token of this session, while the keyword still shows it masked ("" otherwise)."""
    number = session.get(_SESSION_KEY, {}).get(token, "") if token else ""
    return number if number and idnumber.mask(number) == keyword.strip() else ""
