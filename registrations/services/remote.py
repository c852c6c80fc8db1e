"""Remote presence: recorded by the personal join link, or imported from the
videoconference tool's attendance report. Both write CheckIn rows (mode "remote"), one per
half-day, the same rows as the door's: attestations and figures read one place.

A presence at the door wins: an on-site check-in of a half-day is never turned into a
remote one (someone who came after following the morning remotely is on site)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event

from .. import remote
from ..enums import Attendance, PresenceMode, PresenceSource, RegistrationStatus
from ..errors import RegistrationError
from ..models import CheckIn, Registration
from .locks import lock_event


class RemoteJoinRefused(RegistrationError):
    pass


@dataclass(frozen=True)
class JoinOutcome:
    """What a click on the join link did: `checkin` is the half-day's presence (None
    outside the windows), `created` whether this click recorded it; `next_window` the
    next stream when none is on."""

    checkin: CheckIn | None
    created: bool
    next_window: remote.StreamWindow | None = None
    windows: tuple = ()


def remote_join_record(
    *, registration: Registration, now: dt.datetime | None = None
) -> JoinOutcome:
    """Record the remote presence of the half-day being streamed, once.

    Raises RemoteJoinRefused for a registration that is not a confirmed remote one, or an
    event that cannot be followed remotely."""
    now = now or timezone.now()
    event = registration.event
    if not event.remote_attendance or event.is_cancelled:
        raise RemoteJoinRefused(_("Cet événement ne peut pas être suivi à distance."))
    if registration.attendance != Attendance.REMOTE:
        raise RemoteJoinRefused(_("Votre inscription est une participation sur place."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RemoteJoinRefused(_("Votre inscription n'est pas confirmée."))
    slots = list(event.slots.all())
    windows = remote.stream_windows(event, slots)
    window = remote.current_window(windows, now)
    if window is None:
        return JoinOutcome(None, False, remote.next_window(windows, now), tuple(windows))
    spans = remote.stream_spans(event, slots)
    defaults = {
        "mode": PresenceMode.REMOTE,
        "source": PresenceSource.JOIN_LINK,
        "checked_at": now,
        "minutes": remote.streamed_minutes(spans, window.half_day),
    }
    try:
        with transaction.atomic():
            checkin, created = CheckIn.objects.get_or_create(
                registration=registration, half_day=window.half_day, defaults=defaults
            )
    except IntegrityError:  # two clicks at once: the other one recorded it
        checkin = CheckIn.objects.get(registration=registration, half_day=window.half_day)
        created = False
    return JoinOutcome(checkin, created, None, tuple(windows))


@dataclass
class ImportResult:
    people: int = 0  # registrations with at least one presence recorded or updated
    created: int = 0
    updated: int = 0
    on_site: int = 0  # half-days already checked in at the door: left as they are


def remote_report_apply(
    *,
    event: Event,
    presences: Iterable[tuple[int, list[tuple[dt.datetime, dt.datetime]]]],
    by=None,
) -> ImportResult:
    """Record the connections of a confirmed import: `presences` is (registration pk,
    [(joined, left), …]) per person. One transaction; importing the same report twice
    changes nothing more. Registrations of another event, not confirmed, or anonymised
    since the preview are ignored."""
    result = ImportResult()
    with transaction.atomic():
        event = lock_event(event)
        slots = list(event.slots.all())
        spans = remote.stream_spans(event, slots)
        wanted: dict[int, list] = {}
        for pk, intervals in presences:
            wanted.setdefault(pk, []).extend(intervals)
        registrations = (
            Registration.objects.filter(
                event=event, pk__in=wanted, status=RegistrationStatus.CONFIRMED
            )
            .identifiable()
            .select_for_update()
        )
        existing = {
            (c.registration_id, c.half_day): c
            for c in CheckIn.objects.filter(registration__in=list(wanted))
        }
        for registration in registrations:
            intervals = wanted[registration.pk]
            minutes = remote.followed_minutes(intervals, spans)
            touched = False
            for half, followed in minutes.items():
                if followed <= 0:
                    continue
                in_half = [
                    (max(start, s0), min(end, s1))
                    for start, end in intervals
                    for s0, s1 in spans[half]
                    if min(end, s1) > max(start, s0)
                ]
                values = {
                    "mode": PresenceMode.REMOTE,
                    "source": PresenceSource.REPORT,
                    "checked_at": min(start for start, _end in in_half),
                    "left_at": max(end for _start, end in in_half),
                    "minutes": followed,
                    "checked_by": by,
                }
                checkin = existing.get((registration.pk, half))
                if checkin is None:
                    CheckIn.objects.create(registration=registration, half_day=half, **values)
                    result.created += 1
                elif checkin.mode == PresenceMode.ON_SITE:
                    result.on_site += 1
                    continue
                else:
                    for name, value in values.items():
                        setattr(checkin, name, value)
                    checkin.save()
                    result.updated += 1
                touched = True
            result.people += touched
    return result
