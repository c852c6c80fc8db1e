"""The registrations in the admin: the list with its filters and actions (approve, refuse,
promote, cancel, badges, attestations), and phone registrations through the same service
as online ones. Badges and attestations of a selection are prepared in the background, as
the event's documents are, and recorded in the trail of personal-data access at each
download; so is each view of a participant's needs."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.scoped_admin import EventScopedAdmin, EventScopedInline
from events.scoping import Can, scope
from registrations import services
from registrations.enums import PersonalDataAction as Access
from registrations.enums import RegistrationStatus
from registrations.models import Registration, WorkingGroup, WorkshopChoice
from registrations.services import trail

from .. import preparation
from ..enums import DocumentKind as Kind
from ..views.documents import to_document
from .questions import AnswerInline


class WorkshopChoiceInline(EventScopedInline, admin.TabularInline):
    """Read-only: ateliers change through the participant's page, which checks capacity."""

    model = WorkshopChoice
    scope_path = "registration__event"
    view_capability = edit_capability = Can.VIEW_PEOPLE
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
        queryset = scope(
            WorkingGroup.objects.select_related("event"),
            request.user,
            Can.VIEW_PEOPLE,
            path="event",
        ).order_by("-event__date", "event_id", "number")
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
class RegistrationAdmin(EventScopedAdmin):
    """Registrations hold personal data: only the roles that may read it see them."""

    view_capability = edit_capability = Can.VIEW_PEOPLE
    delete_selected_description = _("Supprimer les inscriptions sélectionnées")
    # The status right after the name: at 1280 px, with the menu and the filters, the last
    # columns of a long list may scroll out of view.
    list_display = [
        "last_name", "first_name", "status", "attendance", "event", "organisation", "category",
        "created_at",
    ]  # fmt: skip
    list_filter = [
        "status", "attendance", "category", "registered_by_staff",
        ("event", admin.RelatedOnlyFieldListFilter), WorkingGroupFilter,
    ]  # fmt: skip
    list_select_related = ["event"]
    search_fields = ["last_name", "first_name", "email", "organisation"]
    date_hierarchy = "created_at"
    inlines = [WorkshopChoiceInline, AnswerInline]
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The page shows the participant's needs (diet, accessibility) and answers to
        sensitive questions: reading them is recorded, once per display, when there is
        something to read. The entry names the
        registration by number, not by name: the trail outlives the anonymisation."""
        response = super().change_view(request, object_id, form_url, extra_context)
        registration = getattr(response, "context_data", {}).get("original")
        if (
            request.method == "GET"
            and response.status_code == 200
            and registration is not None
            and (
                registration.diet
                or registration.accessibility_needs
                or registration.answers.filter(
                    Q(sensitive=True) | Q(question__sensitive=True)
                ).exists()
            )
        ):
            trail.access_record(
                user=request.user,
                action=Access.NEEDS_VIEWED,
                event=registration.event,
                count=1,
                detail=_("Inscription n° %(pk)s") % {"pk": registration.pk},
            )
        return response

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
        return self._prepared(request, queryset, Kind.BADGES, badge_format=badge_format)

    @admin.action(description=_("Attestations de présence (PDF)"), permissions=["view"])
    def attestations(self, request, queryset):
        return self._prepared(request, queryset, Kind.ATTESTATIONS)

    def _prepared(self, request, queryset, kind, **options):
        """The document of the selection, prepared in the background as the event's
        documents are (backoffice/preparation.py): to the file once ready, else to its
        progress page. The trail records each download."""
        try:
            document = preparation.selection_request(
                kind=kind, registrations=queryset, user=request.user, **options
            )
        except preparation.SeveralEvents as error:
            self.message_user(request, error.message, messages.ERROR)
            return None
        except preparation.SelectionRefused as error:
            self.message_user(request, error.message, messages.WARNING)
            return None
        return to_document(document)


def approved_message(n):
    return ngettext("%d inscription validée.", "%d inscriptions validées.", n) % n


def refused_message(n):
    return ngettext("%d inscription refusée.", "%d inscriptions refusées.", n) % n


def promoted_message(n):
    return ngettext("%d inscription confirmée.", "%d inscriptions confirmées.", n) % n


def cancelled_message(n):
    return ngettext("%d inscription annulée.", "%d inscriptions annulées.", n) % n
