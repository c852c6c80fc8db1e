import contextlib
from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from events.enums import SlotKind
from events.models import Event, ProgrammeSlot
from events.templatetags.q2030 import hour
from workshops.models import Workshop

from . import documents, groups, services
from .enums import SEAT_HOLDING, Attendance, RegistrationStatus
from .models import OpeningNotice, Profile, Registration, WorkingGroup, WorkshopChoice
from .selectors import seats_left
from .staff_views import PDF, can_download_documents, file_response


class WorkshopChoiceInline(admin.TabularInline):
    """Read-only: ateliers change through the participant's page, which checks capacity."""

    model = WorkshopChoice
    extra = 0
    fields = ["slot", "workshop"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StaffRegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = [
            "event", "email", *Registration.PARTICIPANT_FIELDS, "attendance", "lunch",
            "accessibility_needs", "diet", "image_consent", "list_consent",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        event, email = cleaned.get("event"), cleaned.get("email")
        if (
            event
            and email
            and Registration.objects.active().filter(event=event, email__iexact=email)
        ):
            raise forms.ValidationError(_("Cette personne est déjà inscrite à cet événement."))
        return cleaned

    def _post_clean(self):
        # The service builds the registration (status from capacity), not the form.
        pass


def _run(modeladmin, request, queryset, action, done_message):
    """Apply a service to each selected registration; report successes and refusals."""
    done = 0
    for registration in queryset.select_related("event"):
        try:
            action(registration=registration)
        except services.RegistrationError as error:
            modeladmin.message_user(
                request, f"{registration.full_name} : {error.message}", messages.WARNING
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


class WorkingGroupFilter(admin.SimpleListFilter):
    """By working group. Numbers repeat from one event to the next: once an event is
    chosen in its filter, only its groups are offered, else each group names its event."""

    title = _("groupe de travail")
    parameter_name = "working_group"

    def lookups(self, request, model_admin):
        queryset = WorkingGroup.objects.select_related("event").order_by(
            "-event__date", "event_id", "number"
        )
        event_id = request.GET.get("event__id__exact", "")
        if event_id.isdigit():
            choices = [(g.pk, str(g)) for g in queryset.filter(event_id=event_id)]
        else:
            choices = [(g.pk, f"{g.event.title} — {g}") for g in queryset]
        return [("none", _("Sans groupe")), *choices]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(working_group__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(working_group_id=self.value())
        return queryset


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "last_name", "first_name", "organisation", "category", "event", "attendance", "status",
        "created_at",
    ]  # fmt: skip
    list_filter = [
        "status", "attendance", "category", "registered_by_staff", "event", WorkingGroupFilter,
    ]  # fmt: skip
    list_select_related = ["event"]
    search_fields = ["last_name", "first_name", "email", "organisation"]
    date_hierarchy = "created_at"
    inlines = [WorkshopChoiceInline]
    actions = [
        "approve", "refuse", "promote", "cancel", "badges_a4", "badges_a6", "attestations",
    ]  # fmt: skip
    readonly_fields = [
        "event", "status", "manage_link", "created_at", "updated_at", "cancelled_at",
        "registered_by_staff",
    ]  # fmt: skip

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = StaffRegistrationForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": StaffRegistrationForm.Meta.fields})]
        return [
            (None, {"fields": ["event", "status", "manage_link", "email"]}),
            (_("Participant·e"), {"fields": Registration.PARTICIPANT_FIELDS}),
            (_("Participation"), {"fields": [
                "attendance", "lunch", "accessibility_needs", "diet", "image_consent",
                "list_consent",
            ]}),
            (_("Suivi"), {"fields": [
                "registered_by_staff", "created_at", "updated_at", "cancelled_at",
            ]}),
        ]  # fmt: skip

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    @admin.display(description=_("page de l'inscription"))
    def manage_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            obj.get_manage_url(),
            _("ouvrir (changer d'ateliers, annuler, agenda)"),
        )

    def save_form(self, request, form, change):
        if change:
            return super().save_form(request, form, change)
        # Phone registrations and walk-ins: the same rules as online, capacity included.
        return services.registration_create(
            event=form.cleaned_data["event"], data=form.cleaned_data, by_staff=True
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        elif obj.status == RegistrationStatus.WAITING:
            self.message_user(
                request, _("Complet : l'inscription est sur liste d'attente."), messages.WARNING
            )

    def save_related(self, request, form, formsets, change):
        if change:  # a new registration has nothing more to save: the service did it all
            super().save_related(request, form, formsets, change)

    @admin.action(description=_("Valider les inscriptions en attente"))
    def approve(self, request, queryset):
        _run(self, request, queryset, services.registration_approve, approved_message)

    @admin.action(description=_("Refuser"))
    def refuse(self, request, queryset):
        _run(self, request, queryset, services.registration_refuse, refused_message)

    @admin.action(description=_("Passer de la liste d'attente à confirmée"))
    def promote(self, request, queryset):
        _run(self, request, queryset, services.registration_promote, promoted_message)

    @admin.action(description=_("Annuler (libère la place)"))
    def cancel(self, request, queryset):
        _run(self, request, queryset, services.registration_cancel, cancelled_message)

    @admin.action(description=_("Badges (PDF A4)"), permissions=["view"])
    def badges_a4(self, request, queryset):
        return self._badges(request, queryset, "a4")

    @admin.action(description=_("Badges (PDF A6)"), permissions=["view"])
    def badges_a6(self, request, queryset):
        return self._badges(request, queryset, "a6")

    def _badges(self, request, queryset, badge_format):
        """The badges of the selected registrations (confirmed and on site), all of one
        event: a badge carries its event's title and date."""
        event_ids = set(queryset.order_by().values_list("event", flat=True).distinct())
        if len(event_ids) != 1:
            self.message_user(
                request,
                _("Sélectionnez les inscriptions d'un seul événement pour imprimer des badges."),
                messages.ERROR,
            )
            return None
        event = Event.objects.select_related("organiser", "venue").get(pk=event_ids.pop())
        printed = queryset.filter(
            status=RegistrationStatus.CONFIRMED, attendance=Attendance.ON_SITE
        )
        if not printed.exists():
            self.message_user(
                request,
                _("Aucune inscription confirmée sur place dans la sélection : aucun badge."),
                messages.WARNING,
            )
            return None
        pdf = documents.badges_pdf(event=event, registrations=queryset, badge_format=badge_format)
        return file_response(
            pdf, content_type=PDF, filename=f"badges-{event.slug}-{badge_format}.pdf"
        )

    @admin.action(description=_("Attestations de présence (PDF)"), permissions=["view"])
    def attestations(self, request, queryset):
        """The attestations of the selected registrations checked in at least once (other
        events' too: each page names its own event)."""
        from .attestations import AttestationUnavailable, attestation_pdf

        try:
            pdf = attestation_pdf(registrations=queryset)
        except AttestationUnavailable as error:
            self.message_user(request, error.message, messages.WARNING)
            return None
        return file_response(pdf, content_type=PDF, filename="attestations.pdf")


def approved_message(n):
    return ngettext("%d inscription validée.", "%d inscriptions validées.", n) % n


def refused_message(n):
    return ngettext("%d inscription refusée.", "%d inscriptions refusées.", n) % n


def promoted_message(n):
    return ngettext("%d inscription confirmée.", "%d inscriptions confirmées.", n) % n


def cancelled_message(n):
    return ngettext("%d inscription annulée.", "%d inscriptions annulées.", n) % n


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "organisation", "category", "user"]
    search_fields = ["last_name", "first_name", "organisation", "user__email"]
    list_select_related = ["user"]


@admin.register(OpeningNotice)
class OpeningNoticeAdmin(admin.ModelAdmin):
    list_display = ["email", "event", "created_at", "sent_at"]
    list_filter = ["event"]
    search_fields = ["email"]


def registration_figures(event: Event) -> dict:
    """Counts the team follows before the day: seats, remote, waiting, ateliers' fill."""
    counts = event.registrations.aggregate(
        on_site=Count("pk", filter=Q(status__in=SEAT_HOLDING, attendance=Attendance.ON_SITE)),
        remote=Count("pk", filter=Q(status__in=SEAT_HOLDING, attendance=Attendance.REMOTE)),
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        pending=Count("pk", filter=Q(status=RegistrationStatus.PENDING)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
    )
    workshops = (
        Workshop.objects.filter(slot__event=event)
        .select_related("slot", "room")
        .annotate(taken=Count("choices", filter=Q(choices__registration__status__in=SEAT_HOLDING)))
        .order_by("slot__start", "number", "title")
    )
    return {**counts, "seats_left": seats_left(event), "workshops": workshops}


EventAdmin = type(admin.site.get_model_admin(Event))


class EventWithRegistrationsAdmin(EventAdmin):
    # Adds the documents' panel (badges, sign-in sheets, lists, agenda) to the page.
    change_form_template = "admin/events/event/change_form.html"
    readonly_fields = [*EventAdmin.readonly_fields, "registrations_overview"]
    fieldsets = [
        *EventAdmin.fieldsets,
        (_("Suivi des inscriptions"), {"fields": ["registrations_overview"]}),
    ]

    @admin.display(description=_("Inscriptions"))
    def registrations_overview(self, event):
        if not event.pk:
            return "—"
        return render_to_string(
            "admin/registrations/figures.html",
            {
                "event": event,
                "figures": registration_figures(event),
                "list_url": reverse("admin:registrations_registration_changelist")
                + f"?event__id__exact={event.pk}",
            },
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        event = self.get_object(request, object_id)
        if event is not None and can_download_documents(request.user):
            extra_context["event_documents"] = event_documents(event)
        if event is not None and can_manage_groups(request.user):
            extra_context["working_groups_url"] = reverse(
                "admin:events_event_working_groups", args=[event.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/groupes/",
                groups_staff_only(self.working_groups_view),
                name="events_event_working_groups",
            ),
            *super().get_urls(),
        ]

    def working_groups_view(self, request, object_id):
        event = self.get_object(request, object_id)
        if event is None:
            raise Http404
        return working_groups_page(self, request, event)


def event_documents(event: Event) -> dict:
    """The links of the documents panel of an event's admin page: the main documents, then
    the sign-in sheet of each atelier, by ateliers slot ("11h30", [(label, URL), …])."""

    def url(name, **kwargs):
        return reverse(f"registrations:{name}", kwargs={"slug": event.slug, **kwargs})

    main = [
        (_("Badges A4"), url("staff_badges") + "?format=a4"),
        (_("Badges A6"), url("staff_badges") + "?format=a6"),
        (_("Feuilles d'émargement"), url("staff_signin_sheet")),
        (_("Participants (XLSX)"), url("staff_participants_xlsx")),
        (_("Participants (CSV)"), url("staff_participants_csv")),
        (_("Attestations de présence"), url("staff_attestations")),
        (_("Accueil et émargement (téléphone)"), url("staff_checkin")),
        (_("Écrire aux inscrit·es"), url("staff_message")),
        (_("Courriel d'après l'événement"), url("staff_post_event_email")),
        (
            _("Chiffres d'activité %(year)s") % {"year": event.date.year},
            reverse("registrations:staff_activity")
            + f"?annee={event.date.year}&organisateur={event.organiser_id}",
        ),
    ]
    with contextlib.suppress(NoReverseMatch):  # should the events app drop its agenda
        main.append((_("Agenda (.ics)"), reverse("events:event_ics", args=[event.slug])))
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
                url("staff_workshop_signin_sheet", workshop_pk=workshop.pk),
            )
        )
    return {"main": main, "ateliers": list(ateliers.items())}


# --- Working groups ("Groupes de travail" page of an event) -------------------------------

GROUPS_PERMISSION = "registrations.change_registration"


def can_manage_groups(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(GROUPS_PERMISSION)


def groups_staff_only(view):
    """Anonymous visitors go to the admin login; other users without the permission: 403
    (admin_view would send them to the login page instead)."""

    @wraps(view)
    @login_required(login_url=reverse_lazy("admin:login"))
    def wrapped(request, *args, **kwargs):
        if not can_manage_groups(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(wrapped)


class WorkingGroupsAssignForm(forms.Form):
    count = forms.IntegerField(label=_("Nombre de groupes"), min_value=1, max_value=200)
    capacity = forms.IntegerField(
        label=_("Places par groupe"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Facultatif. Vide : pas de limite."),
    )


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "room"]


class WorkingGroupMoveForm(forms.Form):
    registration = forms.ModelChoiceField(queryset=Registration.objects.none())
    group = forms.ModelChoiceField(queryset=WorkingGroup.objects.none(), required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = Registration.objects.filter(event=event)
        self.fields["group"].queryset = event.working_groups.all()


class WorkshopsFillForm(forms.Form):
    slot = forms.ModelChoiceField(queryset=ProgrammeSlot.objects.none())

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = event.slots.filter(kind=SlotKind.WORKSHOPS)


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def working_groups_page(modeladmin, request, event: Event):
    """Assign, edit and print the event's working groups; fill the ateliers. Each POST runs
    one service: success → message and redirect; refusal → French error, forms re-shown."""
    assign_form = WorkingGroupsAssignForm(initial={"count": event.working_groups.count() or 4})
    edited = None  # a group's rename form with errors
    if request.method == "POST":
        action = request.POST.get("action")
        done = None
        try:
            if action == "assign":
                assign_form = WorkingGroupsAssignForm(request.POST)
                if assign_form.is_valid():
                    created = groups.working_groups_create_and_assign(
                        event=event, **assign_form.cleaned_data
                    )
                    done = ngettext(
                        "Participant·es réparti·es en %d groupe.",
                        "Participant·es réparti·es en %d groupes.",
                        len(created),
                    ) % len(created)
            elif action == "rename":
                group = event.working_groups.filter(pk=request.POST.get("group")).first()
                if group is None:
                    raise Http404
                form = WorkingGroupForm(request.POST, instance=group, prefix=f"group-{group.pk}")
                if form.is_valid():
                    groups.working_group_update(group=group, **form.cleaned_data)
                    done = _("Groupe « %(group)s » enregistré.") % {"group": group}
                else:
                    edited = form
            elif action == "move":
                form = WorkingGroupMoveForm(request.POST, event=event)
                if form.is_valid():
                    registration = groups.working_group_move(**form.cleaned_data)
                    group = form.cleaned_data["group"]
                    done = (
                        _("%(name)s est maintenant dans le groupe « %(group)s ».")
                        if group
                        else _("%(name)s n'est plus dans aucun groupe.")
                    ) % {"name": registration.full_name, "group": group}
                else:
                    messages.error(request, _form_errors(form))
            elif action == "fill":
                form = WorkshopsFillForm(request.POST, event=event)
                if form.is_valid():
                    choices = groups.workshops_fill(slot=form.cleaned_data["slot"])
                    done = ngettext(
                        "%d personne a reçu un atelier.",
                        "%d personnes ont reçu un atelier.",
                        len(choices),
                    ) % len(choices)
                else:
                    messages.error(request, _form_errors(form))
        except services.RegistrationError as error:
            messages.error(request, error.message)
        if done is not None:
            messages.success(request, done)
            return redirect(request.path)
    overview, unassigned = groups.working_groups_overview(event)
    edit_forms = {
        entry.group.pk: WorkingGroupForm(instance=entry.group, prefix=f"group-{entry.group.pk}")
        for entry in overview
    }
    if edited is not None:
        edit_forms[edited.instance.pk] = edited
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": Event._meta,
        "original": event,
        "event": event,
        "title": _("Groupes de travail — %(event)s") % {"event": event.title},
        "assign_form": assign_form,
        "groups": [(entry, edit_forms[entry.group.pk]) for entry in overview],
        "group_choices": [entry.group for entry in overview],
        "unassigned": unassigned,
        "participants": sum(len(entry.members) for entry in overview) + len(unassigned),
        "families": groups.FAMILIES,
        "ateliers": groups.ateliers_without_choice(event),
        "pdf_url": reverse("registrations:staff_working_groups_pdf", args=[event.slug]),
        "event_url": reverse("admin:events_event_change", args=[event.pk]),
    }
    return TemplateResponse(request, "admin/registrations/working_groups.html", context)


admin.site.unregister(Event)
admin.site.register(Event, EventWithRegistrationsAdmin)
