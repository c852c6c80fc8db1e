"""The trail of personal-data access in the admin: what the organiser's team exported,
printed, sent or looked at, for the organisation's administrators (their organiser's
entries) and the superusers (all of them, portal-wide runs included).

Read only, for everyone: a trail that can be edited proves nothing. Entries leave only
through the purge at the end of the period (`settings.PERSONAL_DATA_TRAIL_MONTHS`)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events import scoping
from events.scoped_admin import OrganiserScopedAdmin
from events.scoping import Can
from registrations.models import PersonalDataAccess


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(OrganiserScopedAdmin):
    view_capability = Can.MANAGE_TEAM
    list_display = ["at", "action", "event_name", "organiser", "user_label", "count", "detail"]
    list_filter = [
        "action",
        ("event", admin.RelatedOnlyFieldListFilter),
        "at",
        ("organiser", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["organiser"]
    search_fields = ["user_label", "event_label", "detail"]
    fields = [
        "at", "action", "count", "detail", "organiser", "event", "event_label", "user",
        "user_label",
    ]  # fmt: skip
    actions = None

    @admin.display(description=_("événement"), ordering="event_label")
    def event_name(self, entry):
        # The frozen label: still there once the event is deleted, and no join.
        return entry.event_label

    def has_view_permission(self, request, obj=None):
        user = request.user
        if scoping.is_superuser(user):
            return True
        organiser_ids = scoping.organiser_ids_for(user, self.view_capability)
        if obj is None:
            return bool(organiser_ids)
        # By id: a portal-wide entry (no organiser) is the superusers' only.
        return obj.organiser_id is not None and obj.organiser_id in organiser_ids

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
