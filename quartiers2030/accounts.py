"""allauth's account adapter: what the project changes in allauth's behaviour, and why."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import RequestLoginCodeForm as BaseRequestLoginCodeForm
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


class RequestLoginCodeForm(BaseRequestLoginCodeForm):
    """ "Recevoir un code" works for any address: one path for new and returning people.

    allauth mails "no account for this address" to an unknown address, a dead end for
    someone who came from an event's "M'inscrire": here the account is created on the spot
    (an unconfirmed address, no password) and the code is sent, so typing the code signs the
    person in, confirms the address and follows `next` back to the registration form. The
    page says the same for known and unknown addresses (nothing tells which exist); the rate
    limits still apply (allauth's, checked before), and an account whose address is never
    confirmed is deleted after a few days (apply_retention)."""

    def clean_email(self) -> str:
        email = super().clean_email()
        if email and self._user is None:
            self._user = account_for(email)
        return email


def account_for(email: str):
    """The account of `email`, created (unconfirmed, without password) when there is none."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.utils.text import slugify

    User = get_user_model()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing
    base = slugify(email.split("@")[0])[:120] or "participant"
    username, n = base, 2
    while User.objects.filter(username=username).exists():
        username, n = f"{base}-{n}", n + 1
    user = User.objects.create_user(username=username, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    return user
