from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.scoped_admin import EventScopedAdmin, EventScopedInline
from quartiers2030.choices import freeze_choices

from .models import Resource, Takeaway
from .validators import ALLOWED_TYPES_TEXT, FILE_TYPES


@dataclass(frozen=True)
class _StoredFileLink:
    url: str
    name: str

    def __str__(self):
        return self.name


class ResourceFileWidget(AdminFileWidget):
    """The current file links to the download view (safe headers, works wherever media/
    is not served) under its download name, not to media/ under its random one."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        resource = getattr(value, "instance", None)
        if context["widget"]["is_initial"] and resource is not None and resource.pk:
            context["widget"]["value"] = _StoredFileLink(resource.href, resource.download_name)
        return context


class ResourceFileFieldMixin:
    """Tell staff what the file field accepts, and let the browser's picker filter on it.

    The limit is read per request (not at import) so that changing the setting applies.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = ResourceFileWidget(
                attrs={"accept": ",".join(f".{extension}" for extension in FILE_TYPES)}
            )
            kwargs["help_text"] = _("Formats acceptés : %(types)s. %(limit)s Mo au plus.") % {
                "types": ALLOWED_TYPES_TEXT,
                "limit": settings.RESOURCE_MAX_UPLOAD_MB,
            }
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ResourceInline(EventScopedInline, ResourceFileFieldMixin, admin.TabularInline):
    model = Resource
    extra = 0
    fields = ["title", "kind", "slot", "file", "url", "published", "order"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            formset.form.base_fields["slot"].queryset = obj.slots.all()
        freeze_choices(formset.form.base_fields["slot"])
        return formset


class TakeawayInline(EventScopedInline, admin.StackedInline):
    model = Takeaway
    extra = 0
    fields = ["text", ("published", "order")]


@admin.register(Resource)
class ResourceAdmin(ResourceFileFieldMixin, EventScopedAdmin):
    delete_selected_description = gettext_lazy("Supprimer les ressources sélectionnées")
    list_display = ["title", "kind", "event", "published"]
    list_filter = ["published", "kind", "event__date"]
    list_select_related = ["event"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event", "slot"]


@admin.register(Takeaway)
class TakeawayAdmin(EventScopedAdmin):
    delete_selected_description = gettext_lazy("Supprimer les « À retenir » sélectionnés")
    list_display = ["__str__", "event", "published"]
    list_filter = ["published"]
    list_select_related = ["event"]
    search_fields = ["text", "event__title"]
    autocomplete_fields = ["event"]
