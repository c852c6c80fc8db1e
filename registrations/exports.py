"""Participant lists: the full list for the organising team (CSV, XLSX) and the public list of
people who agreed to appear on it.

Rows are built here; the files are written by `quartiers2030.exports`, which neutralises every
cell. People are sorted by last name then first name, ignoring case and accents ("Élise" next to
"Emma", "de Vries" next to "DUPONT"), the same way on SQLite and PostgreSQL.
"""

import unicodedata
from collections.abc import Iterable

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import SlotKind
from events.models import Event, ProgrammeSlot
from quartiers2030 import exports

from .enums import Attendance, Category, Civility, RegistrationStatus
from .models import Registration, WorkshopChoice


def _collation_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _name_key(last_name: str, first_name: str, pk) -> tuple:
    return (_collation_key(last_name), _collation_key(first_name), pk or 0)


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
    )
    registrations.sort(key=lambda r: _name_key(r.last_name, r.first_name, r.pk))
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
            r.phone,
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
        rows.append(row)
    return header, rows


def participants_csv(registrations: Iterable[Registration], *, event: Event | None = None) -> bytes:
    return exports.csv_bytes(*participants_rows(registrations, event=event))


def participants_xlsx(
    registrations: Iterable[Registration], *, event: Event | None = None
) -> bytes:
    header, rows = participants_rows(registrations, event=event)
    return exports.xlsx_bytes(header, rows, sheet_title=_("Participant·es"))


def public_participants(event: Event) -> list[tuple[str, str]]:
    """(full name, organisation) of the confirmed participants — on site or remote — who
    agreed to appear on the list, sorted by name. Nothing else about them is published."""
    people = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED, list_consent=True
    ).values_list("last_name", "first_name", "organisation", "pk")
    return [
        (f"{first_name} {last_name}".strip(), organisation)
        for last_name, first_name, organisation, _pk in sorted(
            people, key=lambda person: _name_key(*person[:2], person[3])
        )
    ]
