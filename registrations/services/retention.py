"""Personal data kept only as long as promised: the rules the daily `apply_retention`
command applies, each idempotent (running it twice changes nothing more).

- needs (accessibility, diet) and the answers to questions marked sensitive are erased the
  day after the event;
- registrations are anonymised `Event.retention_months_effective` months after their event
  (the event's duration, else its organiser's, else the portal's, within the bounds of the
  settings): whatever identifies the person goes, what the activity figures count stays
  (category, territory, attendance mode, status, check-ins per half-day, ateliers, walk-in,
  working group), so the figures of an anonymised event are the same as before; free-text
  registration answers go (they may say who wrote them), choice, yes/no and number answers
  stay; evaluation answers, when the questionnaire was not anonymous, lose the link to the
  person and their free texts (ratings and choices stay for the figures);
- accounts whose address was never confirmed are deleted after a few days;
- accounts with no registration and no sign-in for a long time are warned by email, then
  deleted unless their owner signs in.

- opening-notice requests are deleted once sent, after the event, or when left unconfirmed
  (services/notices.py).
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from events.caching import registrations_name
from events.models import Event, TeamMember, add_months
from quartiers2030 import pagecache
from quartiers2030.tasks import enqueue_on_commit
from quartiers2030.text import search_text

from ..enums import FREE_TEXT_KINDS, PersonalDataAction
from ..models import Answer, CheckIn, InactiveAccountWarning, Registration
from . import trail
from .evaluation import evaluation_detach
from .notices import opening_notices_purge

ANONYMOUS_NAME = "Anonyme"


def needs_purge(*, today: dt.date, now: dt.datetime) -> int:
    """Erase the needs, and the answers to sensitive questions, of the registrations of
    events that are over (from the day after). Returns how many registrations had some."""
    due = Registration.objects.filter(event__date__lt=today, needs_purged_at__isnull=True)
    sensitive = _sensitive_answers().filter(registration=OuterRef("pk"))
    per_event = dict(
        due.filter(~Q(accessibility_needs="", diet="") | Exists(sensitive))
        .values("event")
        .annotate(people=Count("pk"))
        .values_list("event", "people")
    )
    _sensitive_answers().filter(registration__in=due).delete()
    due.update(accessibility_needs="", diet="", needs_purged_at=now)
    for event in Event.objects.filter(pk__in=per_event).order_by("pk"):
        trail.access_record(
            user=None, action=PersonalDataAction.NEEDS_PURGE, event=event, count=per_event[event.pk]
        )
    return sum(per_event.values())


def _sensitive_answers():
    """Marked sensitive when answered, or since (the question's flag, while it exists)."""
    return Answer.objects.filter(Q(sensitive=True) | Q(question__sensitive=True))


def anonymise(registrations, *, now: dt.datetime) -> int:
    """Remove from `registrations` everything that identifies a person; keep what the
    figures count. The e-mail and token become unique non-addresses (both columns are
    unique per event or overall); the personal videoconference link, signed with the
    token, stops working with it. Free-text and sensitive answers are deleted, the others
    kept (what the organiser counts). Remote presences keep their half-day, first connection
    and minutes, as door check-ins keep theirs (the figures), and lose their departure
    time and the staff member who imported them. Returns how many were anonymised."""
    pk = Cast("pk", output_field=CharField())
    due = registrations.filter(anonymised_at__isnull=True)
    CheckIn.objects.remote().filter(registration__in=due).update(left_at=None, checked_by=None)
    Answer.objects.filter(registration__in=due).filter(
        Q(kind__in=FREE_TEXT_KINDS) | Q(sensitive=True) | Q(question__sensitive=True)
    ).delete()
    evaluation_detach(due)
    # update() sends no signal: the anonymous event page counts those listed.
    pagecache.bump(*map(registrations_name, due.values_list("event", flat=True).distinct()))
    return due.update(
        civility="",
        first_name="",
        last_name=ANONYMOUS_NAME,
        # update() bypasses save(), which keeps the folded search column.
        search_name=search_text(ANONYMOUS_NAME),
        email=Concat(Value("anonyme-"), pk, Value("@anonymise.invalid")),
        phone="",
        organisation="",
        function="",
        accessibility_needs="",
        diet="",
        needs_purged_at=now,
        image_consent=False,
        list_consent=False,
        token=Concat(Value("anonyme-"), pk),
        user=None,
        anonymised_at=now,
    )


def events_to_anonymise(*, today: dt.date) -> list[Event]:
    """Events whose retention has run out and that still hold identifiable registrations.
    The durations differ per event and organiser: the candidates (older than the shortest
    allowed duration) are read once, the date compared here."""
    oldest_due = add_months(today, -settings.RETENTION_MONTHS_MIN)
    pending = Registration.objects.filter(event=OuterRef("pk"), anonymised_at__isnull=True)
    candidates = (
        Event.objects.filter(date__lte=oldest_due)
        .filter(Exists(pending))
        .select_related("organiser")
    )
    return [event for event in candidates if event.personal_data_kept_until <= today]


def registrations_anonymise_due(*, today: dt.date, now: dt.datetime) -> tuple[int, int]:
    """(events, registrations) anonymised."""
    events = events_to_anonymise(today=today)
    total = 0
    for event in events:
        count = anonymise(Registration.objects.filter(event=event), now=now)
        trail.access_record(
            user=None,
            action=PersonalDataAction.ANONYMISATION,
            event=event,
            count=count,
            detail=f"{event.retention_months_effective} mois",
        )
        total += count
    return len(events), total


def _unused_accounts():
    """Accounts that are nobody's staff and hold no registration (by link or address)."""
    User = get_user_model()
    registered = Registration.objects.filter(
        Q(user=OuterRef("pk")) | Q(email__iexact=OuterRef("email"))
    )
    return User.objects.filter(is_staff=False, is_superuser=False).exclude(
        Exists(registered) | Exists(TeamMember.objects.filter(user=OuterRef("pk")))
    )


def unverified_accounts_delete(*, now: dt.datetime) -> int:
    from allauth.account.models import EmailAddress

    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    stale = _unused_accounts().filter(
        date_joined__lt=now - dt.timedelta(days=settings.UNVERIFIED_ACCOUNT_DAYS)
    )
    return _users_deleted(stale.exclude(Exists(verified)))


def _users_deleted(users) -> int:
    """Delete the accounts (their addresses, profiles… go with them); how many accounts."""
    _total, by_model = users.delete()
    return by_model.get(get_user_model()._meta.label, 0)


def inactive_accounts(*, now: dt.datetime):
    """Unused accounts nobody signed in to for INACTIVE_ACCOUNT_MONTHS."""
    limit = now - dt.timedelta(days=30 * settings.INACTIVE_ACCOUNT_MONTHS)
    return _unused_accounts().filter(
        Q(last_login__lt=limit) | Q(last_login__isnull=True, date_joined__lt=limit)
    )


def inactive_accounts_warn(*, now: dt.datetime) -> int:
    """Warn (once) the owners of inactive accounts; a warning is forgotten when its owner
    signs in again (then the account is active)."""
    from ..tasks import send_inactivity_warning

    InactiveAccountWarning.objects.filter(user__last_login__gt=F("sent_at")).delete()
    to_warn = list(
        inactive_accounts(now=now)
        .exclude(inactivity_warning__isnull=False)
        .values_list("pk", flat=True)
    )
    InactiveAccountWarning.objects.bulk_create(
        InactiveAccountWarning(user_id=pk, sent_at=now) for pk in to_warn
    )
    for pk in to_warn:
        enqueue_on_commit(send_inactivity_warning, user_id=pk)
    return len(to_warn)


def inactive_accounts_delete(*, now: dt.datetime) -> int:
    """Delete the inactive accounts warned long enough ago."""
    warned = now - dt.timedelta(days=settings.INACTIVE_ACCOUNT_WARNING_DAYS)
    return _users_deleted(
        inactive_accounts(now=now).filter(inactivity_warning__sent_at__lte=warned)
    )


def retention_apply(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Apply every rule; returns the counts by kind (all zero on a second run)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {}
    with transaction.atomic():
        counts["needs_purged"] = needs_purge(today=today, now=now)
        counts["events_anonymised"], counts["registrations_anonymised"] = (
            registrations_anonymise_due(today=today, now=now)
        )
        counts["opening_notices_deleted"] = opening_notices_purge(now=now)
        counts["unverified_accounts_deleted"] = unverified_accounts_delete(now=now)
        counts["inactive_accounts_deleted"] = inactive_accounts_delete(now=now)
        counts["inactive_accounts_warned"] = inactive_accounts_warn(now=now)
        counts["trail_entries_deleted"] = trail.access_trail_purge(now=now)
    return counts
