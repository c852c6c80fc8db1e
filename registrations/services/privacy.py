"""The participant's own data: everything the portal holds about them, and deleting it."""

import datetime as dt

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import TeamMember

from ..enums import PersonalDataAction
from ..errors import RegistrationError
from ..models import OpeningNotice, Profile, Registration, WorkshopChoice
from . import trail
from .registering import registration_cancel
from .retention import anonymise


def _registrations_of(user):
    return Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def _value(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def personal_data_export(*, user) -> dict:
    """Everything the portal holds about `user`, as plain values (written as JSON)."""
    from allauth.account.models import EmailAddress

    trail.access_record(user=user, action=PersonalDataAction.PARTICIPANT_EXPORT, count=1)
    profile = Profile.objects.filter(user=user).first()
    registrations = (
        _registrations_of(user)
        .select_related("event__organiser", "working_group")
        .prefetch_related(
            Prefetch("choices", queryset=WorkshopChoice.objects.select_related("workshop", "slot")),
            "checkins",
            "sent_emails",
            "answers",
        )
        .order_by("event__date", "pk")
    )
    return {
        "compte": {
            "adresse": user.email,
            "cree_le": _value(user.date_joined),
            "derniere_connexion": _value(user.last_login),
            "adresses": [
                {"adresse": a.email, "verifiee": a.verified}
                for a in EmailAddress.objects.filter(user=user)
            ],
        },
        "profil": {name: getattr(profile, name) for name in Profile.PARTICIPANT_FIELDS}
        if profile
        else None,
        "inscriptions": [_registration(r) for r in registrations],
        "alertes_ouverture": [
            {"evenement": n.event.title, "demandee_le": _value(n.created_at)}
            for n in OpeningNotice.objects.filter(email__iexact=user.email).select_related("event")
        ],
    }


def _registration(registration: Registration) -> dict:
    event = registration.event
    fields = [
        *Registration.PARTICIPANT_FIELDS, "email", "attendance", "lunch", "accessibility_needs",
        "diet", "image_consent", "list_consent", "status", "walk_in", "created_at",
        "cancelled_at", "needs_purged_at",
    ]  # fmt: skip
    return {
        "evenement": {
            "titre": event.title,
            "date": _value(event.date),
            "organisateur": str(event.organiser),
        },
        **{name: _value(getattr(registration, name)) for name in fields},
        "ateliers": [
            {"temps": _value(c.slot.start), "atelier": c.workshop.title}
            for c in registration.choices.all()
        ],
        "reponses": [{"question": a.label, "reponse": a.value} for a in registration.answers.all()],
        "emargements": [
            {"demi_journee": c.half_day, "arrivee": _value(c.checked_at)}
            for c in registration.checkins.all()
        ],
        "courriels_envoyes": [
            {"type": e.kind, "le": _value(e.sent_at)} for e in registration.sent_emails.all()
        ],
        "groupe_de_travail": str(registration.working_group or ""),
        "anonymisee_le": _value(event.personal_data_kept_until),
    }


class AccountDeletionRefused(RegistrationError):
    pass


@transaction.atomic
def account_delete(*, user) -> dict[str, int]:
    """Delete the account: upcoming registrations are cancelled through the normal service
    (the waiting list moves up, nobody is emailed), the others anonymised at once, opening
    notices dropped, then the account itself (profile, addresses, authenticators go with
    it). Staff accounts are closed by an administrator, not here."""
    if user.is_staff or user.is_superuser or TeamMember.objects.filter(user=user).exists():
        raise AccountDeletionRefused(
            _(
                "Votre compte fait partie d'une équipe d'organisation : demandez à son "
                "administrateur·rice de vous retirer de l'équipe avant de le supprimer."
            )
        )
    today = timezone.localdate()
    upcoming = _registrations_of(user).active().filter(event__date__gte=today)
    cancelled = 0
    for registration in upcoming.select_related("event"):
        registration_cancel(registration=registration, notify=False)
        cancelled += 1
    concerned = _registrations_of(user).count()
    anonymised = anonymise(_registrations_of(user), now=timezone.now())
    notices, _by_model = OpeningNotice.objects.filter(email__iexact=user.email).delete()
    trail.access_record(user=user, action=PersonalDataAction.ACCOUNT_DELETION, count=concerned)
    user.delete()
    return {"cancelled": cancelled, "anonymised": anonymised, "notices": notices}
