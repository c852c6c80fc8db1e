"""Delete the prepared documents older than PREPARED_DOCUMENTS_HOURS, and their files.

Each new request for a document already purges them (backoffice/preparation.py); this
command is for a cron line, so that files are deleted even when nobody asks for a new one.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from backoffice.models import PreparedDocument
from backoffice.preparation import prepared_documents_purge


class Command(BaseCommand):
    help = "Supprime les documents préparés trop anciens (badges, listes…) et leurs fichiers."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compter sans supprimer.")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        if dry_run:
            cutoff = now - dt.timedelta(hours=settings.PREPARED_DOCUMENTS_HOURS)
            count = PreparedDocument.objects.filter(created_at__lt=cutoff).count()
            self.stdout.write(f"{count} document(s) à supprimer (simulation).")
            return
        count = prepared_documents_purge(now=now)
        self.stdout.write(f"{count} document(s) supprimé(s).")
