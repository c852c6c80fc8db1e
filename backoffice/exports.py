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
from registrations.models import Answer, Question, Registration, WorkshopChoice, answer_text
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


def _question_columns(event_ids, registrations) -> tuple[list[str], list]:
    """(headers, keys) of the answers' columns: one per question of the events, in their
    order, then one per question deleted after people answered it (by its frozen label). A
    question whose label changed after some answers names the label they answered to."""
    questions = list(
        Question.objects.filter(event_id__in=event_ids)
        .select_related("event")
        .order_by("event__date", "event_id", "order", "pk")
    )
    known = {question.pk for question in questions}
    earlier_labels, deleted = {}, {}
    for registration in registrations:
        for answer in registration.export_answers:
            if answer.question_id in known:
                earlier_labels.setdefault(answer.question_id, set()).add(answer.label)
            else:
                deleted.setdefault((registration.event_id, answer.label), registration.event)
    several = len(event_ids) > 1
    headers, keys = [], []
    for question in questions:
        header = question.label
        earlier = sorted(earlier_labels.get(question.pk, set()) - {question.label})
        if earlier:
            header += " " + _("(libellé à la réponse : %(labels)s)") % {
                "labels": " ; ".join(f"« {label} »" for label in earlier)
            }
        if several:
            header = f"{header} ({question.event.title})"
        headers.append(header)
        keys.append(question.pk)
    for (event_id, label), event in sorted(deleted.items(), key=lambda item: item[0]):
        header = _("%(label)s (question supprimée)") % {"label": label}
        if several:
            header = f"{header} ({event.title})"
        headers.append(header)
        keys.append((event_id, label))
    return headers, keys


def _answer_cells(registration, keys) -> list:
    """The registration's answers under `keys` (see _question_columns): numbers as numbers,
    the rest as read by people ("oui", "A ; B")."""
    by_key = {}
    for answer in registration.export_answers:
        key = answer.question_id or (registration.event_id, answer.label)
        value = answer.value
        by_key[key] = (
            value
            if isinstance(value, int | float) and not isinstance(value, bool)
            else answer_text(value)
        )
    return [by_key.get(key, "") for key in keys]


def participants_rows(
    registrations: Iterable[Registration], *, event: Event | None = None
) -> tuple[list[str], list[list]]:
    """(header, rows) of the participant list, one row per registration, sorted by name.

    `registrations` is a queryset or any iterable of registrations; their ateliers are fetched
    here, so the number of queries does not depend on how many there are. The ateliers
    columns are the ateliers slots of the registrations' events, and of `event` if given (so an
    event without registrations still gets its columns). When the registrations span several
    events, each ateliers column names its event. The answers to the events' questions
    come last, one column per question (see _question_columns).
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
        Prefetch("answers", queryset=Answer.objects.order_by("pk"), to_attr="export_answers"),
    )
    registrations.sort(key=name_key)
    event_ids = {r.event_id for r in registrations} | ({event.pk} if event else set())
    slots = _workshop_slots(event_ids)
    question_headers, question_keys = _question_columns(event_ids, registrations)

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
        *question_headers,
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
            *_answer_cells(r, question_keys),
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
