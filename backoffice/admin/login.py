"""The admin's own login form is no way around the second factor: it sends to allauth's login
(emailed code or password, then the authenticator code), which comes back to `next`."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

# Django's login form stays for settings without the second factor (tests, browser tests).
django_admin_login = admin.site.login


def admin_login(request, extra_context=None):
    if not settings.MFA_REQUIRED_FOR_STAFF:
        return django_admin_login(request, extra_context)
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    return HttpResponseRedirect(
        f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
    )


admin.site.login = admin_login
