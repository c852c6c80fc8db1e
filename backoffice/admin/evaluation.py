"""The evaluation questionnaire in the admin: the organiser's templates (its standard
questions), and each event's questionnaire, made from a template and adjustable. The
results are a staff page (backoffice/views/evaluation.py), linked from here."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events import scoping
from events.scoped_admin import (
    AccessibleInline,
    EventScopedAdmin,
    EventScopedInline,
    OrganiserScopedAdmin,
)
from events.scoping import Can
from registrations.models import (
    Evaluation,
    EvaluationQuestion,
    EvaluationTemplate,
    EvaluationTemplateQuestion,
)
from registrations.services import evaluation as service

QUESTION_FIELDS = [
    "order", "kind", "label", "help_text", "choices", "required", "per_workshop",
    "satisfaction",
]  # fmt: skip


class TemplateQuestionInline(AccessibleInline, admin.StackedInline):
    model = EvaluationTemplateQuestion
    fields = QUESTION_FIELDS
    extra = 0

    # The template's own permissions decide (an inline of an organiser's row).
    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return obj is None or scoping.can(request.user, Can.EDIT_EVENT, organiser=obj.organiser)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


@admin.register(EvaluationTemplate)
class EvaluationTemplateAdmin(OrganiserScopedAdmin):
    list_display = ["name", "organiser"]
    fields = ["organiser", "name", "intro"]
    inlines = [TemplateQuestionInline]
    delete_selected_description = _("Supprimer les modèles sélectionnés")


class EvaluationQuestionInline(EventScopedInline, admin.StackedInline):
    model = EvaluationQuestion
    fields = QUESTION_FIELDS
    extra = 0
    scope_path = "evaluation__event"


@admin.register(Evaluation)
class EvaluationAdmin(EventScopedAdmin):
    list_display = ["event", "anonymous", "starts_at", "ends_at", "results_link"]
    fields = ["event", "template", "intro", "anonymous", "opens_at", "days_open", "results_link"]
    readonly_fields = ["results_link"]
    inlines = [EvaluationQuestionInline]

    @admin.display(description=_("résultats"))
    def results_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("backoffice:evaluation", args=[obj.event.slug]),
            _("Voir les résultats"),
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "template":
            kwargs["queryset"] = EvaluationTemplate.objects.filter(
                organiser__in=scoping.organisers_for(request.user, Can.EDIT_EVENT)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        evaluation = form.instance
        # A new questionnaire made from a template gets the template's questions.
        if not change and evaluation.template and not evaluation.questions.exists():
            service.evaluation_copy_template(evaluation=evaluation, template=evaluation.template)
