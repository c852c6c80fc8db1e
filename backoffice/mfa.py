"""Resetting a team member's second factor, for whoever lost their phone and their recovery
codes (templates/backoffice/lost_phone.html tells them whom to ask).

After a reset the member signs in by emailed code (or password) alone, and is sent at once to
set an authenticator app up again (backoffice/middleware.py): the reset opens no lasting way in
without a second factor.
"""

import logging

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class SecondFactorResetDenied(Exception):
    """`message` is said to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def may_reset_second_factor(by) -> bool:
    # Superusers only for now: organisation administrators will get it, for their own team,
    # through the scoping layer (events.scoping, Can.MANAGE_TEAM) when the admin is scoped.
    return bool(by.is_active and by.is_superuser)


@transaction.atomic
def second_factor_reset(*, user, by) -> int:
    """Delete every authenticator of `user` (app, recovery codes, security keys); returns how
    many were deleted."""
    if not may_reset_second_factor(by):
        raise SecondFactorResetDenied(
            _("Seul un administrateur du portail peut réinitialiser une double authentification.")
        )
    deleted, _by_model = Authenticator.objects.filter(user=user).delete()
    logger.warning("Second factor of user %s reset by user %s (%s).", user.pk, by.pk, deleted)
    return deleted
