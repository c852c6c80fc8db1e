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

from events.models import TeamMember
from events.scoping import Can, is_superuser, organiser_ids_for

logger = logging.getLogger(__name__)


class SecondFactorResetDenied(Exception):
    """`message` is said to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def may_reset_second_factor(by, user=None) -> bool:
    """Superusers reset anyone's; an organisation's administrators reset those of their
    team's members (`user` None: whether `by` may reset anybody's at all)."""
    if is_superuser(by):
        return True
    teams = organiser_ids_for(by, Can.MANAGE_TEAM)
    if user is None:
        return bool(teams)
    return TeamMember.objects.filter(user=user, organiser_id__in=teams).exists()


@transaction.atomic
def second_factor_reset(*, user, by) -> int:
    """Delete every authenticator of `user` (app, recovery codes, security keys); returns how
    many were deleted."""
    if not may_reset_second_factor(by, user):
        raise SecondFactorResetDenied(
            _(
                "Seuls les administrateur·rices de son équipe ou du portail peuvent "
                "réinitialiser cette double authentification."
            )
        )
    deleted, _by_model = Authenticator.objects.filter(user=user).delete()
    logger.warning("Second factor of user %s reset by user %s (%s).", user.pk, by.pk, deleted)
    return deleted
