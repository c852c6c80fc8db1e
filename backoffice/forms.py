"""The organising team's forms: at the door, messages, working groups."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.enums import SlotKind
from events.models import Event, ProgrammeSlot
from quartiers2030.text import single_line_formfield
from registrations.enums import Attendance, RegistrationStatus
from registrations.forms import ParticipantFormMixin
from registrations.models import Registration, WorkingGroup
from registrations.visio_report import Tool
from workshops.models import Workshop


class WalkInForm(ParticipantFormMixin, forms.ModelForm):
    """Someone who came without registering, typed in at the door by staff."""

    class Meta:
        formfield_callback = single_line_formfield
        model = Registration
        fields = [
            "civility", "first_name", "last_name", "email", "organisation", "function",
            "category", "territory",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_participant_fields()
        self.fields["category"].choices = [("", "---------"), *self.fields["category"].choices[1:]]
        self.fields["email"].help_text = _("Pour lui envoyer son attestation de présence.")


class StaffMessageForm(forms.Form):
    """A message from the organising team to all, or some, of an event's registrants."""

    STATUSES = [
        (RegistrationStatus.CONFIRMED, _("Confirmées")),
        (RegistrationStatus.PENDING, _("En attente de validation")),
        (RegistrationStatus.WAITING, _("Sur liste d'attente")),
    ]
    statuses = forms.MultipleChoiceField(
        label=_("Inscriptions"),
        choices=STATUSES,
        initial=[RegistrationStatus.CONFIRMED],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un statut.")},
    )
    attendance = forms.ChoiceField(
        label=_("Participation"),
        choices=[("", _("Sur place et à distance")), *Attendance.choices],
        required=False,
    )
    workshop = forms.ModelChoiceField(
        label=_("Atelier"),
        queryset=Workshop.objects.none(),
        required=False,
        empty_label=_("Tous les ateliers"),
    )
    presence = forms.ChoiceField(
        label=_("Présence"),
        choices=[
            ("", _("Tout le monde")),
            ("present", _("Présent·es (au moins une demi-journée)")),
            ("absent", _("Absent·es")),
        ],
        required=False,
        help_text=_("D'après l'émargement, une fois l'événement commencé."),
    )
    subject = forms.CharField(label=_("Objet"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Texte simple. « Bonjour Prénom Nom, » et la signature sont ajoutés."),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(slot__event=event).order_by(
            "slot__start", "number"
        )

    def clean_subject(self):
        # Mail headers hold one line: Django refuses to send a subject with a line break.
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise forms.ValidationError(
                _("L'objet doit tenir sur une ligne : retirez le retour à la ligne.")
            )
        return subject

    def audience(self) -> str:
        """The filters in words, kept with the message."""
        data = self.cleaned_data
        labels = dict(self.STATUSES)
        parts = [", ".join(str(labels[s]) for s in data["statuses"])]
        for name in ("attendance", "workshop", "presence"):
            if data.get(name):
                field = self.fields[name]
                value = data[name]
                parts.append(str(value) if name == "workshop" else str(dict(field.choices)[value]))
        return " · ".join(parts)


class WorkingGroupsAssignForm(forms.Form):
    count = forms.IntegerField(label=_("Nombre de groupes"), min_value=1, max_value=200)
    capacity = forms.IntegerField(
        label=_("Places par groupe"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Facultatif. Vide : pas de limite."),
    )


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "room"]


class WorkingGroupMoveForm(forms.Form):
    registration = forms.ModelChoiceField(queryset=Registration.objects.none())
    group = forms.ModelChoiceField(queryset=WorkingGroup.objects.none(), required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = Registration.objects.filter(event=event)
        self.fields["group"].queryset = event.working_groups.all()


class WorkshopsFillForm(forms.Form):
    slot = forms.ModelChoiceField(queryset=ProgrammeSlot.objects.none())

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = event.slots.filter(kind=SlotKind.WORKSHOPS)


class RemoteReportForm(forms.Form):
    """The attendance report of the videoconference tool, exported as CSV."""

    tool = forms.ChoiceField(
        label=_("Outil de visioconférence"),
        choices=Tool.choices,
        initial=Tool.BBB,
        widget=forms.RadioSelect,
    )
    report = forms.FileField(
        label=_("Rapport de présence (CSV)"),
        help_text=_(
            "Le fichier tel que l'outil l'exporte : séparateur point-virgule, virgule ou "
            "tabulation, UTF-8, UTF-16 ou Windows-1252. 10 000 lignes au plus."
        ),
    )
    name_column = forms.CharField(label=_("Colonne du nom"), required=False, max_length=100)
    email_column = forms.CharField(
        label=_("Colonne de l'adresse électronique"), required=False, max_length=100
    )
    join_column = forms.CharField(
        label=_("Colonne de l'heure d'arrivée"), required=False, max_length=100
    )
    leave_column = forms.CharField(
        label=_("Colonne de l'heure de départ"), required=False, max_length=100
    )
    MAPPING = {"name": "name_column", "email": "email_column", "join": "join_column",
               "leave": "leave_column"}  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("tool") == Tool.GENERIC:
            for role in ("name", "join", "leave"):
                if not data.get(self.MAPPING[role]):
                    self.add_error(
                        self.MAPPING[role],
                        _("Indiquez le nom de cette colonne, tel qu'il figure dans le fichier."),
                    )
        return data

    @property
    def mapping(self) -> dict:
        return {role: self.cleaned_data.get(name, "") for role, name in self.MAPPING.items()}
