"""Double opt-in of "tell me when it opens": a confirmation token and date per request.

Requests stored before this migration were never confirmed: they get a token like new ones,
stay unconfirmed, are never sent the notice, and are deleted by the purge after 7 days."""

import secrets

import django.utils.timezone
from django.db import migrations, models

import registrations.models


def fill_tokens(apps, schema_editor):
    OpeningNotice = apps.get_model("registrations", "OpeningNotice")
    for notice in OpeningNotice.objects.filter(token__isnull=True).only("pk"):
        notice.token = secrets.token_urlsafe(24)
        notice.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0004_personal_data_access"),
    ]

    operations = [
        migrations.AddField(
            model_name="openingnotice",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="adresse confirmée le"),
        ),
        # Nullable first: a callable default would give every existing row the same token.
        migrations.AddField(
            model_name="openingnotice",
            name="token",
            field=models.CharField(
                editable=False, max_length=64, null=True, verbose_name="jeton de confirmation"
            ),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="openingnotice",
            name="token",
            field=models.CharField(
                default=registrations.models.new_token,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="jeton de confirmation",
            ),
        ),
        migrations.AlterField(
            model_name="openingnotice",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="demandé le"
            ),
        ),
    ]
