"""The one email the events app sends: the invitation to join an organiser's team."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import TeamMember


def send_team_invitation(*, member_id: int) -> None:
    member = (
        TeamMember.objects.select_related("organiser", "user", "event", "invited_by")
        .filter(pk=member_id)
        .first()
    )
    if member is None:  # removed before the worker got to it
        return
    context = {
        "member": member,
        "login_url": settings.SITE_URL.rstrip("/") + reverse("account_request_login_code"),
        "admin_url": settings.SITE_URL.rstrip("/") + reverse("admin:index"),
    }
    subject = _("Vous rejoignez l'équipe %(organiser)s sur Quartiers 2030") % {
        "organiser": member.organiser
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("email/team_invitation.txt", context),
        to=[member.user.email],
    )
    message.send()
