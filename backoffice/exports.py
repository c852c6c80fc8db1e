"""Participant lists: the full list for the organising team (CSV, XLSX) and the public list of
people who agreed to appear on it.

Rows are built here; the files are written by `quartiers2030.exports`, which neutralises every
cell. People are sorted by last name then first name, ignoring case and accents ("Élise" next to
"Emma", "de Vries" next to "DUPONT"), the same way on SQLite and PostgreSQL.
"""

from collections.abc import Iterable

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import HalfDay, SlotKind
from events.models import Event, ProgrammeSlot
from quartiers2030 import exports
from registrations.enums import Attendance, Category, Civility, RegistrationStatus
from registrations.models import Registration, WorkshopChoice
from registrations.selectors import name_key


def _labels(choices) -> dict[str, str]:
    """{value: label} translated once per export: `get_FOO_display()` would translate every
    label of the enum for every row (half the time of a 1,000-row export)."""
    return {value: str(label) for value, label in choices.choices}


def _slot_time(slot: ProgrammeSlot) -> str:
    return f"{slot.start.hour}h{slot.start.minute:02d}"


def _workshop_slots(event_ids) -> list[ProgrammeSlot]:
    if not event_ids:
        return []
    return list(
        ProgrammeSlot.objects.filter(event_id__in=event_ids, kind=SlotKind.WORKSHOPS)
        .select_related("event", "room")
        .order_by("event__date", "event_id", "start", "end", "pk")
    )


def participants_rows(
    registrations: Iterable[Registration], *, event: Event | None = None
) -> tuple[list[str], list[list]]:
    """(header, rows) of the participant list, one row per registration, sorted by name.

    `registrations` is a queryset or any iterable of registrations; their ateliers are fetched
    here, so the number of queries does not depend on how many there are (three). The ateliers
    columns are the ateliers slots of the registrations' events, and of `event` if given (so an
    event without registrations still gets its columns). When the registrations span several
    events, each ateliers column names its event.
    """
    registrations = list(registrations)
    prefetch_related_objects(
        registrations,
        Prefetch(
            "choices",
            queryset=WorkshopChoice.objects.select_related("workshop__room"),
            to_attr="export_choices",
        ),
        "checkins",
        "working_group",
    )
    registrations.sort(key=name_key)
    event_ids = {r.event_id for r in registrations} | ({event.pk} if event else set())
    slots = _workshop_slots(event_ids)

    header = [
        _("Civilité"),
        _("Nom"),
        _("Prénom"),
        _("Adresse électronique"),
        _("Téléphone"),
        _("Structure"),
        _("Fonction"),
        _("Catégorie"),
        _("Territoire"),
        _("Participation"),
        _("Déjeuner"),
        _("Besoins d'accessibilité"),
        _("Régime alimentaire"),
        _("Droit à l'image"),
        _("Liste des participants"),
        _("Statut"),
        _("Inscrit·e par l'équipe"),
        _("Inscrit·e le"),
        _("Annulée le"),
    ]
    for slot in slots:
        title = _("Ateliers %(time)s — %(title)s") % {"time": _slot_time(slot), "title": slot.title}
        if len(event_ids) > 1:
            title = f"{title} ({slot.event.title})"
        header.append(title)
    header += [
        _("Venu·e sans inscription"),
        _("Groupe de travail"),
        *(_("Présent·e : %(half_day)s") % {"half_day": label} for label in HalfDay.labels),
    ]

    civilities = _labels(Civility) | {Civility.NONE.value: ""}
    categories, attendances = _labels(Category), _labels(Attendance)
    statuses = _labels(RegistrationStatus)
    yes_no = {True: _("oui"), False: _("non")}
    rows = []
    for r in registrations:
        chosen = {choice.slot_id: choice.workshop for choice in r.export_choices}
        row = [
            civilities.get(r.civility, r.civility),
            r.last_name,
            r.first_name,
            r.email,
            exports.french_phone(r.phone),
            r.organisation,
            r.function,
            categories.get(r.category, r.category),
            r.territory,
            attendances.get(r.attendance, r.attendance),
            yes_no[r.lunch],
            r.accessibility_needs,
            r.diet,
            yes_no[r.image_consent],
            yes_no[r.list_consent],
            statuses.get(r.status, r.status),
            yes_no[r.registered_by_staff],
            timezone.localtime(r.created_at) if r.created_at else None,
            timezone.localtime(r.cancelled_at) if r.cancelled_at else None,
        ]
        for slot in slots:
            workshop = chosen.get(slot.pk)
            if workshop is None:
                row.append("")
                continue
            room = workshop.room or slot.room
            row.append(f"{workshop.title} ({room.name})" if room else workshop.title)
        # The arrival time of each half-day, empty for someone not seen at the door.
        arrivals = {checkin.half_day: checkin.checked_at for checkin in r.checkins.all()}
        row += [
            yes_no[r.walk_in],
            str(r.working_group) if r.working_group else "",
            *(
                timezone.localtime(arrivals[half_day]) if half_day in arrivals else None
                for half_day in HalfDay.values
            ),
        ]
        rows.append(row)
    return header, rows


def participants_csv(registrations: Iterable[Registration], *, event: Event | None = None) -> bytes:
    return exports.csv_bytes(*participants_rows(registrations, event=event))


def participants_xlsx(
    registrations: Iterable[Registration], *, event: Event | None = None
) -> bytes:
    header, rows = participants_rows(registrations, event=event)
    return exports.xlsx_bytes(header, rows, sheet_title=_("Participant·es"))
