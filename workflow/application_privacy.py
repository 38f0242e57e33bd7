"""The free text of a self-application as the viewer may read it (DOMAIN.md "Privacy"; households.privacy).

What the farmer wrote (困难情况, a supplement's too) and what the village recorded (入户核实情况, 村两委评议意见, the
reason of a decline or a closure, an invalid application's note) quote ID numbers, phones and illnesses: "妻子患乳腺癌
化疗，她身份证…，联系我儿子138…". The fields above them are masked for read-only roles (officials, the approver), so
the text is too, on the page (templatetags.application_text) and in the API (api_applications) alike:

- those who may not read members' health (households.privacy.sees_health) read none of it, as they read no alert
  visit's notes (households.privacy.shown_visit_notes): a diagnosis cannot be told from other words. They read the
  difficulty types (因病, say) and the dates;
- those who read health but see personal numbers masked read it with any ID number and mobile number masked
  (households.privacy.shown_text);
- those who keep the registry read it as written.
"""

from typing import Any

from households.privacy import sees_health, shown_text

TEXT_HIDDEN = "（已隐去：可能涉及健康状况等个人敏感信息，仅办理的工作人员可见）"


def shown_application_text(user: Any, text: str) -> str:
    """One of an application's free texts as `user` may read it ("" stays "")."""
    if not text:
        return text
    if not sees_health(user):
        return TEXT_HIDDEN
    return shown_text(user, text)
