"""Ateliers in the admin. The inline is placed on the programme slot's page by
backoffice/admin/events.py, which composes the event and slot pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.admin import limit_rooms_to_venue
from events.scoped_admin import EventScopedAdmin, EventScopedInline

from .models import Workshop


class WorkshopInline(EventScopedInline, admin.StackedInline):
    scope_path = "slot__event"

    model = Workshop
    extra = 1
    autocomplete_fields = ["facilitators", "presenters"]
    fields = [
        ("number", "kind"),
        "title",
        "description",
        ("room", "capacity"),
        ("colour_name", "colour_hex"),
        "territory",
        "presenters",
        "facilitators",
    ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        limit_rooms_to_venue(formset.form, obj.event if obj else None)
        return formset


@admin.register(Workshop)
class WorkshopAdmin(EventScopedAdmin):
    scope_path = "slot__event"

    list_display = ["__str__", "event", "slot", "room", "colour_name", "capacity"]
    list_filter = ["kind", ("slot__event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["slot__event", "room"]
    search_fields = ["title", "territory", "slot__event__title"]
    autocomplete_fields = ["slot", "facilitators", "presenters"]

    @admin.display(description=_("événement"), ordering="slot__event__date")
    def event(self, obj):
        return obj.slot.event
