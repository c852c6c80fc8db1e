from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.scoped_admin import EventScopedAdmin, SuperuserAdmin
from events.scoping import Can

from .models import OpeningNotice, Profile


@admin.register(Profile)
class ProfileAdmin(SuperuserAdmin):
    """Profiles belong to no event: only the portal's superusers see them."""

    list_display = ["last_name", "first_name", "organisation", "category", "user"]
    search_fields = ["last_name", "first_name", "organisation", "user__email"]
    list_select_related = ["user"]


@admin.register(OpeningNotice)
class OpeningNoticeAdmin(EventScopedAdmin):
    view_capability = edit_capability = Can.VIEW_PEOPLE
    delete_selected_description = _("Supprimer les demandes d'alerte sélectionnées")
    list_display = ["email", "event", "created_at", "confirmed_at", "sent_at"]
    # Only the person, through the emailed link, confirms an address (double opt-in).
    readonly_fields = ["created_at", "confirmed_at", "sent_at"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["email"]
