from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.enums import SlotKind
from events.models import Event
from quartiers2030.text import single_line_formfield

from .enums import Attendance, QuestionAudience, QuestionKind
from .models import Answer, OpeningNotice, Profile, Question, Registration, WorkshopChoice
from .selectors import workshop_seats_taken

no_markup = RegexValidator(
    r"[<>]", inverse_match=True, message=_("Les caractères < et > ne sont pas acceptés.")
)
TEXT_FIELDS = ("first_name", "last_name", "organisation", "function", "territory", "phone")
# Browsers and phones fill these in for the participant (WCAG 1.3.5).
AUTOCOMPLETE = {
    "civility": "honorific-prefix", "first_name": "given-name", "last_name": "family-name",
    "organisation": "organization", "function": "organization-title", "phone": "tel",
}  # fmt: skip


class WorkshopRadioSelect(forms.RadioSelect):
    """Radio buttons where full ateliers are shown but cannot be picked."""

    def __init__(self, *args, disabled_values=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled_values = {str(v) for v in disabled_values}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.disabled_values:
            option["attrs"]["disabled"] = True
        return option


class WorkshopChoicesMixin:
    """One required radio group per ateliers slot of the event, showing places left.

    With `wishes` (the person goes to the waiting list: the event is full on site), full
    ateliers can be picked too: the choice is kept as a wish, given on promotion if the
    atelier still has room (registering._promote_waiting)."""

    def add_workshop_fields(self, event: Event, *, current=None, wishes=lambda: False):
        current = current or {}
        self.workshop_fields = []
        if not getattr(event, "has_ateliers", True):  # selectors.registration_form_events
            return
        slots = event.slots.filter(kind=SlotKind.WORKSHOPS).prefetch_related("workshops__room")
        all_workshops = [w for slot in slots for w in slot.workshops.all()]
        if not all_workshops:  # most events: one query said so, nothing more to build
            return
        wishes = wishes()
        taken = workshop_seats_taken(all_workshops)
        for slot in slots:
            workshops = list(slot.workshops.all())
            if not workshops:
                continue
            full, labels = set(), {}
            for workshop in workshops:
                capacity = workshop.effective_capacity
                left = None if capacity is None else capacity - taken.get(workshop.pk, 0)
                mine = current.get(slot.pk) == workshop.pk
                if left is not None and left <= 0 and not mine and not wishes:
                    full.add(workshop.pk)
                labels[workshop.pk] = workshop_label(workshop, left, mine, wishes=wishes)
            name = f"slot_{slot.pk}"
            field = forms.ModelChoiceField(
                label=_("%(start)s – %(title)s")
                % {"start": slot.start.strftime("%Hh%M"), "title": slot.title},
                queryset=slot.workshops.all(),
                widget=WorkshopRadioSelect(disabled_values=full),
                required=len(full) < len(workshops),
                empty_label=None,
                initial=current.get(slot.pk),
                error_messages={"required": _("Choisissez un atelier."),
                                "invalid_choice": _("Cet atelier n'existe pas.")},
            )  # fmt: skip
            field.label_from_instance = lambda w, labels=labels: labels[w.pk]
            field.full_ids = full
            self.fields[name] = field
            self.workshop_fields.append(name)

    def clean_workshops(self):
        for name in self.workshop_fields:
            workshop = self.cleaned_data.get(name)
            if workshop is not None and workshop.pk in self.fields[name].full_ids:
                self.add_error(name, _("Cet atelier est complet : choisissez-en un autre."))

    def chosen_workshops(self):
        return [self.cleaned_data[n] for n in self.workshop_fields if self.cleaned_data.get(n)]


def workshop_label(workshop, left, mine=False, *, wishes=False):
    parts = [workshop.title]
    if workshop.colour_name:
        parts.append(workshop.colour_name)
    if workshop.room:
        parts.append(str(workshop.room))
    if left is None:
        pass
    elif left <= 0 and not mine:
        parts.append(gettext("complet (souhait possible)") if wishes else gettext("complet"))
    else:
        parts.append(ngettext("%(n)d place restante", "%(n)d places restantes", left) % {"n": left})
    return " — ".join(parts)


ANSWER_REQUIRED = _("Répondez à cette question.")
ANSWER_ERRORS = {
    "required": ANSWER_REQUIRED,
    "max_length": _(
        "Cette réponse est trop longue : %(limit_value)d caractères au plus (elle en compte "
        "%(show_value)d)."
    ),
    "invalid_choice": _("Choisissez une des réponses proposées."),
    "invalid": _("Saisissez un nombre, par exemple 12 ou 2,5."),
    "max_digits": _("Ce nombre est trop grand."),
    "max_whole_digits": _("Ce nombre est trop grand."),
    "max_decimal_places": _("Deux chiffres après la virgule au plus."),
}
YES_NO = [("oui", _("Oui")), ("non", _("Non"))]
AUDIENCE_HINTS = {
    QuestionAudience.ON_SITE: _("Seulement si vous venez sur place."),
    QuestionAudience.REMOTE: _("Seulement si vous suivez à distance."),
}


def question_field(question: Question, *, remote_possible: bool, initial=None) -> forms.Field:
    """The form field asking `question`; `initial` is the stored answer, if any."""
    hints = [question.help_text] if question.help_text else []
    if remote_possible and question.audience:
        hints.append(str(AUDIENCE_HINTS[question.audience]))
    common = {
        "label": question.label,
        "help_text": " ".join(hints),
        "required": question.required,
        "error_messages": ANSWER_ERRORS,
    }
    kind = question.kind
    choices = [(choice, choice) for choice in question.choice_list()]
    if kind == QuestionKind.LONG_TEXT:
        field = forms.CharField(max_length=3000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    elif kind == QuestionKind.SINGLE_CHOICE:
        field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    elif kind == QuestionKind.MULTIPLE_CHOICE:
        common["error_messages"] = {**ANSWER_ERRORS, "required": _("Cochez au moins une réponse.")}
        field = forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
        initial = initial if isinstance(initial, list) else None
    elif kind == QuestionKind.YES_NO:
        field = forms.TypedChoiceField(
            choices=YES_NO, coerce=lambda value: value == "oui", empty_value=None,
            widget=forms.RadioSelect, **common,
        )  # fmt: skip
        initial = {True: "oui", False: "non"}.get(initial) if isinstance(initial, bool) else None
    elif kind == QuestionKind.NUMBER:
        field = forms.DecimalField(
            max_digits=12, decimal_places=2, localize=True,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common,
        )  # fmt: skip
        initial = (
            initial if isinstance(initial, int | float) and not isinstance(initial, bool) else None
        )
    else:
        field = forms.CharField(max_length=300, **common)
    if isinstance(initial, list) and kind != QuestionKind.MULTIPLE_CHOICE:
        initial = None  # the question's kind changed since: nothing sensible to show
    field.initial = initial
    return field


def stored_value(value):
    """What an answer field gives, as stored (Answer.value); None for no answer."""
    if value is None or value in ("", []):
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class QuestionFieldsMixin:
    """One field per question of the event, after the fixed fields. A question asked only
    on site (or only remotely) is validated and kept only for those attending that way."""

    def add_question_fields(self, event: Event, *, current=None):
        current = current or {}
        self.questions = {}
        if not getattr(event, "has_questions", True):  # selectors.registration_form_events
            return
        remote_possible = event.remote_attendance
        for question in event.questions.all():
            if question.audience == QuestionAudience.REMOTE and not remote_possible:
                continue
            name = f"question_{question.pk}"
            self.fields[name] = question_field(
                question, remote_possible=remote_possible, initial=current.get(question.pk)
            )
            self.questions[name] = question

    @property
    def question_fields(self) -> list[str]:
        return list(self.questions)

    def clean_questions(self, attendance: str):
        for name, question in self.questions.items():
            if not question.applies_to(attendance):
                self.errors.pop(name, None)
                self.cleaned_data.pop(name, None)

    def answers(self) -> dict[int, object]:
        """{question pk: stored value (None: no answer)} of the questions answered."""
        return {
            question.pk: stored_value(self.cleaned_data[name])
            for name, question in self.questions.items()
            if name in self.cleaned_data
        }


class ParticipantFormMixin:
    """Markup refused, autocomplete tokens and a tel input: for every form about a person."""

    def prepare_participant_fields(self):
        for name in TEXT_FIELDS:
            if name in self.fields:
                self.fields[name].validators.append(no_markup)
        for name, token in AUTOCOMPLETE.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = token
        if "phone" in self.fields:
            self.fields["phone"].widget.input_type = "tel"


class ProfileForm(ParticipantFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = single_line_formfield
        model = Profile
        fields = Profile.PARTICIPANT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_participant_fields()


class RegistrationForm(
    ParticipantFormMixin, WorkshopChoicesMixin, QuestionFieldsMixin, forms.ModelForm
):
    """The participant's registration: identity, attendance, ateliers, needs, consents."""

    privacy = forms.BooleanField(
        label=_("J'ai lu la notice d'information sur mes données personnelles."),
        error_messages={"required": _("Merci de confirmer avoir lu la notice.")},
    )

    class Meta:
        formfield_callback = single_line_formfield
        model = Registration
        fields = [
            *Registration.PARTICIPANT_FIELDS, "attendance", "lunch", "accessibility_needs",
            "diet", "image_consent", "list_consent",
        ]  # fmt: skip
        widgets = {
            "attendance": forms.RadioSelect,
            "accessibility_needs": forms.Textarea(attrs={"rows": 2}),
            "diet": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "lunch": _("Je déjeune sur place"),
            "image_consent": _(
                "J'accepte d'être photographié·e ou filmé·e et que ces images soient diffusées "
                "par les organisateurs pour rendre compte de l'événement."
            ),
            "list_consent": _(
                "J'accepte que mon nom et ma structure figurent sur la liste des participant·es "
                "de l'événement."
            ),
        }
        help_texts = {
            # What registrations.selectors.may_see_participants does: keep them in step.
            "list_consent": _(
                "Elle est visible, sur la page de l'événement, des inscrit·es confirmé·es une "
                "fois connecté·es, et de l'équipe organisatrice. Vous y figurez une fois votre "
                "inscription confirmée."
            ),
            "accessibility_needs": _("Facultatif. Effacé après l'événement."),
            "diet": _("Facultatif. Effacé après l'événement."),
        }

    def __init__(self, *args, event: Event, waiting_list=lambda: False, **kwargs):
        """`waiting_list()`: whether the person would go to the waiting list (full on
        site), asked only when the event has ateliers (their choice becomes a wish)."""
        super().__init__(*args, **kwargs)
        self.event = event
        self.prepare_participant_fields()
        self.fields["category"].choices = [("", "---------"), *self.fields["category"].choices[1:]]
        if event.remote_attendance:
            self.fields["attendance"].choices = Attendance.choices
        else:
            del self.fields["attendance"]
        if not event.lunch_on_site:
            del self.fields["lunch"]
        self.add_workshop_fields(event, wishes=waiting_list)
        self.add_question_fields(event)
        # The page's order, which the error summary follows.
        self.order_fields(
            [
                *Registration.PARTICIPANT_FIELDS, "attendance", "lunch", *self.workshop_fields,
                "accessibility_needs", "diet", "image_consent", "list_consent",
                *self.question_fields, "privacy",
            ]
        )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        self.clean_questions(cleaned.get("attendance") or Attendance.ON_SITE)
        if cleaned.get("attendance") == Attendance.REMOTE:
            # Ateliers and lunch happen on site: nothing to choose when following remotely.
            for name in self.workshop_fields:
                self.errors.pop(name, None)
                cleaned.pop(name, None)
        else:
            self.clean_workshops()
        return cleaned

    def _post_clean(self):
        # The model instance is built by the service, not by the form.
        pass


class WorkshopChangeForm(WorkshopChoicesMixin, forms.Form):
    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        current = dict(
            WorkshopChoice.objects.filter(registration=registration).values_list(
                "slot_id", "workshop_id"
            )
        )
        self.add_workshop_fields(registration.event, current=current)

    def clean(self):
        cleaned = super().clean()
        self.clean_workshops()
        return cleaned


class RegistrationUpdateForm(QuestionFieldsMixin, forms.ModelForm):
    """What the person may still change on their registration page (registration_update):
    attendance, lunch, needs, consents, answers. Who they are stays as registered."""

    class Meta:
        model = Registration
        fields = [
            "attendance", "lunch", "accessibility_needs", "diet", "image_consent",
            "list_consent",
        ]  # fmt: skip
        widgets = {
            "attendance": forms.RadioSelect,
            "accessibility_needs": forms.Textarea(attrs={"rows": 2}),
            "diet": forms.Textarea(attrs={"rows": 2}),
        }
        labels = RegistrationForm.Meta.labels
        help_texts = {
            **RegistrationForm.Meta.help_texts,
            "attendance": _(
                "Les ateliers ont lieu sur place : en passant à distance, vos ateliers sont "
                "libérés. Passer sur place n'est possible que s'il reste de la place."
            ),
        }

    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, instance=registration, **kwargs)
        event = registration.event
        if event.remote_attendance:
            self.fields["attendance"].choices = Attendance.choices
        else:
            del self.fields["attendance"]
        if not event.lunch_on_site:
            del self.fields["lunch"]
        else:
            self.fields["lunch"].help_text = _("Seulement si vous venez sur place.")
        current = dict(
            Answer.objects.filter(registration=registration, question__isnull=False).values_list(
                "question_id", "value"
            )
        )
        self.add_question_fields(event, current=current)

    def clean(self):
        cleaned = super().clean()
        self.clean_questions(cleaned.get("attendance") or self.instance.attendance)
        return cleaned

    def _post_clean(self):
        # The registration is changed by the service, under its lock, not by the form.
        pass


class OpeningNoticeForm(forms.Form):
    """ "Tell me when it opens": an address, no longer than the column that stores it."""

    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        max_length=OpeningNotice._meta.get_field("email").max_length,
        error_messages={
            "required": _("Saisissez votre adresse électronique."),
            "invalid": _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr."),
            "max_length": _(
                "Cette adresse est trop longue : %(limit_value)d caractères au plus "
                "(elle en compte %(show_value)d)."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
