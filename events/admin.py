"""Admin of the events app's own reference data (organisers, cycles, venues, speakers) and
the programme inlines. The event and slot pages are composed in backoffice/admin/events.py,
which adds what the other apps bring (ateliers, resources, registrations, documents)."""

from django.contrib import admin
from django.contrib.admin import widgets
from django.db import models
from django.utils.translation import gettext_lazy as _

from quartiers2030.choices import freeze_choices

from .enums import LegalPageKind
from .legal import default_body, placeholders, shipped_text
from .models import (
    Cycle,
    LegalPage,
    Organiser,
    ProgrammeSlot,
    Room,
    SlotSpeaker,
    Speaker,
    Venue,
)
from .scoped_admin import (
    AccessibleInline,
    EventScopedInline,
    OrganiserScopedAdmin,
    SharedAdmin,
    SharedMixin,
    SuperuserAdmin,
)
from .scoping import Can, is_superuser

# Programmes are written to the minute: "09:30", not "09:30:00".
HOURS_AND_MINUTES = {models.TimeField: {"widget": widgets.AdminTimeWidget(format="%H:%M")}}


@admin.register(Organiser)
class OrganiserAdmin(OrganiserScopedAdmin):
    """Each team sees its organisers; their administrators edit the identity; only
    superusers create organisers."""

    organiser_path = ""
    edit_capability = Can.EDIT_ORGANISER
    list_display = ["name", "short_name", "region"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    fieldsets = [
        (_("Identité"), {"fields": ["name", "short_name", "slug", "region", "website", "logo"]}),
        (
            _("Attestations"),
            {"fields": ["signatory_name", "signatory_function", "signature"]},
        ),
        (_("Courriels"), {"fields": ["email_sender_name", "reply_to"]}),
        (
            _("Données personnelles"),
            {"fields": ["data_controller", "privacy_contact", "retention_months"]},
        ),
    ]

    def has_add_permission(self, request):
        return is_superuser(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_superuser(request.user)


@admin.register(Cycle)
class CycleAdmin(OrganiserScopedAdmin):
    list_display = ["title", "organiser"]
    list_filter = ["organiser"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organiser"]


class RoomInline(AccessibleInline, SharedMixin, admin.TabularInline):
    model = Room
    extra = 1


@admin.register(Venue)
class VenueAdmin(SharedAdmin):
    list_display = ["name", "city", "department"]
    list_filter = ["department"]
    search_fields = ["name", "city", "postcode"]
    inlines = [RoomInline]


@admin.register(Speaker)
class SpeakerAdmin(SharedAdmin):
    delete_selected_description = _("Supprimer les intervenant·es sélectionné·es")
    list_display = ["last_name", "first_name", "role", "organisation"]
    search_fields = ["last_name", "first_name", "organisation", "role"]


def limit_rooms_to_venue(form_class, venue_id):
    """Offer only the rooms of the event's venue, and none while it has no venue yet (a new
    event: its rooms appear once the venue is chosen and the event saved). `form_class` is
    built anew for each request by the admin, so changing its fields does not leak into
    other requests."""
    field = form_class.base_fields.get("room")
    if field is None:
        return form_class
    field.queryset = Room.objects.filter(venue=venue_id) if venue_id else Room.objects.none()
    if not venue_id:
        field.help_text = _("Les salles du lieu de l'événement, une fois celui-ci enregistré.")
    freeze_choices(field)
    return form_class


def posted_id(request, name) -> int | None:
    """The id `request` sends (POST) or asks for (GET) in `name`, if it is one."""
    value = request.POST.get(name) or request.GET.get(name) or ""
    return int(value) if value.isdigit() else None


def event_venue_id(request, event):
    """The venue whose rooms an event's programme may use: the one being saved with the
    event if the form sends one (a new event, a change of venue), else the event's."""
    return posted_id(request, "venue") or (event.venue_id if event else None)


class ProgrammeSlotInline(EventScopedInline, admin.TabularInline):
    model = ProgrammeSlot
    fields = ["start", "end", "kind", "title", "room", "streamed"]
    extra = 3
    show_change_link = True
    formfield_overrides = HOURS_AND_MINUTES

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        limit_rooms_to_venue(formset.form, event_venue_id(request, obj))
        return formset


class SlotSpeakerInline(EventScopedInline, admin.TabularInline):
    scope_path = "slot__event"

    model = SlotSpeaker
    extra = 1
    autocomplete_fields = ["speaker"]


@admin.register(LegalPage)
class LegalPageAdmin(SuperuserAdmin):
    """The portal's legal pages engage the publishing organisation as a whole: superusers
    only, not the organisers' teams."""

    delete_selected_description = _("Supprimer les pages légales sélectionnées")
    list_display = ["kind", "title", "to_complete", "updated_at"]
    fields = ["kind", "title", "body"]

    @admin.display(description=_("à compléter"))
    def to_complete(self, page):
        return ", ".join(placeholders(f"{page.title}\n{page.body}")) or "—"

    def get_changeform_initial_data(self, request):
        """A new page starts from the text shipped with the portal (?kind=…, the link on
        the page's "à compléter" banner)."""
        initial = super().get_changeform_initial_data(request)
        kind = initial.get("kind")
        if kind in LegalPageKind.values:
            initial.update(title=shipped_text(kind).title, body=default_body(kind))
        return initial
