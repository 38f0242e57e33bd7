"""The username rule, one for every way an account is made (the admin's add form, the bulk import, the services):
letters and digits of the Latin alphabet and @ . + - _, beginning with a letter or a digit. Django's own validator
takes any script's letters, so the admin took 张三 while the import refused it. Full-width letters (ｗａｎｇ) are
letters: they are read as the account will store them (User.normalize_username, NFKC: wang)."""

from django.core.exceptions import ValidationError

from accounts.models import User

MSG_USERNAME_FORMAT = (
    "“{value}”不是有效的用户名：只能由字母、数字和 @ . + - _ 组成，以字母或数字开头，不超过 {n} 个字符"
)
HELP_USERNAME = "登录用的账号：只能由字母、数字和 @ . + - _ 组成，以字母或数字开头（不能用汉字），全县唯一。"


def username_limit() -> int:
    return int(User._meta.get_field("username").max_length or 150)


def username_error(username: str) -> str:
    """The message for a username (as normalize_username gives it) that breaks the rule, or ""."""
    try:
        for validator in User._meta.get_field("username").validators:
            validator(username)
        if not username.isascii():
            raise ValidationError("not ascii")
        if not username[:1].isalnum():
            # A leading = + - @ would read as a formula where the password list is opened.
            raise ValidationError("leading symbol")
    except ValidationError:
        return MSG_USERNAME_FORMAT.format(value=username, n=username_limit())
    return ""
