"""Run daily (cron): the lifecycle of personal data (registrations/services/retention.py).
Idempotent: a second run the same day finds nothing left to do."""

from django.core.management.base import BaseCommand
from django.db import transaction

from registrations.services.retention import retention_apply

LABELS = {
    "needs_purged": "besoins particuliers effacés (inscriptions)",
    "events_anonymised": "événements dont les inscriptions sont anonymisées",
    "registrations_anonymised": "inscriptions anonymisées",
    "opening_notices_deleted": "demandes « Prévenez-moi » effacées",
    "unverified_accounts_deleted": "comptes jamais confirmés supprimés",
    "inactive_accounts_deleted": "comptes inactifs supprimés après avertissement",
    "inactive_accounts_warned": "comptes inactifs avertis par courriel",
    "trail_entries_deleted": "entrées du journal des accès supprimées (trop anciennes)",
}


class Command(BaseCommand):
    help = (
        "Applique les durées de conservation des données personnelles : efface les besoins "
        "après l'événement, anonymise les inscriptions échues, supprime les comptes jamais "
        "confirmés ou inutilisés."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Compter ce qui serait fait, sans rien changer."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Confier le travail au service de tâches (db_worker) au lieu de le faire ici.",
        )

    def handle(self, *args, dry_run=False, enqueue=False, **options):
        if enqueue:
            from registrations.tasks import apply_retention

            apply_retention.enqueue()
            self.stdout.write("Tâche mise en file.")
            return
        with transaction.atomic():
            counts = retention_apply()
            if dry_run:
                transaction.set_rollback(True)  # and nothing is emailed: on commit only
        self.stdout.write("Simulation (rien n'a été changé) :" if dry_run else "Fait :")
        for key, label in LABELS.items():
            self.stdout.write(f"  {label} : {counts[key]}")
