"""Ateliers in the admin. The inline is placed on the programme slot's page by
backoffice/admin/events.py, which composes the event and slot pages."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.admin import limit_rooms_to_venue, posted_id
from events.models import ProgrammeSlot
from events.scoped_admin import EventScopedAdmin, EventScopedInline

from .enums import COLOUR_HEX, Colour
from .models import Workshop


class WorkshopAdminForm(forms.ModelForm):
    """The colour is picked from the named palette; its shade follows, unless a code is typed
    (the exception: a partner's own colour)."""

    colour_name = forms.ChoiceField(label=_("Couleur"), required=False)

    class Meta:
        model = Workshop
        fields = [
            "slot", "number", "kind", "title", "description", "room", "capacity", "colour_name",
            "colour_hex", "territory", "presenters", "facilitators",
        ]  # fmt: skip
        help_texts = {
            "colour_hex": _("Vide : la teinte de la couleur choisie. Par exemple : #1F5FAD."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "---------"), *Colour.choices]
        current = self.initial.get("colour_name")
        if current and current not in Colour.values:  # typed before the palette existed
            choices.append((current, current))
        self.fields["colour_name"].choices = choices

    def clean(self):
        cleaned = super().clean()
        name, code = cleaned.get("colour_name"), cleaned.get("colour_hex")
        if code and not name:
            self.add_error(
                "colour_name",
                _("Choisissez le nom de la couleur : c'est lui qu'impriment badges et agendas."),
            )
        elif name in COLOUR_HEX and not code:
            cleaned["colour_hex"] = COLOUR_HEX[name]
            self.instance.colour_hex = COLOUR_HEX[name]
        return cleaned


class WorkshopInline(EventScopedInline, admin.StackedInline):
    scope_path = "slot__event"

    model = Workshop
    form = WorkshopAdminForm
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
        limit_rooms_to_venue(formset.form, obj.event.venue_id if obj else None)
        return formset


@admin.register(Workshop)
class WorkshopAdmin(EventScopedAdmin):
    scope_path = "slot__event"

    form = WorkshopAdminForm
    list_display = ["__str__", "event", "slot", "room", "colour_name", "capacity"]
    list_filter = ["kind", ("slot__event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["slot__event", "room"]
    search_fields = ["title", "territory", "slot__event__title"]
    autocomplete_fields = ["slot", "facilitators", "presenters"]

    @admin.display(description=_("événement"), ordering="slot__event__date")
    def event(self, obj):
        return obj.slot.event

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The rooms of the slot's event venue (the slot sent, else the atelier's)."""
        form = super().get_form(request, obj, change=change, **kwargs)
        slot_id = posted_id(request, "slot") or (obj.slot_id if obj else None)
        venue_id = (
            ProgrammeSlot.objects.filter(pk=slot_id).values_list("event__venue", flat=True).first()
        )
        return limit_rooms_to_venue(form, venue_id)
