"""The door's search looks into a stored folded column (names and organisation without case,
accents or punctuation), the same on SQLite and PostgreSQL; existing registrations get it
filled here, new ones on save."""

from django.db import migrations, models

from quartiers2030.text import search_text


def fill_search_names(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    people = Registration.objects.only("first_name", "last_name", "organisation")
    batch = []
    for registration in people.iterator(chunk_size=1000):
        registration.search_name = search_text(
            registration.first_name, registration.last_name, registration.organisation
        )
        batch.append(registration)
        if len(batch) == 1000:
            Registration.objects.bulk_update(batch, ["search_name"])
            batch = []
    Registration.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0006_registration_agenda_sequence"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="search_name",
            field=models.TextField(
                blank=True, editable=False, verbose_name="nom pour la recherche"
            ),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop, elidable=True),
    ]
