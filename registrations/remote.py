"""Remote attendance (hybrid days): the personal join link and the stream's windows.

- Each confirmed remote registrant gets a personal link, `/visio/<token>/`, instead of the
  raw videoconference URL (which stays in the admin). The token is `<pk>-<HMAC of the pk
  and the registration's management token>`: nothing is stored, and since anonymisation
  replaces the management token, the link of an anonymised registration stops working.
- The link leads to the videoconference only within the streamed slots of the programme
  plus the organiser's margin (`Event.stream_margin`); each window belongs to the
  half-day of its slot (`ProgrammeSlot.half_day`). Outside them the page says when the
  stream starts.
- What a remote presence is worth in minutes: the part of the connections that overlaps
  the streamed slots (`followed_minutes`); with only the join link, the streamed slots'
  length of that half-day (`streamed_minutes`).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from events.enums import HalfDay
from events.models import Event, ProgrammeSlot

from .models import Registration

SALT = "q2030-visio-join"
SIGNATURE_LENGTH = 32


def _signature(registration: Registration, secret) -> str:
    payload = f"{registration.pk}.{registration.token}"
    digest = salted_hmac(SALT, payload, secret=secret, algorithm="sha256").hexdigest()
    return digest[:SIGNATURE_LENGTH]


def join_token(registration: Registration) -> str:
    return f"{registration.pk}-{_signature(registration, settings.SECRET_KEY)}"


def join_path(registration: Registration) -> str:
    return reverse("registrations:visio", kwargs={"token": join_token(registration)})


def registration_for_join_token(token: str) -> Registration | None:
    """The registration a join link was made for; None when the token is unknown, forged,
    or of an anonymised registration."""
    pk, _sep, signature = token.partition("-")
    if not pk.isdigit() or len(signature) != SIGNATURE_LENGTH:
        return None
    registration = (
        Registration.objects.identifiable()
        .select_related("event__organiser")
        .filter(pk=int(pk))
        .first()
    )
    if registration is None:
        return None
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    if any(constant_time_compare(signature, _signature(registration, s)) for s in secrets):
        return registration
    return None


# --- The stream's windows ------------------------------------------------------------------


@dataclass(frozen=True)
class StreamWindow:
    """When the join link works: one streamed slot (or several overlapping ones, margin
    included), in one half-day."""

    half_day: HalfDay
    opens: dt.datetime
    closes: dt.datetime
    starts: dt.datetime  # the stream itself, without the margin
    ends: dt.datetime


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


def streamed_slots(event: Event) -> list[ProgrammeSlot]:
    return list(event.slots.filter(streamed=True).order_by("start", "end"))


def stream_windows(
    event: Event, slots: Iterable[ProgrammeSlot] | None = None
) -> list[StreamWindow]:
    """The windows of the join link, in time order."""
    slots = streamed_slots(event) if slots is None else [s for s in slots if s.streamed]
    margin = dt.timedelta(minutes=event.stream_margin)
    windows: list[StreamWindow] = []
    for slot in sorted(slots, key=lambda s: (s.start, s.end)):
        starts, ends = _aware(event.date, slot.start), _aware(event.date, slot.end)
        last = windows[-1] if windows else None
        if last and last.half_day == slot.half_day and starts - margin <= last.closes:
            windows[-1] = StreamWindow(
                last.half_day, last.opens, max(last.closes, ends + margin), last.starts,
                max(last.ends, ends),
            )  # fmt: skip
            continue
        windows.append(StreamWindow(slot.half_day, starts - margin, ends + margin, starts, ends))
    return windows


def current_window(windows: list[StreamWindow], now: dt.datetime) -> StreamWindow | None:
    return next((w for w in windows if w.opens <= now <= w.closes), None)


def next_window(windows: list[StreamWindow], now: dt.datetime) -> StreamWindow | None:
    return next((w for w in windows if now < w.opens), None)


def _intervals_union(intervals: Iterable[tuple[dt.datetime, dt.datetime]]):
    merged: list[list[dt.datetime]] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _overlap_seconds(intervals, spans) -> float:
    total = 0.0
    for start, end in _intervals_union(intervals):
        for span_start, span_end in spans:
            low, high = max(start, span_start), min(end, span_end)
            if high > low:
                total += (high - low).total_seconds()
    return total


def stream_spans(event: Event, slots: Iterable[ProgrammeSlot] | None = None) -> dict:
    """{half-day: [(start, end), …]} of what was streamed (aware datetimes, merged). An
    event with no slot marked as streamed counts its half-days' hours (see
    attestations.half_day_hours): a remote participant then followed the whole day."""
    from .attestations import half_day_hours

    slots = list(event.slots.all()) if slots is None else list(slots)
    streamed = [s for s in slots if s.streamed]
    spans: dict[str, list] = {half: [] for half in HalfDay}
    if streamed:
        for slot in streamed:
            spans[slot.half_day].append(
                (_aware(event.date, slot.start), _aware(event.date, slot.end))
            )
    else:
        for half, (start, end) in half_day_hours(event, slots).items():
            spans[half].append((_aware(event.date, start), _aware(event.date, end)))
    return {half: [tuple(i) for i in _intervals_union(found)] for half, found in spans.items()}


def followed_minutes(intervals, spans: dict) -> dict[str, int]:
    """{half-day: whole minutes} of the connections `intervals` [(joined, left)] that
    overlap what was streamed in each half-day (`stream_spans`). Overlapping connections
    (two devices, a reconnection) count once; a connection across noon counts in both
    half-days for the part in each."""
    return {half: int(_overlap_seconds(intervals, spans[half]) // 60) for half in HalfDay}


def streamed_minutes(spans: dict, half_day: str) -> int:
    return int(sum((end - start).total_seconds() for start, end in spans[half_day]) // 60)
