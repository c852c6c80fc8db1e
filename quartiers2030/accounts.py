"""allauth's account adapter: what the project changes in allauth's behaviour, and why."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context


def signed_in_recently(request) -> bool:
    """Whether the session's user signed in (emailed code, password, second factor) less than
    ACCOUNT_REAUTHENTICATION_TIMEOUT seconds ago, in this session."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    if not records:
        return False
    return time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT


class AccountAdapter(DefaultAccountAdapter):
    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # allauth.mfa asks to "confirm access" before setting up or changing a second factor,
        # even right after the login, where only a later, separate re-authentication counts.
        # For staff sent to set their app up at their first sign-in, that meant a second
        # emailed code a minute after the first. A sign-in of the last few minutes (the same
        # window as a re-authentication) counts here; later, allauth asks again as usual.
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa" and signed_in_recently(context.request):
            return False
        return required
