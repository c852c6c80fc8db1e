"""The legal pages: written by a superuser, never shown to the public with a placeholder."""

import pytest
from django.core import checks
from django.urls import reverse

from events.checks import legal_pages_check
from events.enums import LegalPageKind
from events.legal import placeholders
from events.models import LegalPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URLS = {
    LegalPageKind.LEGAL_NOTICE: "events:legal_notice",
    LegalPageKind.PRIVACY: "events:privacy",
    LegalPageKind.ACCESSIBILITY: "events:accessibility",
}
FINISHED = "## Éditeur\n\nAssociation Exemple, 1 rue de l'Exemple, 67000 Strasbourg.\n"


def write(kind, body=FINISHED, title="Mentions légales"):
    return LegalPage.objects.create(kind=kind, title=title, body=body)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[Nom de la structure] s'engage", ["[Nom de la structure]"]),
        ("écrire à [adresse] ou [adresse], [Nom]", ["[adresse]", "[Nom]"]),
        ("un [lien](https://www.cnil.fr) et [une référence][1]", []),
        ("[1]: https://www.cnil.fr\n![logo](/static/x.png) note[^1] [ ] [x]", ["[x]"]),
        ("pas de crochets", []),
    ],
)
def test_placeholders_are_bracketed_text_but_not_markdown_links(text, expected):
    assert placeholders(text) == expected


@pytest.mark.parametrize("kind", list(LegalPageKind))
def test_shipped_page_with_placeholders_is_neutral_for_visitors(client, kind):
    response = client.get(reverse(URLS[kind]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Page en cours de rédaction." in html
    assert "[" not in html.split("<main")[1].split("</main>")[0]
    assert "Nom de la structure" not in html and "adresse électronique]" not in html


def test_page_with_placeholders_is_neutral_for_participants(client):
    write(LegalPageKind.LEGAL_NOTICE, body="Éditeur : [Nom de la structure]")
    client.force_login(UserFactory())
    html = client.get(reverse("events:legal_notice")).content.decode()
    assert "Page en cours de rédaction." in html
    assert "Nom de la structure" not in html


def test_placeholder_in_the_title_counts_too(client):
    write(LegalPageKind.LEGAL_NOTICE, title="Mentions légales de [structure]")
    html = client.get(reverse("events:legal_notice")).content.decode()
    assert "Page en cours de rédaction." in html and "[structure]" not in html


def test_staff_see_the_draft_under_a_banner_listing_the_placeholders(admin_client):
    response = admin_client.get(reverse("events:accessibility"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "À compléter" in html and "Page en cours de rédaction." not in html
    banner = html.split('id="a-completer"')[1].split("</div>")[0]
    assert "<li>[Nom de la structure]</li><li>[adresse électronique]</li>" in banner
    add_url = reverse("admin:events_legalpage_add") + "?kind=accessibilite"
    assert f'href="{add_url}"' in banner
    assert "<p>[Nom de la structure] s'engage à rendre ce portail accessible" in html


def test_non_superuser_staff_see_the_banner_without_the_edit_link(organiser_client):
    page = write(LegalPageKind.PRIVACY, body="Contact : [adresse]")
    html = organiser_client.get(reverse("events:privacy")).content.decode()
    assert "<li>[adresse]</li>" in html
    assert reverse("admin:events_legalpage_change", args=[page.pk]) not in html


def test_written_page_is_public_markdown_sanitised_with_its_date(client, admin_client):
    write(
        LegalPageKind.LEGAL_NOTICE,
        body=FINISHED + "\n<script>alert(1)</script> [CNIL](https://www.cnil.fr)",
    )
    for viewer in (client, admin_client):
        html = viewer.get(reverse("events:legal_notice")).content.decode()
        assert "<h1>Mentions légales</h1>" in html
        assert "<h2>Éditeur</h2>" in html
        assert (
            "Association Exemple, 1 rue de l&#x27;Exemple" in html or "1 rue de l'Exemple" in html
        )
        assert "<script>" not in html.split("<main")[1].split("</main>")[0]
        assert "À compléter" not in html and "Mise à jour le" in html


# --- Admin: superusers only ----------------------------------------------------------------


def test_non_superuser_staff_cannot_edit_legal_pages(organiser_client):
    page = write(LegalPageKind.LEGAL_NOTICE)
    assert (
        organiser_client.get(reverse("admin:events_legalpage_change", args=[page.pk])).status_code
        == 403
    )
    assert organiser_client.get(reverse("admin:events_legalpage_add")).status_code == 403
    assert organiser_client.get(reverse("admin:events_legalpage_changelist")).status_code == 403
    assert "legalpage" not in organiser_client.get(reverse("admin:index")).content.decode()


def test_superuser_starts_a_page_from_the_shipped_text_and_publishes_it(admin_client, client):
    add_url = reverse("admin:events_legalpage_add")
    form = admin_client.get(add_url + "?kind=mentions_legales").context["adminform"].form
    assert form.initial["title"] == "Mentions légales"
    assert form.initial["body"].startswith("## Éditeur\n\n[Nom de la structure, adresse,")
    response = admin_client.post(
        add_url, {"kind": "mentions_legales", "title": "Mentions légales", "body": FINISHED}
    )
    assert response.status_code == 302
    assert "Association Exemple" in client.get(reverse("events:legal_notice")).content.decode()


# --- System check ----------------------------------------------------------------------------


def test_check_warns_in_production_while_a_page_has_placeholders(settings):
    settings.DEBUG = False
    write(LegalPageKind.LEGAL_NOTICE, body="Éditeur : [Nom de la structure]")
    write(LegalPageKind.PRIVACY)
    found = legal_pages_check()
    assert [(m.id, m.obj, m.msg) for m in found] == [
        (
            "q2030.W001",
            "events.LegalPage[mentions_legales]",
            "La page « Mentions légales » est à compléter : [Nom de la structure].",
        ),
        (
            "q2030.W001",
            "events.LegalPage[accessibilite]",
            "La page « Déclaration d'accessibilité » est à compléter : "
            "[Nom de la structure], [adresse électronique].",
        ),
    ]
    # A warning, not an error: `migrate` and `createsuperuser` still run (see events/checks.py).
    assert all(m.level == checks.WARNING for m in found)
    assert {m.id for m in checks.run_checks(tags=["q2030"])} == {"q2030.W001"}


def test_check_is_silent_once_every_page_is_written_or_in_debug(settings):
    settings.DEBUG = True
    assert legal_pages_check() == []
    settings.DEBUG = False
    for kind in LegalPageKind:
        write(kind)
    assert legal_pages_check() == []
