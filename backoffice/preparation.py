"""Documents prepared in the background, as pretix's badges are: the organiser's click asks
for a document (`document_request`), a task renders it into storage (`prepare_document`),
the page polls its progress, and the organiser downloads the file from storage.

- The same request while one is being prepared reuses it; a ready document is reused as
  long as the data it shows has not changed (`data_version`, two queries).
- With the immediate backend (`make run`, tests) the task runs inside `document_request`:
  the file is ready at once. In production the worker (`db_worker`) renders it, over
  several processes for long documents (quartiers2030.pdf.process_count); a web request
  never forks.
- A selection in the admin's list of registrations (badges, attestations) is a document of
  its event like the others, with the selected registrations in its params
  (`selection_request`): the same selection reuses it, another selection is another one.
- Files are deleted PREPARED_DOCUMENTS_HOURS after they were asked for: each new request
  purges the old ones first (`prepared_documents_purge`), and so does the command
  `purge_prepared_documents` (a cron line for quiet deployments).
"""

import datetime as dt
import hashlib
import logging
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import CharField, Count, F, Max, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from events.models import Event
from events.scoping import Can
from registrations.enums import PersonalDataAction as Access
from registrations.models import CheckIn, Registration, WorkingGroup, WorkshopChoice
from workshops.models import Workshop

from .enums import DocumentKind as Kind
from .enums import PreparationStatus as Status
from .models import PreparedDocument

logger = logging.getLogger(__name__)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A pending or running document not heard of for this long (a worker stopped mid-way) is
# not waited for: the next request prepares a new one.
STALE_AFTER = dt.timedelta(minutes=15)

FAILED = gettext_lazy(
    "La préparation du document a échoué. Réessayez ; si l'échec se répète, signalez-le à "
    "l'équipe technique du portail."
)


@dataclass(frozen=True)
class Spec:
    """What each kind of document is: who may have it, how the page names it, the file."""

    capability: Can
    action: Access  # what the trail records at each download
    preparing: str  # « Préparation des badges… »
    filename: str  # formatted with slug, format, workshop
    content_type: str


SPECS = {
    Kind.BADGES: Spec(
        Can.PRINT, Access.BADGES, gettext_lazy("Préparation des badges…"),
        "badges-{slug}-{format}.pdf", PDF,
    ),
    Kind.SIGNIN_SHEET: Spec(
        Can.PRINT, Access.SIGNIN_SHEET, gettext_lazy("Préparation des feuilles d'émargement…"),
        "emargement-{slug}.pdf", PDF,
    ),
    Kind.WORKING_GROUPS: Spec(
        Can.VIEW_PEOPLE, Access.GROUP_LIST, gettext_lazy("Préparation de la liste par groupe…"),
        "groupes-{slug}.pdf", PDF,
    ),
    Kind.PARTICIPANTS_XLSX: Spec(
        Can.VIEW_PEOPLE, Access.EXPORT_XLSX,
        gettext_lazy("Préparation de la liste des participant·es…"),
        "participants-{slug}.xlsx", XLSX,
    ),
    Kind.ATTESTATIONS: Spec(
        Can.VIEW_PEOPLE, Access.ATTESTATIONS, gettext_lazy("Préparation des attestations…"),
        "attestations-{slug}.pdf", PDF,
    ),
}  # fmt: skip


# What the trail says of a document of a selection in the admin's list.
SELECTION_DETAIL = gettext_lazy("sélection dans la liste")
SELECTION_FORMAT_DETAIL = gettext_lazy("%(format)s, sélection dans la liste")


def filename(document: PreparedDocument) -> str:
    """The file's name, as the documents were always named."""
    params = document.params
    if document.kind == Kind.SIGNIN_SHEET and params.get("workshop"):
        return f"emargement-{document.event.slug}-atelier-{params['workshop']}.pdf"
    return SPECS[document.kind].filename.format(slug=document.event.slug, **params)


# --- Asking for a document -----------------------------------------------------------------


def data_version(*, event: Event, kind: str, params: dict) -> str:
    """A fingerprint of what the document shows: it changes when a registration, a check-in,
    an atelier choice, a working group, an atelier, the event or its organiser's identity
    changes. Two queries (the aggregates; the ateliers' and groups' printed fields, which
    have no modification time)."""

    def aggregate(queryset, field: str, expression):
        rows = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
        return Coalesce(Subquery(rows.annotate(value=expression).values("value")[:1]), Value(0))

    registrations = Registration.objects.all()
    checkins = CheckIn.objects.all()
    choices = WorkshopChoice.objects.all()
    row = (
        Event.objects.filter(pk=event.pk)
        .annotate(
            v_registrations=aggregate(registrations, "event", Count("pk")),
            v_registrations_at=Subquery(
                registrations.filter(event=OuterRef("pk"))
                .order_by("-updated_at")
                .values("updated_at")[:1]
            ),
            v_checkins=aggregate(checkins, "registration__event", Count("pk")),
            v_last_checkin=aggregate(checkins, "registration__event", Max("pk")),
            # An imported report updates the minutes of remote presences in place.
            v_checkin_minutes=aggregate(checkins, "registration__event", Sum("minutes")),
            v_choices=aggregate(choices, "registration__event", Count("pk")),
            v_last_choice=aggregate(choices, "registration__event", Max("pk")),
        )
        .values_list(
            "updated_at",
            "v_registrations",
            "v_registrations_at",
            "v_checkins",
            "v_last_checkin",
            "v_checkin_minutes",
            "v_choices",
            "v_last_choice",
            "organiser__name",
            "organiser__short_name",
            "organiser__logo",
            "organiser__signature",
            "organiser__signatory_name",
            "organiser__signatory_function",
            "venue__name",
            "venue__city",
        )
        .get()
    )
    blank = Value("", output_field=CharField())
    printed = (
        Workshop.objects.filter(slot__event=event)
        .order_by()
        .values_list("pk", "title", "colour_hex", "colour_name", "room__name")
        .union(
            WorkingGroup.objects.filter(event=event)
            .order_by()
            .values_list("pk", "name", "room", blank, blank),
            all=True,
        )
    )
    extra = (timezone.localdate(),) if kind == Kind.ATTESTATIONS else ()  # "Fait le …"
    text = repr((kind, sorted(params.items()), row, sorted(map(repr, printed)), extra))
    return hashlib.sha256(text.encode()).hexdigest()


def document_request(*, event: Event, kind: str, params: dict, user) -> PreparedDocument:
    """The document `kind` of `event` for `user`: the one being prepared or ready with the
    same data if any, else a new one, handed to the task (with the immediate backend it is
    ready when this returns)."""
    version = data_version(event=event, kind=kind, params=params)
    now = timezone.now()
    with transaction.atomic():
        # Two clicks at once: the second waits here, then finds the first one's document.
        Event.objects.select_for_update().filter(pk=event.pk).values_list("pk").get()
        candidates = PreparedDocument.objects.filter(event=event, kind=kind).order_by("-created_at")
        for document in candidates:
            if document.params != params:
                continue
            if document.status == Status.READY and document.data_version == version:
                return document
            if document.status in (Status.PENDING, Status.RUNNING) and (
                document.updated_at >= now - STALE_AFTER
            ):
                return document
        prepared_documents_purge(now=now)
        document = PreparedDocument.objects.create(
            event=event, kind=kind, params=params, data_version=version, requested_by=user
        )
    prepare_document.enqueue(str(document.pk))
    document.refresh_from_db()
    return document


class SelectionRefused(Exception):
    """Why the document of a selection in the admin's list is not prepared; `message` is
    said to the user as it is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class SeveralEvents(SelectionRefused):
    """The selection spans several events (or none of the user's)."""


SEVERAL_EVENTS = {
    # A badge carries its event's title and date; a document is one event's (its scope).
    Kind.BADGES: gettext_lazy(
        "Sélectionnez les inscriptions d'un seul événement pour imprimer des badges."
    ),
    Kind.ATTESTATIONS: gettext_lazy(
        "Sélectionnez les inscriptions d'un seul événement pour préparer des attestations."
    ),
}
NO_BADGE = gettext_lazy("Aucune inscription confirmée sur place dans la sélection : aucun badge.")


def selection_request(
    *, kind: str, registrations: QuerySet, user, badge_format: str = ""
) -> PreparedDocument:
    """The badges (in `badge_format`) or the attestations of `registrations`, a selection
    in the admin's list, all of one event, asked for as any document (`document_request`):
    the sorted ids of the selection are part of its params, hence of what identifies it
    and of its data version. Badges go to the confirmed on-site registrations, attestations
    to those checked in at least once, neither to anonymised ones; with nobody to print,
    or several events, raises SelectionRefused (SeveralEvents) and prepares nothing."""
    from registrations.attestations import NOBODY_CHECKED_IN

    registrations = registrations.order_by()
    event_ids = set(registrations.values_list("event", flat=True).distinct())
    if len(event_ids) != 1:
        raise SeveralEvents(SEVERAL_EVENTS[kind])
    printed = registrations.identifiable()
    if kind == Kind.BADGES:
        if not printed.confirmed().on_site().exists():
            raise SelectionRefused(NO_BADGE)
        params = {"format": badge_format}
    elif kind == Kind.ATTESTATIONS:
        if not printed.filter(checkins__isnull=False).exists():
            raise SelectionRefused(NOBODY_CHECKED_IN)
        params = {}
    else:
        raise ValueError(f"No document of a selection: {kind!r}")
    params["registrations"] = sorted(registrations.values_list("pk", flat=True))
    event = Event.objects.select_related("organiser", "venue").get(pk=event_ids.pop())
    return document_request(event=event, kind=kind, params=params, user=user)


# --- Preparing it (the task) ---------------------------------------------------------------


@task()
def prepare_document(document_id: str) -> str:
    """Render the document into storage; its status says how it went."""
    return document_prepare(document_id=document_id)


def document_prepare(*, document_id: str) -> str:
    updated = PreparedDocument.objects.filter(pk=document_id, status=Status.PENDING).update(
        status=Status.RUNNING, updated_at=timezone.now()
    )
    if not updated:  # already prepared (a task run twice) or purged
        return "skipped"
    document = PreparedDocument.objects.select_related("event__organiser", "event__venue").get(
        pk=document_id
    )

    def progress(done: int, total: int) -> None:
        PreparedDocument.objects.filter(pk=document.pk).update(
            done=done, total=total, updated_at=timezone.now()
        )

    try:
        with tempfile.TemporaryFile() as output:
            people, detail = _render(document, output, progress)
            size = output.tell()
            output.seek(0)
            extension = filename(document).rsplit(".", 1)[-1]
            document.file.save(f"document.{extension}", File(output), save=False)
    except Exception as error:
        from registrations.attestations import AttestationUnavailable

        if isinstance(error, AttestationUnavailable):
            message = str(error.message)
        else:
            logger.exception("Document %s (%s) failed", document.pk, document.kind)
            message = str(FAILED)
        PreparedDocument.objects.filter(pk=document.pk).update(
            status=Status.FAILED, error=message[:500], finished_at=timezone.now()
        )
        return Status.FAILED
    pages = Greatest(F("total"), Value(1))
    PreparedDocument.objects.filter(pk=document.pk).update(
        file=document.file.name, size=size, people=people, detail=detail[:200],
        status=Status.READY, finished_at=timezone.now(), done=pages, total=pages,
    )  # fmt: skip
    return Status.READY


def _render(document: PreparedDocument, output, progress) -> tuple[int, str]:
    """Write the document into `output`; (how many people it names, the trail's detail)."""
    from quartiers2030.pdf import process_count

    from . import documents, exports

    event, params = document.event, document.params
    # A selection in the admin's list: only those among the event's registrations.
    selection = None
    if "registrations" in params:
        selection = Registration.objects.filter(event=event, pk__in=params["registrations"])
    paged = None
    if document.kind == Kind.BADGES:
        badge_format = params["format"]
        paged = documents.badges_document(
            event=event, registrations=selection, badge_format=badge_format
        )
        people = documents.printed_count(event=event, registrations=selection)
        detail = badge_format.upper()
        if selection is not None:
            detail = SELECTION_FORMAT_DETAIL % {"format": detail}
    elif document.kind == Kind.SIGNIN_SHEET:
        workshop = None
        if params.get("workshop"):
            workshop = Workshop.objects.select_related("slot", "room").get(
                pk=params["workshop"], slot__event=event
            )
        paged = documents.signin_sheet_document(event=event, workshop=workshop)
        people = documents.printed_count(event=event, workshop=workshop)
        detail = str(workshop.label or workshop.title) if workshop else ""
    elif document.kind == Kind.ATTESTATIONS:
        from registrations.attestations import attestation_document

        attested = Registration.objects.filter(event=event) if selection is None else selection
        paged = attestation_document(registrations=attested)
        people = len(paged.pages)
        detail = "" if selection is None else str(SELECTION_DETAIL)
    if paged is not None:
        progress(0, len(paged.pages))
        paged.write(output, processes=process_count(len(paged.pages)), progress=progress)
        return people, detail
    progress(0, 1)
    if document.kind == Kind.WORKING_GROUPS:
        output.write(documents.working_groups_pdf(event=event))
        people = documents.printed_count(event=event)
    else:
        registrations = list(Registration.objects.filter(event=event))
        output.write(exports.participants_xlsx(registrations, event=event))
        people = len(registrations)
    progress(1, 1)
    return people, ""


# --- Old files -----------------------------------------------------------------------------


def prepared_documents_purge(*, now: dt.datetime) -> int:
    """Delete the documents (and their files) asked for more than PREPARED_DOCUMENTS_HOURS
    ago, whatever their state; how many were deleted."""
    cutoff = now - dt.timedelta(hours=settings.PREPARED_DOCUMENTS_HOURS)
    old = list(PreparedDocument.objects.filter(created_at__lt=cutoff))
    for document in old:
        if document.file:
            document.file.delete(save=False)
    PreparedDocument.objects.filter(pk__in=[document.pk for document in old]).delete()
    return len(old)


def label(document: PreparedDocument) -> str:
    """« Préparation des badges… (3 / 10) »."""
    text = str(SPECS[document.kind].preparing)
    if document.total:
        text = _("%(text)s (%(done)s / %(total)s)") % {
            "text": text,
            "done": document.done,
            "total": document.total,
        }
    return text
