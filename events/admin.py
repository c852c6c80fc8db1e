from django.contrib import admin
from django.contrib.admin import widgets
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Cycle, Event, Organiser, ProgrammeSlot, Room, SlotSpeaker, Speaker, Venue

# Programmes are written to the minute: "09:30", not "09:30:00".
HOURS_AND_MINUTES = {models.TimeField: {"widget": widgets.AdminTimeWidget(format="%H:%M")}}


@admin.register(Organiser)
class OrganiserAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "region"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["title", "organiser"]
    list_filter = ["organiser"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organiser"]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 1


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "department"]
    list_filter = ["department"]
    search_fields = ["name", "city", "postcode"]
    inlines = [RoomInline]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "role", "organisation"]
    search_fields = ["last_name", "first_name", "organisation", "role"]


def limit_rooms_to_venue(form_class, event):
    """Offer only the rooms of the event's venue. `form_class` is built anew for each
    request by the admin, so changing its fields does not leak into other requests."""
    if event is not None and event.venue_id and "room" in form_class.base_fields:
        form_class.base_fields["room"].queryset = Room.objects.filter(venue=event.venue_id)
    return form_class


class ProgrammeSlotInline(admin.TabularInline):
    model = ProgrammeSlot
    fields = ["start", "end", "kind", "title", "room", "streamed"]
    extra = 3
    show_change_link = True
    formfield_overrides = HOURS_AND_MINUTES

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        limit_rooms_to_venue(formset.form, obj)
        return formset


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "venue", "status", "registration_mode"]
    list_filter = ["status", "kind", "registration_mode", "organiser", "cycle"]
    search_fields = ["title", "theme", "venue__city", "venue__name"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organiser", "cycle", "venue"]
    filter_horizontal = ["partners"]
    save_on_top = True
    formfield_overrides = HOURS_AND_MINUTES
    inlines = [ProgrammeSlotInline]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "theme", "status", "organiser", "partners",
                           "cycle"]}),
        (_("Date et lieu"), {"fields": ["date", "doors_open", "start_time", "end_time", "venue"]}),
        (_("Contenu"), {"fields": ["audience", "objectives", "description"]}),
        (_("Inscriptions"), {"fields": [
            "registration_mode", "registration_opens_at", "registration_closes_at",
            "onsite_capacity", "approval_required", "lunch", "remote_attendance",
            "remote_details", "videoconference_url",
        ]}),
    ]  # fmt: skip


class SlotSpeakerInline(admin.TabularInline):
    model = SlotSpeaker
    extra = 1
    autocomplete_fields = ["speaker"]


@admin.register(ProgrammeSlot)
class ProgrammeSlotAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "kind", "room", "streamed"]
    list_filter = ["kind", "streamed", "event__date"]
    list_select_related = ["event", "room"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
    inlines = [SlotSpeakerInline]
    formfield_overrides = HOURS_AND_MINUTES

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return limit_rooms_to_venue(form, obj.event if obj else None)
