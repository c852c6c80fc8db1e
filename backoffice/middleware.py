"""Staff who must sign in with a second factor set it up before any admin or staff page.

allauth asks for the second factor at every login of an account that has one (by emailed code
as well as by password: its MFA login stage runs after both). What it cannot know is who *must*
have one: `events.scoping.requires_second_factor` says so (superusers and every team role but
"partenaire (lecture)"). So a staff user without an authenticator app is sent from every
`/admin/` and `/staff/` page to allauth's TOTP activation page, with a `next` back to the page
they asked for; the recovery codes page, shown right after the activation, links back to it.

Everything else goes through untouched: the public site, "Mon espace", allauth's pages (login,
the second factor's own pages, logout), static files. Participants and partners are never
stopped. Off when `settings.MFA_REQUIRED_FOR_STAFF` is False (tests that log staff in with
`force_login`).
"""

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from events.scoping import requires_second_factor

# Where the pending `next` waits while the staff user sets the app up (read back by
# templates/mfa/recovery_codes/index.html and templates/mfa/index.html).
NEXT_SESSION_KEY = "backoffice_mfa_next"
STAFF_PREFIX = "/staff/"
# Types that count as a second factor: recovery codes alone are only a fallback.
SECOND_FACTOR_TYPES = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def is_protected_path(path: str) -> bool:
    """The organising team's pages: the admin (but its logout) and the staff pages."""
    admin_prefix = reverse("admin:index")
    if path == reverse("admin:logout"):
        return False
    return path.startswith(admin_prefix) or path.startswith(STAFF_PREFIX)


def lacks_required_second_factor(user) -> bool:
    return (
        user.is_authenticated
        and requires_second_factor(user)
        and not is_mfa_enabled(user, SECOND_FACTOR_TYPES)
    )


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.MFA_REQUIRED_FOR_STAFF
            and is_protected_path(request.path)
            and lacks_required_second_factor(request.user)
        ):
            return self.setup_redirect(request)
        return self.get_response(request)

    def setup_redirect(self, request):
        next_url = request.get_full_path()
        # Kept in the session too: allauth's activation view ignores `next` and ends on the
        # recovery codes page, whose "Continuer" button goes back here. Only paths this
        # middleware saw are stored, never a user-supplied URL.
        request.session[NEXT_SESSION_KEY] = next_url
        return HttpResponseRedirect(
            f"{reverse('mfa_activate_totp')}?{urlencode({'next': next_url})}"
        )
