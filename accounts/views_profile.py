"""个人信息 (/accounts/profile/): every signed-in user reads their own account and changes their own mobile number
(accounts.profile)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.forms_profile import OwnPhoneForm
from accounts.profile import account_facts, user_change_own_phone
from config.forms import run_service

MSG_PHONE_SAVED = "手机号已保存。"
MSG_PHONE_CLEARED = "手机号已清除。"
MSG_PHONE_UNCHANGED = "手机号未修改：与原号码相同。"


def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    before = user.phone
    form = OwnPhoneForm(request.POST or None, initial={"phone": before})
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda: user_change_own_phone(user=user, phone=form.cleaned_data["phone"]))
        if saved is not None:
            said = (
                MSG_PHONE_UNCHANGED if saved.phone == before else MSG_PHONE_SAVED if saved.phone else MSG_PHONE_CLEARED
            )
            messages.success(request, said)
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "account": account_facts(user)})


def _saved_words(before: str, after: str) -> str:
    if after == before:
        return MSG_PHONE_UNCHANGED
    return MSG_PHONE_SAVED if after else MSG_PHONE_CLEARED
