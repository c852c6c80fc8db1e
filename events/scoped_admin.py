"""The admin, scoped: every admin class of the portal derives from one of these, so that
lists, pages, actions, autocompletes and inlines show and accept only what the user's team
roles allow (events/scoping.py). Django's model permissions are not used for staff: the
roles are.

- `EventScopedAdmin`: rows that belong to an event (`scope_path` leads to it).
- `OrganiserScopedAdmin`: rows that belong to an organiser (cycles, the team).
- `SharedAdmin`: reference data every organiser uses (venues, speakers): any event editor
  views, adds and corrects them; only superusers delete them (another organiser's
  programme may use them).
- `SuperuserAdmin`: what only the portal's superusers manage.

An object outside the user's scope is "not found" (404), like a page that does not exist.

Every one of them also names each input for screen readers (quartiers2030/admin_labels.py)
and words "delete selected" with the right agreement.
"""

from operator import attrgetter

from django.contrib import admin
from django.http import Http404

from quartiers2030.admin_labels import label_parts, labelled_rows

from . import scoping
from .models import Cycle, Event, Organiser, ProgrammeSlot
from .scoping import Can


class _Accessible:
    """Inputs with an accessible name; "Supprimer les … sélectionné(e)s" agreed.

    Django's French says "Supprimer les %(verbose_name_plural)s sélectionnés" for every
    model: an admin of a feminine plural sets `delete_selected_description`."""

    delete_selected_description = None

    def get_form(self, request, obj=None, change=False, **kwargs):
        return label_parts(super().get_form(request, obj, change=change, **kwargs))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions and self.delete_selected_description:
            function, name, _description = actions["delete_selected"]
            actions["delete_selected"] = (function, name, self.delete_selected_description)
        return actions


class AccessibleInline:
    """The rows of a tabular inline name their inputs after the column and the row."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        label_parts(formset.form)
        if isinstance(self, admin.TabularInline):
            formset = labelled_rows(formset)
        return formset


class _NotFoundOutsideScope(_Accessible):
    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:  # the admin would redirect with "perhaps it was deleted?"
            raise Http404
        return obj

    def has_module_permission(self, request):
        return scoping.is_team_member(request.user) and request.user.is_staff


class _LimitedChoices:
    """Foreign keys offer only what the user may attach things to."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        model = db_field.related_model
        if model is Event:
            kwargs["queryset"] = scoping.events_for(user, Can.EDIT_EVENT)
        elif model is Organiser and db_field.name == "organiser":
            kwargs["queryset"] = scoping.organisers_for(user, Can.EDIT_EVENT)
        elif model is Cycle:
            kwargs["queryset"] = Cycle.objects.filter(
                organiser__in=scoping.organisers_for(user, Can.EDIT_EVENT)
            )
        elif model is ProgrammeSlot:
            kwargs["queryset"] = scoping.scope(
                ProgrammeSlot.objects.all(), user, Can.EDIT_EVENT, path="event"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class _CapabilityPermissions:
    """The admin's four permissions from two capabilities: viewing, and editing (which also
    adds and deletes). `_can(request, capability, obj)` says whether the user has it on
    `obj` (None: anywhere)."""

    def has_view_permission(self, request, obj=None):
        return self._can(request, self.view_capability, obj) or self.has_change_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return self._can(request, self.edit_capability, obj)

    def has_add_permission(self, request):
        return self._can(request, self.edit_capability, None)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class EventScopedMixin(_LimitedChoices, _CapabilityPermissions):
    scope_path = "event"  # from the model to its event; "" for events themselves
    view_capability = Can.VIEW_EVENT
    edit_capability = Can.EDIT_EVENT

    def get_queryset(self, request):
        return scoping.scope(
            super().get_queryset(request),
            request.user,
            self.view_capability,
            path=self.scope_path,
        )

    def event_of(self, obj) -> Event:
        return attrgetter(self.scope_path.replace("__", "."))(obj) if self.scope_path else obj

    def _can(self, request, capability, obj) -> bool:
        if obj is None or obj.pk is None:
            return scoping.can(request.user, capability)
        return scoping.can(request.user, capability, event=self.event_of(obj))


class EventScopedAdmin(_NotFoundOutsideScope, EventScopedMixin, admin.ModelAdmin):
    pass


class EventScopedInline(AccessibleInline, EventScopedMixin):
    """For inlines: the permissions receive the parent object (an event, a slot, a
    registration), whose event decides; the rows are scoped like any list."""

    def event_of(self, obj) -> Event:
        return obj if isinstance(obj, Event) else obj.event

    def has_view_permission(self, request, obj=None):
        return self._can(request, self.view_capability, obj)

    def has_change_permission(self, request, obj=None):
        return self._can(request, self.edit_capability, obj)

    def has_add_permission(self, request, obj=None):
        return self._can(request, self.edit_capability, obj)


class OrganiserScopedAdmin(
    _NotFoundOutsideScope, _LimitedChoices, _CapabilityPermissions, admin.ModelAdmin
):
    """Rows of an organiser (`organiser_path` leads to it; "" for organisers themselves)."""

    organiser_path = "organiser"
    view_capability = Can.VIEW_EVENT
    edit_capability = Can.EDIT_EVENT

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if scoping.is_superuser(request.user):
            return queryset
        lookup = f"{self.organiser_path}__in" if self.organiser_path else "pk__in"
        allowed = scoping.organisers_for(request.user, self.view_capability)
        return queryset.filter(**{lookup: allowed.values("pk")})

    def organiser_of(self, obj) -> Organiser:
        return attrgetter(self.organiser_path)(obj) if self.organiser_path else obj

    def _can(self, request, capability, obj) -> bool:
        user = request.user
        if scoping.is_superuser(user):
            return True
        if obj is None or obj.pk is None:
            return bool(scoping.organiser_ids_for(user, capability))
        return scoping.can(user, capability, organiser=self.organiser_of(obj))


class SharedMixin:
    """Reference data: shared by every organiser (see SharedAdmin, and the rooms inline)."""

    def has_view_permission(self, request, obj=None):
        return scoping.can(request.user, Can.EDIT_EVENT)

    def has_add_permission(self, request, obj=None):
        return scoping.can(request.user, Can.EDIT_EVENT)

    def has_change_permission(self, request, obj=None):
        return scoping.can(request.user, Can.EDIT_EVENT)

    def has_delete_permission(self, request, obj=None):
        return scoping.is_superuser(request.user)


class SharedAdmin(_NotFoundOutsideScope, SharedMixin, admin.ModelAdmin):
    pass


class SuperuserAdmin(_Accessible, admin.ModelAdmin):
    def has_module_permission(self, request):
        return scoping.is_superuser(request.user)

    def has_view_permission(self, request, obj=None):
        return scoping.is_superuser(request.user)

    def has_add_permission(self, request, obj=None):
        return scoping.is_superuser(request.user)

    def has_change_permission(self, request, obj=None):
        return scoping.is_superuser(request.user)

    def has_delete_permission(self, request, obj=None):
        return scoping.is_superuser(request.user)
