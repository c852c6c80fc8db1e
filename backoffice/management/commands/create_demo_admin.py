from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quartiers2030.roles import ensure_organisers_group

# Deliberately public: these accounts exist only on a developer's machine.
DEMO_PASSWORD = "quartiers2030"  # noqa: S105
ADMIN_URL = "http://127.0.0.1:8000/admin/"


class Command(BaseCommand):
    help = (
        "Crée (ou remet à zéro) les comptes de démonstration « admin » (superutilisateur) et "
        "« organisatrice » (groupe Organisateurs). Réservé au développement."
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
        with transaction.atomic():
            ensure_user("admin", superuser=True)
            organiser = ensure_user("organisatrice", superuser=False)
            organiser.groups.add(ensure_organisers_group())

        self.stdout.write(f"Administration : {ADMIN_URL}")
        self.stdout.write(f"  superutilisateur : admin / {DEMO_PASSWORD}")
        self.stdout.write(
            f"  organisatrice (groupe Organisateurs) : organisatrice / {DEMO_PASSWORD}"
        )


def ensure_user(username: str, *, superuser: bool):
    """Create the account, or put an existing one back to its demo state."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_active = user.is_staff = True
    user.is_superuser = superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user
