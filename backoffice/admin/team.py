"""The organisers' teams in the admin: each organisation's administrators invite people by
email (no password to pass on: the invitee signs in by code), change their roles, remove
them. A team always keeps one administrator."""

import contextlib

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from events import services
from events.models import Event, Organiser, TeamMember
from events.scoped_admin import OrganiserScopedAdmin
from events.scoping import Can, organisers_for

from .. import mfa


class TeamInviteForm(forms.ModelForm):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        help_text=_("La personne recevra un courriel pour se connecter avec un code."),
    )

    class Meta:
        model = TeamMember
        fields = ["email", "organiser", "role", "event"]

    def clean(self):
        data = super().clean()
        if data.get("organiser") and data.get("email"):
            with _as_form_error():
                services.check_team_event(data["organiser"], data.get("event"))
                services.check_not_in_team(data["organiser"], data["email"], data.get("event"))
        return data

    def _post_clean(self):
        # The service builds the member (account, address, role), not the form.
        pass


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["role", "event"]

    def clean(self):
        data = super().clean()
        if data.get("role"):
            with _as_form_error():
                services.check_team_event(self.instance.organiser, data.get("event"))
                services.check_keeps_an_administrator(self.instance, data["role"], data["event"])
        return data

    def _post_clean(self):
        pass


@contextlib.contextmanager
def _as_form_error():
    try:
        yield
    except services.TeamError as error:
        raise forms.ValidationError(error.message) from None


@admin.register(TeamMember)
class TeamMemberAdmin(OrganiserScopedAdmin):
    view_capability = edit_capability = Can.MANAGE_TEAM
    list_display = ["email", "organiser", "role", "event", "created_at"]
    actions = ["reset_second_factor"]
    list_filter = [("organiser", admin.RelatedOnlyFieldListFilter), "role"]
    list_select_related = ["user", "organiser", "event"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    readonly_fields = ["user", "organiser", "invited_by", "created_at"]

    @admin.display(description=_("adresse électronique"), ordering="user__email")
    def email(self, member):
        return member.user.email

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = TeamMemberForm if obj else TeamInviteForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return TeamInviteForm.Meta.fields
        return ["user", "organiser", "role", "event", "invited_by", "created_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        organisers = organisers_for(request.user, Can.MANAGE_TEAM)
        if db_field.related_model is Organiser:
            kwargs["queryset"] = organisers
            if len(organisers) == 1:  # one team: nothing to choose
                kwargs["initial"] = organisers[0]
        elif db_field.related_model is Event:
            kwargs["queryset"] = Event.objects.filter(organiser__in=organisers).order_by("-date")
        field = admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        if db_field.related_model is Event:
            field.widget.can_add_related = False  # an event is not created from here
        return field

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            _("Invitation envoyée à %(email)s : un courriel explique comment se connecter.")
            % {"email": obj.user.email},
            messages.SUCCESS,
        )
        return redirect("admin:events_teammember_changelist")

    def save_form(self, request, form, change):
        # The form checked the rules; the services check them again under lock.
        data = form.cleaned_data
        if change:
            return services.team_member_change(
                member=form.instance, role=data["role"], event=data["event"]
            )
        return services.team_member_invite(
            organiser=data["organiser"],
            email=data["email"],
            role=data["role"],
            event=data["event"],
            by=request.user,
        )

    def save_model(self, request, obj, form, change):
        pass  # the service saved it

    def save_related(self, request, form, formsets, change):
        pass  # nothing more: a member has no many-to-many field nor inline

    def has_delete_permission(self, request, obj=None):
        if obj is not None and services.is_last_administrator(obj):
            return False  # a team always keeps an administrator
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.team_member_remove(member=obj)

    def delete_queryset(self, request, queryset):
        for member in queryset:
            try:
                services.team_member_remove(member=member)
            except services.TeamError as error:
                self.message_user(request, f"{member.user.email} : {error.message}", messages.ERROR)

    def has_reset_second_factor_permission(self, request):
        return mfa.may_reset_second_factor(request.user)

    @admin.action(
        description=_("Réinitialiser la double authentification (téléphone perdu)"),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        for member in queryset.select_related("user"):
            try:
                mfa.second_factor_reset(user=member.user, by=request.user)
            except mfa.SecondFactorResetDenied as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _(
                        "%(email)s se connectera avec un code reçu par courriel, puis "
                        "configurera de nouveau son application d'authentification."
                    )
                    % {"email": member.user.email},
                    messages.SUCCESS,
                )
