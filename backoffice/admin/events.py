"""The event and programme slot pages of the admin, composed here once from what each app
brings: the programme (events), ateliers and duplication (workshops), resources and "À
retenir" (resources), registration figures (registrations), the documents bar and the
working groups pages (backoffice)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.admin import (
    HOURS_AND_MINUTES,
    ProgrammeSlotInline,
    SlotSpeakerInline,
    limit_rooms_to_venue,
    posted_id,
)
from events.enums import SlotKind
from events.models import Event, ProgrammeSlot
from events.scoped_admin import EventScopedAdmin
from events.scoping import Can, can
from events.templatetags.q2030 import hour
from registrations import services as registration_services
from registrations.selectors import registration_figures
from resources.admin import ResourceInline, TakeawayInline
from workshops.admin import WorkshopInline
from workshops.models import Workshop
from workshops.services import event_duplicate_with_workshops

from ..access import staff_view
from ..views import groups
from .questions import QuestionInline, copy_questions_view


@admin.register(ProgrammeSlot)
class ProgrammeSlotAdmin(EventScopedAdmin):
    list_display = ["__str__", "event", "kind", "room", "streamed"]
    list_filter = ["kind", "streamed", "event__date"]
    list_select_related = ["event", "room"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
    inlines = [SlotSpeakerInline, WorkshopInline]
    formfield_overrides = HOURS_AND_MINUTES

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        event_id = posted_id(request, "event") or (obj.event_id if obj else None)
        venue_id = Event.objects.filter(pk=event_id).values_list("venue_id", flat=True).first()
        return limit_rooms_to_venue(form, venue_id)


class DuplicateEventForm(forms.Form):
    date = forms.DateField(label=_("Nouvelle date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(
        label=_("Nouveau titre"),
        required=False,
        max_length=250,
        help_text=_("Vide : le même titre."),
    )


@admin.register(Event)
class EventAdmin(EventScopedAdmin):
    scope_path = ""
    list_display = ["title", "kind", "date", "venue", "status", "registration_mode"]
    list_select_related = ["venue"]
    list_filter = [
        "status", "kind", "registration_mode",
        ("organiser", admin.RelatedOnlyFieldListFilter),
        ("cycle", admin.RelatedOnlyFieldListFilter),
    ]  # fmt: skip
    search_fields = ["title", "theme", "venue__city", "venue__name"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organiser", "cycle", "venue"]
    filter_horizontal = ["partners"]
    save_on_top = True
    formfield_overrides = HOURS_AND_MINUTES
    inlines = [ProgrammeSlotInline, QuestionInline, TakeawayInline, ResourceInline]
    actions = ["duplicate"]
    # The documents bar above the form (badges, sign-in sheets, lists, agenda).
    change_form_template = "admin/events/event/change_form.html"
    readonly_fields = ["workshops_overview", "registrations_overview"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "theme", "status", "organiser", "partners",
                           "cycle"]}),
        (_("Date et lieu"), {"fields": ["date", "doors_open", "start_time", "end_time", "venue"]}),
        (_("Contenu"), {"fields": ["audience", "objectives", "description"]}),
        (_("Inscriptions"), {"fields": [
            "registration_mode", "registration_opens_at", "registration_closes_at",
            "onsite_capacity", "approval_required", "lunch", "remote_attendance",
            "remote_capacity", "remote_details", "videoconference_url", "stream_margin_minutes",
            "retention_months",
        ]}),
        (_("Ateliers"), {"fields": ["workshops_overview"]}),
        (_("Suivi des inscriptions"), {"fields": ["registrations_overview"]}),
    ]  # fmt: skip

    @admin.display(description=_("Ateliers par temps"))
    def workshops_overview(self, event):
        """The ateliers at a glance, each slot linking to the page where they are edited."""
        slots = event.pk and event.slots.filter(kind=SlotKind.WORKSHOPS).prefetch_related(
            "workshops__room"
        )
        if not slots:
            return _(
                "Ajoutez un temps de type « Ateliers » au programme, enregistrez, puis ouvrez-le "
                "(lien « Modifier ») pour saisir ses ateliers."
            )
        return format_html_join(
            "",
            '<p><a href="{}">{} {}</a> : {}</p>',
            (
                (
                    reverse("admin:events_programmeslot_change", args=[slot.pk]),
                    slot.start.strftime("%H:%M"),
                    slot.title,
                    ", ".join(
                        f"{w.title} ({w.room or '—'}, {w.colour_name or '—'})"
                        for w in slot.workshops.all()
                    )
                    or _("aucun atelier"),
                )
                for slot in slots
            ),
        )

    @admin.action(
        description=_("Dupliquer vers une nouvelle date (programme et ateliers)"),
        permissions=["change"],
    )
    def duplicate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Sélectionnez un seul événement à dupliquer."), messages.WARNING
            )
            return None
        event = queryset.get()
        if not can(request.user, Can.EDIT_EVENT, event=event):
            self.message_user(
                request, _("Vous ne pouvez pas modifier cet événement."), messages.ERROR
            )
            return None
        return self._duplicate(request, event, from_action=True)

    def duplicate_view(self, request, object_id):
        """The "Dupliquer vers une nouvelle date" button of the event's page."""
        event = self.get_object(request, object_id)  # 404 outside the user's scope
        if not self.has_change_permission(request, event):
            raise PermissionDenied
        return self._duplicate(request, event, from_action=False)

    def copy_questions_view(self, request, object_id):
        """The "Copier des questions" button: from another event or the standard ones."""
        return copy_questions_view(self, request, object_id)

    def _duplicate(self, request, event, *, from_action):
        """Ask the date (and title), then copy. When that date already has an event of the
        organiser with that title, say so and ask again before making a second copy."""
        form = DuplicateEventForm(request.POST if "apply" in request.POST else None)
        existing = []
        if form.is_valid():
            date, title = form.cleaned_data["date"], form.cleaned_data["title"] or event.title
            existing = list(
                Event.objects.filter(organiser=event.organiser_id, date=date, title=title)
            )
            # The confirmation holds the date it was asked for: another date is checked anew.
            if not existing or request.POST.get("confirm") == date.isoformat():
                copy = event_duplicate_with_workshops(
                    event=event, date=date, title=form.cleaned_data["title"]
                )
                registration_services.questions_copy(
                    questions=list(event.questions.all()), event=copy
                )
                self.message_user(
                    request,
                    _("« %(title)s » a été copié au %(date)s, en brouillon.")
                    % {"title": event.title, "date": copy.date.strftime("%d/%m/%Y")},
                    messages.SUCCESS,
                )
                return redirect("admin:events_event_change", copy.pk)
        return render(
            request,
            "admin/events/event/duplicate.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Dupliquer un événement"),
                "event": event,
                "form": form,
                "existing": existing,
                "from_action": from_action,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "slot_count": event.slots.count(),
                "workshop_count": ngettext(
                    "%(n)d atelier",
                    "%(n)d ateliers",
                    (n := Workshop.objects.filter(slot__event=event).count()),
                )
                % {"n": n},
            },
        )

    @admin.display(description=_("Inscriptions"))
    def registrations_overview(self, event):
        if not event.pk:
            return "—"
        return render_to_string(
            "admin/backoffice/figures.html",
            {
                "event": event,
                "figures": registration_figures(event),
                "list_url": reverse("admin:registrations_registration_changelist")
                + f"?event__id__exact={event.pk}",
            },
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        # The door team sees the events of today and tomorrow only: say so.
        extra_context["door_only"] = can(request.user, Can.CHECK_IN) and not can(
            request.user, Can.EDIT_EVENT
        )
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        event = self.get_object(request, object_id)
        if event is not None:
            extra_context["event_documents"] = event_documents(event, request.user)
        if event is not None and can(request.user, Can.VIEW_PEOPLE, event=event):
            extra_context["working_groups_url"] = groups.page_url(event)
        if event is not None and can(request.user, Can.MESSAGE, event=event):
            # A message whose sending failed stays in view until it is sent.
            extra_context["failed_messages"] = list(
                event.messages.filter(sent_at__isnull=True, failed_at__isnull=False)
            )
            extra_context["message_url"] = reverse("backoffice:message", args=[event.slug])
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        page = self._working_groups_view
        return [
            path("<path:object_id>/dupliquer/", self.admin_site.admin_view(self.duplicate_view),
                 name="events_event_duplicate"),
            path("<path:object_id>/questions/copier/",
                 self.admin_site.admin_view(self.copy_questions_view),
                 name="events_event_copy_questions"),
            path("<path:object_id>/groupes/", page(groups.page),
                 name="events_event_working_groups"),
            path("<path:object_id>/groupes/repartir/", page(groups.assign),
                 name="events_event_working_groups_assign"),
            path("<path:object_id>/groupes/deplacer/", page(groups.move),
                 name="events_event_working_groups_move"),
            path("<path:object_id>/groupes/ateliers/", page(groups.fill),
                 name="events_event_working_groups_fill"),
            path("<path:object_id>/groupes/<int:group_pk>/", page(groups.rename),
                 name="events_event_working_groups_rename"),
            *super().get_urls(),
        ]  # fmt: skip

    def _working_groups_view(self, view):
        """An admin page of one event, for staff who may manage the working groups."""

        def wrapped(request, object_id, **kwargs):
            event = self.get_object(request, object_id)  # 404 outside the user's scope
            if not can(request.user, Can.VIEW_PEOPLE, event=event):
                raise PermissionDenied
            context = self.admin_site.each_context(request)
            return view(request, event, admin_context=context, **kwargs)

        return staff_view(Can.VIEW_PEOPLE)(wrapped)


def event_documents(event: Event, user) -> dict:
    """The links of the documents panel of an event's admin page that `user` may open: the
    main documents, then the sign-in sheet of each atelier, by ateliers slot ("11h30",
    [(label, URL), …])."""

    def url(name, **kwargs):
        return reverse(f"backoffice:{name}", kwargs={"slug": event.slug, **kwargs})

    links = [
        (Can.PRINT, _("Badges A4"), url("badges") + "?format=a4"),
        (Can.PRINT, _("Badges A6"), url("badges") + "?format=a6"),
        (Can.PRINT, _("Feuilles d'émargement"), url("signin_sheet")),
        (Can.VIEW_PEOPLE, _("Participants (XLSX)"), url("participants_xlsx")),
        (Can.VIEW_PEOPLE, _("Participants (CSV)"), url("participants_csv")),
        (Can.VIEW_PEOPLE, _("Attestations de présence"), url("attestations")),
        *(
            [
                (
                    Can.VIEW_PEOPLE,
                    _("Importer le rapport de visioconférence"),
                    url("remote_import"),
                ),
                (Can.VIEW_PEOPLE, _("Connexions à distance (PDF)"), url("remote_signin_pdf")),
                (Can.VIEW_PEOPLE, _("Connexions à distance (XLSX)"), url("remote_signin_xlsx")),
            ]
            if event.remote_attendance
            else []
        ),
        (Can.CHECK_IN, _("Accueil et émargement (téléphone)"), url("checkin")),
        (Can.MESSAGE, _("Écrire aux inscrit·es"), url("message")),
        (Can.MESSAGE, _("Courriel d'après l'événement"), url("post_event_email")),
        (
            Can.VIEW_FIGURES,
            _("Chiffres d'activité %(year)s") % {"year": event.date.year},
            reverse("backoffice:activity")
            + f"?annee={event.date.year}&organisateur={event.organiser_id}",
        ),
        (Can.VIEW_EVENT, _("Agenda (.ics)"), reverse("events:event_ics", args=[event.slug])),
    ]
    main = [
        (label, href) for capability, label, href in links if can(user, capability, event=event)
    ]
    if not can(user, Can.PRINT, event=event):
        return {"main": main, "ateliers": []}
    ateliers = {}
    workshops = (
        Workshop.objects.filter(slot__event=event)
        .select_related("slot")
        .order_by("slot__start", "number", "pk")
    )
    for workshop in workshops:
        ateliers.setdefault(hour(workshop.slot.start), []).append(
            (
                _("Émargement %(atelier)s") % {"atelier": workshop.title},
                url("workshop_signin_sheet", workshop_pk=workshop.pk),
            )
        )
    return {"main": main, "ateliers": list(ateliers.items())}
