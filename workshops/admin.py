"""Ateliers in the admin, and the event and slot admins extended with them.

`events` cannot know about ateliers (dependencies point one way), so this module
re-registers the slot and event admins with what ateliers add: the atelier inline on a slot,
and duplicating an event with its ateliers.
"""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.admin import limit_rooms_to_venue
from events.enums import SlotKind
from events.models import Event, ProgrammeSlot

from .models import Workshop
from .services import event_duplicate_with_workshops


class WorkshopInline(admin.StackedInline):
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
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "slot", "room", "colour_name", "capacity"]
    list_filter = ["kind", "slot__event"]
    list_select_related = ["slot__event", "room"]
    search_fields = ["title", "territory", "slot__event__title"]
    autocomplete_fields = ["slot", "facilitators", "presenters"]

    @admin.display(description=_("événement"), ordering="slot__event__date")
    def event(self, obj):
        return obj.slot.event


SlotAdmin = type(admin.site.get_model_admin(ProgrammeSlot))
EventAdmin = type(admin.site.get_model_admin(Event))


class ProgrammeSlotWithWorkshopsAdmin(SlotAdmin):
    inlines = [*SlotAdmin.inlines, WorkshopInline]


class DuplicateEventForm(forms.Form):
    date = forms.DateField(label=_("Nouvelle date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(
        label=_("Nouveau titre"),
        required=False,
        max_length=250,
        help_text=_("Vide : le même titre."),
    )


class EventWithWorkshopsAdmin(EventAdmin):
    actions = [*EventAdmin.actions, "duplicate"]
    readonly_fields = [*EventAdmin.readonly_fields, "workshops_overview"]
    fieldsets = [*EventAdmin.fieldsets, (_("Ateliers"), {"fields": ["workshops_overview"]})]

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

    @admin.action(description=_("Dupliquer vers une nouvelle date (programme et ateliers)"))
    def duplicate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Sélectionnez un seul événement à dupliquer."), messages.WARNING
            )
            return None
        event = queryset.get()
        form = DuplicateEventForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            copy = event_duplicate_with_workshops(
                event=event, date=form.cleaned_data["date"], title=form.cleaned_data["title"]
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


admin.site.unregister(ProgrammeSlot)
admin.site.register(ProgrammeSlot, ProgrammeSlotWithWorkshopsAdmin)
admin.site.unregister(Event)
admin.site.register(Event, EventWithWorkshopsAdmin)
