from django.contrib import admin

from .models import OpeningNotice, Profile


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
