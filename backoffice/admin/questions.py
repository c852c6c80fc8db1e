"""The organiser's own registration questions in the admin: the questions of an event (an
inline of the event's page), copying them from another event or from the organiser's
standard questions, the standard questions' own page, and the answers on a registration's
page (read only: the person changes them on their registration page)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.models import Event
from events.scoped_admin import EventScopedInline, OrganiserScopedAdmin
from events.scoping import Can, events_for
from registrations import services
from registrations.models import Answer, Question, StandardQuestion

QUESTION_FIELDS = [
    "order", "label", "kind", "choices", "help_text", "required", "audience", "sensitive",
]  # fmt: skip
QUESTION_WIDGETS = {
    "choices": forms.Textarea(attrs={"rows": 3, "cols": 40}),
    "help_text": forms.TextInput(attrs={"size": 60}),
    "label": forms.TextInput(attrs={"size": 60}),
}


class QuestionInline(EventScopedInline, admin.StackedInline):
    """The event's questions, asked after the fixed fields of its registration form. A
    question already answered can still change or go: the answers keep the label they
    were given to (Answer)."""

    model = Question
    fields = [
        ("order", "label"), "kind", "choices", "help_text", ("required", "audience", "sensitive"),
        "answer_count",
    ]  # fmt: skip
    readonly_fields = ["answer_count"]
    extra = 0
    verbose_name = _("question posée à l'inscription")
    verbose_name_plural = _("questions posées à l'inscription")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answered=Count("answers"))

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["widgets"] = QUESTION_WIDGETS
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("réponses reçues"))
    def answer_count(self, question):
        count = getattr(question, "answered", 0) if question.pk else 0
        if not count:
            return _("aucune")
        return ngettext(
            "%(n)d réponse : la modifier ou la supprimer garde la réponse avec son libellé.",
            "%(n)d réponses : la modifier ou la supprimer garde les réponses avec leur libellé.",
            count,
        ) % {"n": count}


class AnswerInline(EventScopedInline, admin.TabularInline):
    """Read only: the person changes their answers on their registration page."""

    model = Answer
    scope_path = "registration__event"
    view_capability = edit_capability = Can.VIEW_PEOPLE
    fields = ["label", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("réponse aux questions de l'événement")
    verbose_name_plural = _("réponses aux questions de l'événement")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("réponse"))
    def text(self, answer):
        return answer.text


class StandardQuestionForm(forms.ModelForm):
    class Meta:
        model = StandardQuestion
        fields = ["organiser", *QUESTION_FIELDS]
        widgets = QUESTION_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "organiser" in self.fields:
            self.fields["organiser"].required = True


@admin.register(StandardQuestion)
class StandardQuestionAdmin(OrganiserScopedAdmin):
    """The organiser's standard questions, copied into an event from its page ("Copier des
    questions"). Those who build events manage them."""

    view_capability = edit_capability = Can.EDIT_EVENT
    form = StandardQuestionForm
    list_display = ["label", "organiser", "kind", "required", "audience", "order"]
    list_filter = [("organiser", admin.RelatedOnlyFieldListFilter), "kind"]
    list_select_related = ["organiser"]
    search_fields = ["label"]
    delete_selected_description = _("Supprimer les questions types sélectionnées")


class CopyQuestionsForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Copier les questions de"),
        error_messages={"required": _("Choisissez d'où copier les questions.")},
    )


def copy_sources(event: Event, user) -> list[tuple[str, str]]:
    """The choices of "copy from": the organiser's standard questions, then the other
    events the user may see that have questions, latest first (two queries)."""
    choices = []
    standard = StandardQuestion.objects.filter(organiser=event.organiser_id).count()
    if standard:
        choices.append(
            (
                "standard",
                ngettext(
                    "Questions types de %(organiser)s (%(n)d question)",
                    "Questions types de %(organiser)s (%(n)d questions)",
                    standard,
                )
                % {"organiser": event.organiser, "n": standard},
            )
        )
    others = (
        events_for(user, Can.VIEW_EVENT)
        .exclude(pk=event.pk)
        .annotate(question_count=Count("questions"))
        .filter(question_count__gt=0)
        .order_by("-date", "pk")
    )
    for other in others:
        label = ngettext(
            "%(title)s du %(date)s (%(n)d question)",
            "%(title)s du %(date)s (%(n)d questions)",
            other.question_count,
        ) % {
            "title": other.title,
            "date": other.date.strftime("%d/%m/%Y"),
            "n": other.question_count,
        }
        choices.append((f"event-{other.pk}", label))
    return choices


def copy_questions_view(model_admin, request, object_id):
    """The "Copier des questions" button of an event's page: pick the source, copy its
    questions after the event's own."""
    event = model_admin.get_object(request, object_id)  # 404 outside the user's scope
    if not model_admin.has_change_permission(request, event):
        raise PermissionDenied
    form = CopyQuestionsForm(request.POST or None)
    form.fields["source"].choices = [("", "---------"), *copy_sources(event, request.user)]
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        if source == "standard":
            questions = StandardQuestion.objects.filter(organiser=event.organiser_id)
        else:
            other = events_for(request.user, Can.VIEW_EVENT).get(pk=int(source.split("-")[1]))
            questions = other.questions.all()
        copies = services.questions_copy(questions=list(questions), event=event)
        model_admin.message_user(
            request,
            ngettext("%(n)d question copiée.", "%(n)d questions copiées.", len(copies))
            % {"n": len(copies)},
            messages.SUCCESS,
        )
        return redirect("admin:events_event_change", event.pk)
    return render(
        request,
        "admin/events/event/copy_questions.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Copier des questions"),
            "event": event,
            "form": form,
            "opts": model_admin.model._meta,
            "current": list(event.questions.all()),
        },
    )
