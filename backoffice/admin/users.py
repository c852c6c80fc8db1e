"""The user accounts' admin: Django's own, plus resetting a team member's second factor.

Kept minimal: the scoping of users by organiser is done elsewhere (events.scoping).
"""

from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backoffice.mfa import SecondFactorResetDenied, second_factor_reset

User = get_user_model()

# allauth's Authenticator admin would show the TOTP secrets and recovery seeds to whoever may
# read it; the reset action below is the one way the back-office touches authenticators.
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = (*DjangoUserAdmin.list_display, "has_second_factor")
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        # One subquery, not one query per row.
        return (
            super()
            .get_queryset(request)
            .annotate(
                second_factor=Exists(
                    Authenticator.objects.filter(
                        user=OuterRef("pk"),
                        type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN],
                    )
                )
            )
        )

    @admin.display(boolean=True, description=_("Double authentification"))
    def has_second_factor(self, obj):
        return obj.second_factor

    def has_reset_second_factor_permission(self, request):
        # Accounts are the superusers' (organisation administrators reset their members'
        # from the team page).
        return request.user.is_active and request.user.is_superuser

    @admin.action(
        description=_("Réinitialiser la double authentification (téléphone perdu)"),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        reset = 0
        for user in queryset:
            try:
                if second_factor_reset(user=user, by=request.user):
                    reset += 1
            except SecondFactorResetDenied as error:
                self.message_user(request, error.message, messages.ERROR)
                return
        if not reset:
            self.message_user(
                request,
                _("Aucun de ces comptes n'avait de double authentification."),
                messages.WARNING,
            )
            return
        self.message_user(
            request,
            ngettext(
                "Double authentification réinitialisée pour %(count)d compte : à sa prochaine "
                "connexion, la personne configurera une nouvelle application.",
                "Double authentification réinitialisée pour %(count)d comptes : à leur prochaine "
                "connexion, ces personnes configureront une nouvelle application.",
                reset,
            )
            % {"count": reset},
            messages.SUCCESS,
        )
