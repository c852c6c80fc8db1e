from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from events.enums import TeamRole
from events.models import Organiser, TeamMember

# Deliberately public: these accounts exist only on a developer's machine.
DEMO_PASSWORD = "quartiers2030"  # noqa: S105
DOMAIN = "demo.quartiers2030.invalid"
# (username, organiser slug, role, what the account shows)
TEAM = [
    ("oriv-admin", "oriv", TeamRole.ADMIN, "administratrice de l'ORIV"),
    ("oriv-accueil", "oriv", TeamRole.DOOR, "accueil de l'ORIV (jour J)"),
    ("labocites-admin", "labo-cites", TeamRole.ADMIN, "administrateur de Labo Cités"),
    ("labocites-accueil", "labo-cites", TeamRole.DOOR, "accueil de Labo Cités (jour J)"),
    ("dreets-partenaire", "oriv", TeamRole.PARTNER, "partenaire en lecture des journées ORIV"),
]


class Command(BaseCommand):
    help = (
        "Crée (ou remet à zéro) les comptes de démonstration : « admin » (superutilisateur) "
        "et les équipes de l'ORIV et de Labo Cités (administration, accueil, partenaire). "
        "Réservé au développement ; à lancer après load_demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Crée les comptes même lorsque DEBUG est désactivé.",
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "Refusé : ces comptes ont un mot de passe public et ne doivent exister qu'en "
                "développement. Activez DEBUG ou relancez avec --force."
            )
        organisers = Organiser.objects.in_bulk(
            [slug for _u, slug, _r, _l in TEAM], field_name="slug"
        )
        with transaction.atomic():
            ensure_user("admin", superuser=True)
            for username, slug, role, _label in TEAM:
                user = ensure_user(username, superuser=False)
                if slug in organisers:
                    TeamMember.objects.update_or_create(
                        user=user, organiser=organisers[slug], event=None, defaults={"role": role}
                    )

        admin_url = settings.SITE_URL.rstrip("/") + reverse("admin:index")
        self.stdout.write(f"Administration : {admin_url}")
        self.stdout.write(f"  superutilisateur : admin / {DEMO_PASSWORD}")
        for username, slug, _role, label in TEAM:
            missing = "" if slug in organisers else " (organisateur absent : lancez load_demo)"
            self.stdout.write(f"  {label} : {username} / {DEMO_PASSWORD}{missing}")


def ensure_user(username: str, *, superuser: bool):
    """Create the account, or put an existing one back to its demo state."""
    email = f"{username}@{DOMAIN}"
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.email = email
    user.is_active = user.is_staff = True
    user.is_superuser = superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user
