"""French articles before an organisation's name (quartiers2030.text)."""

import pytest

from quartiers2030.text import of_name, with_article


@pytest.mark.parametrize(
    ("name", "named", "of"),
    [
        ("Observatoire Régional de l'Intégration", "l'Observatoire Régional de l'Intégration",
         "de l'Observatoire Régional de l'Intégration"),
        ("Direction régionale de l'économie", "la Direction régionale de l'économie",
         "de la Direction régionale de l'économie"),
        ("Centre de ressources", "le Centre de ressources", "du Centre de ressources"),
        ("Les Ateliers du quartier", "les Ateliers du quartier", "des Ateliers du quartier"),
        ("L'Agence d'urbanisme", "l'Agence d'urbanisme", "de l'Agence d'urbanisme"),
        ("ORIV", "ORIV", "d'ORIV"),
        ("Élan citoyen", "Élan citoyen", "d'Élan citoyen"),
        ("Labo Cités", "Labo Cités", "de Labo Cités"),
        ("Grand Chambéry", "Grand Chambéry", "de Grand Chambéry"),
    ],
)  # fmt: skip
def test_organisation_names_take_their_article_and_elide_it(name, named, of):
    assert with_article(name) == named
    assert of_name(name) == of
