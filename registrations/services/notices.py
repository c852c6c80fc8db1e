""" "Prévenez-moi à l'ouverture", with double opt-in: a request is stored unconfirmed and a
confirmation link is emailed; only a confirmed address is ever sent the opening notice
(emails.send_opening_notice). Nothing is kept longer than needed: `opening_notices_purge`
deletes unconfirmed requests after CONFIRMATION_DAYS, notices once sent and every notice
once its event is over."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import RegistrationState
from events.models import Event

from .. import emails, selectors
from ..errors import OpeningNoticeUnavailable
from ..models import OpeningNotice

CONFIRMATION_DAYS = selectors.NOTICE_CONFIRMATION_DAYS


def opening_notice_unavailable_message(state: RegistrationState) -> str:
    """Why no request is taken for an event in `state` (not in selectors.NOTICE_STATES)."""
    if state in (RegistrationState.OPEN, RegistrationState.FULL):
        return _(
            "Les inscriptions à cet événement sont ouvertes : inscrivez-vous directement. "
            "Aucune alerte n'a été enregistrée."
        )
    if state == RegistrationState.NONE:
        return _(
            "Cet événement n'a pas d'inscription en ligne : aucune alerte n'a été enregistrée."
        )
    return _("Les inscriptions à cet événement sont closes : aucune alerte n'a été enregistrée.")


def opening_notice_request(
    *, event: Event, email: str, now: dt.datetime | None = None
) -> OpeningNotice:
    """Record that `email` wants to hear when registration to `event` opens, unconfirmed,
    and email it the confirmation link (after commit).

    Asking again with an address still unconfirmed sends the link again and restarts the
    time left to confirm; an address already confirmed gets nothing more (nor does the
    caller learn it: the answer to the visitor is the same, so nobody can test whether an
    address asked). Raises OpeningNoticeUnavailable when the event is not waiting for its
    opening."""
    now = now or timezone.now()
    state = selectors.registration_state(event)
    if state not in selectors.NOTICE_STATES:
        raise OpeningNoticeUnavailable(opening_notice_unavailable_message(state))
    with transaction.atomic():
        notice = _locked(event, email)
        if notice is None:
            try:
                with transaction.atomic():
                    notice = OpeningNotice.objects.create(event=event, email=email, created_at=now)
            except IntegrityError:
                # The same address asked twice at the same instant: the other one won.
                notice = _locked(event, email)
                if notice is None:
                    raise
        elif notice.confirmed_at is None:
            notice.created_at = now
            notice.save(update_fields=["created_at"])
        if notice.confirmed_at is None:
            emails.notify_opening_notice_confirmation(notice)
    return notice


def _locked(event: Event, email: str) -> OpeningNotice | None:
    return (
        OpeningNotice.objects.select_for_update().filter(event=event, email__iexact=email).first()
    )


def opening_notice_confirm(*, token: str, now: dt.datetime | None = None) -> OpeningNotice:
    """Confirm the address of the request with `token`. Idempotent: confirming again
    changes nothing. Raises OpeningNotice.DoesNotExist for an unknown token, a request
    purged or one left unconfirmed for more than CONFIRMATION_DAYS."""
    now = now or timezone.now()
    with transaction.atomic():
        notice = (
            OpeningNotice.objects.select_for_update(of=("self",))
            .select_related("event__organiser")
            .get(token=token)
        )
        if selectors.notice_expired(notice, now=now):
            raise OpeningNotice.DoesNotExist
        if notice.confirmed_at is None:
            notice.confirmed_at = now
            notice.save(update_fields=["confirmed_at"])
    return notice


def opening_notices_purge(*, now: dt.datetime) -> int:
    """Delete the requests no longer needed (selectors.opening_notices_to_purge): left
    unconfirmed for more than CONFIRMATION_DAYS, already sent, or of an event that is over.
    Returns how many were deleted."""
    notices = selectors.opening_notices_to_purge(now=now)
    _total, deleted = notices.delete()
    return deleted.get(OpeningNotice._meta.label, 0)
