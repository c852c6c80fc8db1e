"""Activity figures for the organiser's report: exact counts, the page, the XLSX, access."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from backoffice import activity as stats
from events.enums import EventStatus
from tests.factories import (
    CheckInFactory,
    EventFactory,
    OrganiserFactory,
    RegistrationFactory,
    TeamMemberFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

PAGE = "/staff/activite/"
# Session, user, team roles, user and group permissions (the admin's menu asks Django's
# own admins), then the report: years, organisers, events (with their counts), categories.
QUERIES = 9
XLSX = "/staff/activite.xlsx"
PDF = "/staff/activite.pdf"
EVALUATION_HEADERS = (
    "Présent·es sur place ou à distance", "Réponses à l'évaluation", "Taux de réponse (%)",
    "Satisfaction moyenne (sur 5)",
)  # fmt: skip


def registrations(event, count, *, checked_in=0, **fields):
    """`count` registrations, the first `checked_in` of them checked in."""
    made = RegistrationFactory.create_batch(count, event=event, **fields)
    for registration in made[:checked_in]:
        CheckInFactory(registration=registration, half_day="matin")
    return made


@pytest.fixture
def year_2025():
    """Three published 2025 events, plus a draft and a 2024 event that do not count.

    Tomblaine (54): 10 confirmed on site of whom 7 present (one a walk-in, one checked in
    twice), 2 remote; pending, waiting, cancelled and refused registrations.
    Chambéry (73): 1 on site present, 1 remote. Online (no département): 1 remote.
    """
    oriv = OrganiserFactory(name="ORIV", slug="oriv")
    tomblaine = EventFactory(
        title="Concevoir des coopérations", date=dt.date(2025, 10, 2), organiser=oriv,
        venue=VenueFactory(city="Tomblaine", department="54"),
    )  # fmt: skip
    local = registrations(tomblaine, 4, checked_in=4, category="collectivite")
    local[0].walk_in = True
    local[0].save()
    CheckInFactory(registration=local[1], half_day="apres_midi")
    registrations(tomblaine, 3, checked_in=3, category="association")
    registrations(tomblaine, 3, category="elu_communal")
    registrations(tomblaine, 2, category="association", attendance="remote")
    for status in ("pending", "waiting", "cancelled", "refused"):
        registrations(tomblaine, 1, category="collectivite", status=status)

    labo = OrganiserFactory(name="Labo Cités", slug="labo-cites")
    chambery = EventFactory(
        title="Rencontre territoriale", date=dt.date(2025, 11, 20), organiser=labo,
        venue=VenueFactory(city="Chambéry", department="73"),
    )  # fmt: skip
    registrations(chambery, 1, checked_in=1, category="dreets_ddets_sgar")
    registrations(chambery, 1, category="dreets_ddets_sgar", attendance="remote")

    online = EventFactory(
        title="Webinaire", date=dt.date(2025, 3, 4), organiser=oriv,
        venue=VenueFactory(city="En ligne", department=""),
    )  # fmt: skip
    registrations(online, 1, category="habitant", attendance="remote")

    draft = EventFactory(date=dt.date(2025, 6, 1), status=EventStatus.DRAFT, organiser=oriv)
    registrations(draft, 5, checked_in=5)
    registrations(EventFactory(date=dt.date(2024, 10, 3), organiser=oriv), 3, checked_in=1)
    return {"oriv": oriv, "tomblaine": tomblaine, "chambery": chambery, "online": online}


def figures(**values):
    return stats.Figures(**values)


TOMBLAINE = figures(
    registered=14, cancelled=1, confirmed=12, on_site=10, remote=2, present=7, no_shows=3,
    walk_ins=1, attended=7,
)  # fmt: skip
CHAMBERY = figures(registered=2, confirmed=2, on_site=1, remote=1, present=1, attended=1)
ONLINE = figures(registered=1, confirmed=1, remote=1)


def test_activity_report_counts_each_event(year_2025):
    report = stats.activity_report(year=2025)
    assert [(row.event, row.figures) for row in report.events] == [
        (year_2025["online"], ONLINE),
        (year_2025["tomblaine"], TOMBLAINE),
        (year_2025["chambery"], CHAMBERY),
    ]
    assert report.totals == figures(
        registered=17, cancelled=1, confirmed=15, on_site=11, remote=4, present=8,
        no_shows=3, walk_ins=1, attended=8,
    )  # fmt: skip


def test_activity_report_attendance_rate_is_present_over_confirmed_on_site(year_2025):
    report = stats.activity_report(year=2025)
    assert [row.figures.attendance_rate for row in report.events] == [None, 70.0, 100.0]
    assert [row.figures.attendance_rate_display for row in report.events] == [
        "—",
        "70 %",
        "100 %",
    ]
    assert report.totals.attendance_rate == 72.7
    assert report.totals.attendance_rate_display == "72,7 %"


def test_activity_report_breaks_down_by_category_in_the_choices_order(year_2025):
    report = stats.activity_report(year=2025)
    assert [(b.label, b.figures) for b in report.categories] == [
        ("Élu·e communal·e", figures(registered=3, confirmed=3, on_site=3, no_shows=3)),
        ("DREETS / DDETS / SGAR", CHAMBERY),
        (
            "Agent·e de collectivité (chef·fe de projet politique de la ville…)",
            figures(
                registered=6,
                cancelled=1,
                confirmed=4,
                on_site=4,
                present=4,
                walk_ins=1,
                attended=4,
            ),
        ),
        (
            "Association",
            figures(registered=5, confirmed=5, on_site=3, remote=2, present=3, attended=3),
        ),
        ("Habitant·e", ONLINE),
    ]


def test_activity_report_breaks_down_by_venue_department(year_2025):
    report = stats.activity_report(year=2025)
    assert [(b.label, b.events, b.figures) for b in report.departments] == [
        ("54", 1, TOMBLAINE),
        ("73", 1, CHAMBERY),
        ("Non renseigné", 1, ONLINE),
    ]


def test_activity_report_filters_by_organiser(year_2025):
    report = stats.activity_report(year=2025, organiser=year_2025["oriv"])
    assert [row.event for row in report.events] == [year_2025["online"], year_2025["tomblaine"]]
    assert [b.label for b in report.categories] == [
        "Élu·e communal·e",
        "Agent·e de collectivité (chef·fe de projet politique de la ville…)",
        "Association",
        "Habitant·e",
    ]


def test_activity_report_of_a_year_without_events(year_2025):
    report = stats.activity_report(year=2023)
    assert (report.events, report.categories, report.departments) == ([], [], [])
    assert report.totals == figures()


def test_report_years_and_organisers_come_from_published_events(year_2025):
    OrganiserFactory(name="Sans événement")
    assert stats.report_years() == [2025, 2024]
    assert list(stats.report_organisers().order_by("name")) == [
        year_2025["chambery"].organiser,
        year_2025["oriv"],
    ]


def test_default_year_is_this_year_or_the_latest_with_events():
    assert stats.default_year([2025, 2024], today=dt.date(2025, 1, 5)) == 2025
    assert stats.default_year([2025, 2024], today=dt.date(2026, 1, 5)) == 2025
    assert stats.default_year([], today=dt.date(2026, 1, 5)) == 2026


def test_activity_report_queries_do_not_grow_with_the_events(django_assert_num_queries):
    event = EventFactory(date=dt.date(2025, 5, 1))
    registrations(event, 3, checked_in=2)
    with django_assert_num_queries(2):
        assert len(stats.activity_report(year=2025).events) == 1
    for day in (2, 3):
        registrations(EventFactory(date=dt.date(2025, 5, day)), 4, checked_in=1)
    with django_assert_num_queries(2):
        assert len(stats.activity_report(year=2025).events) == 3


# --- The staff page and its XLSX ----------------------------------------------------------


def test_activity_urls():
    assert reverse("backoffice:activity") == PAGE
    assert reverse("backoffice:activity_xlsx") == XLSX


def test_activity_page_shows_the_year_events_totals_and_breakdowns(organiser_client, year_2025):
    response = organiser_client.get(PAGE, {"annee": "2025"})
    assert response.status_code == 200
    html = response.text
    assert "2025 : 3 événements" in html
    assert (
        '<tr><td>02/10/2025</td><th scope="row">Concevoir des coopérations</th><td>54</td>'
        '\n              <td class="n">14</td><td class="n">1</td><td class="n">12</td>'
        '<td class="n">10</td><td class="n">2</td><td class="n">7</td><td class="n">70 %</td>'
        '<td class="n">3</td><td class="n">1</td><td class="n">0</td><td class="n">0</td>'
        '<td class="n">0</td><td class="n">0h00</td>\n'
        '<td class="n">0</td><td class="n">—</td><td class="n">—</td>\n</tr>'
    ) in html
    assert '<td class="n">8</td><td class="n">72,7 %</td>' in html  # totals
    assert '<th scope="row">Non renseigné</th><td class="n">1</td>' in html
    assert '<option value="2025" selected>2025</option>' in html
    assert f'href="{XLSX}?annee=2025"' in html


def test_activity_page_filters_by_organiser(organiser_client, year_2025):
    oriv = year_2025["oriv"]
    response = organiser_client.get(PAGE, {"annee": "2025", "organisateur": str(oriv.pk)})
    assert "2025 : 2 événements" in response.text
    assert "Rencontre territoriale" not in response.text
    assert f'<option value="{oriv.pk}" selected>ORIV</option>' in response.text
    assert f'href="{XLSX}?annee=2025&amp;organisateur={oriv.pk}"' in response.text


def test_activity_page_falls_back_on_the_latest_year_for_unknown_values(
    organiser_client, year_2025
):
    response = organiser_client.get(PAGE, {"annee": "1899", "organisateur": "x"})
    assert response.status_code == 200
    assert response.context["report"].year == 2025
    assert response.context["report"].organiser is None


def test_activity_page_queries_do_not_grow_with_the_events(
    organiser_client, django_assert_num_queries
):
    event = EventFactory(date=dt.date(2025, 5, 1))
    organiser_client.get(PAGE)  # content types of the admin's menu, read once per process
    registrations(event, 3, checked_in=2)
    with django_assert_num_queries(QUERIES):
        assert len(organiser_client.get(PAGE).context["report"].events) == 1
    for day in (2, 3):
        registrations(EventFactory(date=dt.date(2025, 5, day)), 4, checked_in=1)
    with django_assert_num_queries(QUERIES):
        assert len(organiser_client.get(PAGE).context["report"].events) == 3


REMOTE_HEADERS = (
    "Présent·es à distance", "À distance le matin", "À distance l'après-midi",
    "Minutes suivies à distance",
)  # fmt: skip


def test_activity_report_counts_remote_presence_apart(organiser_client):
    """Remote presences (join link, report) are counted per half-day with their minutes,
    never as present in the room nor in the attendance rate."""
    from registrations import services

    event = EventFactory(date=dt.date(2025, 6, 5), remote_attendance=True)
    on_site = RegistrationFactory(event=event, status="confirmed")
    followers = [
        RegistrationFactory(event=event, status="confirmed", attendance="remote") for _ in range(3)
    ]
    services.checkin_record(registration=on_site, half_day="matin")
    moment = dt.datetime(2025, 6, 5, 10, tzinfo=dt.UTC)
    services.remote_report_apply(
        event=event,
        presences=[
            (followers[0].pk, [(moment, moment + dt.timedelta(hours=5))]),
            (followers[1].pk, [(moment, moment + dt.timedelta(minutes=45))]),
        ],
    )
    [row] = stats.activity_report(year=2025).events
    figures = row.figures
    assert (figures.on_site, figures.present, figures.attendance_rate) == (1, 1, 100)
    assert (figures.remote, figures.remote_present) == (3, 2)
    assert (figures.remote_morning, figures.remote_afternoon) == (2, 1)
    # No slot marked streamed: the half-days' hours (10h00–12h30, 13h30–16h30) count.
    # 12h00–17h00 (Paris) is 30 + 180 minutes, 12h00–12h45 is 30.
    assert figures.remote_minutes == 240
    response = organiser_client.get(PAGE, {"annee": "2025"})
    assert (
        '<td class="n">2</td><td class="n">2</td><td class="n">1</td><td class="n">4h00</td>'
    ) in response.text


def test_activity_xlsx_has_the_three_sheets(organiser_client, year_2025):
    response = organiser_client.get(XLSX, {"annee": "2025"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="activite-2025.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Événements", "Catégories", "Départements"]
    rows = list(workbook["Événements"].iter_rows(values_only=True))
    assert rows[0] == (
        "Date", "Événement", "Organisateur", "Commune", "Département", "Inscriptions",
        "Annulations", "Confirmées", "Sur place", "À distance", "Présent·es",
        "Taux de présence (%)", "Absent·es", "Sans inscription", *REMOTE_HEADERS,
        *EVALUATION_HEADERS,
    )  # fmt: skip
    assert rows[1:] == [
        (dt.datetime(2025, 3, 4), "Webinaire", "ORIV", "En ligne", None,
         1, 0, 1, 0, 1, 0, None, 0, 0, 0, 0, 0, 0, 0, 0, None, None),
        (dt.datetime(2025, 10, 2), "Concevoir des coopérations", "ORIV", "Tomblaine", "54",
         14, 1, 12, 10, 2, 7, 70, 3, 1, 0, 0, 0, 0, 7, 0, None, None),
        (dt.datetime(2025, 11, 20), "Rencontre territoriale", "Labo Cités", "Chambéry", "73",
         2, 0, 2, 1, 1, 1, 100, 0, 0, 0, 0, 0, 0, 1, 0, None, None),
        (None, "Total", None, None, None, 17, 1, 15, 11, 4, 8, 72.7, 3, 1, 0, 0, 0, 0,
         8, 0, None, None),
    ]  # fmt: skip
    categories = list(workbook["Catégories"].iter_rows(values_only=True))
    assert categories[0][:2] == ("Catégorie", "Inscriptions")
    assert categories[1] == ("Élu·e communal·e", 3, 0, 3, 3, 0, 0, 0, 3, 0, 0, 0, 0, 0)
    assert [row[0] for row in categories[1:]] == [
        "Élu·e communal·e",
        "DREETS / DDETS / SGAR",
        "Agent·e de collectivité (chef·fe de projet politique de la ville…)",
        "Association",
        "Habitant·e",
    ]
    assert list(workbook["Départements"].iter_rows(values_only=True)) == [
        ("Département", "Événements", "Inscriptions", "Annulations", "Confirmées", "Sur place",
         "À distance", "Présent·es", "Taux de présence (%)", "Absent·es", "Sans inscription",
         *REMOTE_HEADERS),
        ("54", 1, 14, 1, 12, 10, 2, 7, 70, 3, 1, 0, 0, 0, 0),
        ("73", 1, 2, 0, 2, 1, 1, 1, 100, 0, 0, 0, 0, 0, 0),
        ("Non renseigné", 1, 1, 0, 1, 0, 1, 0, None, 0, 0, 0, 0, 0, 0),
    ]  # fmt: skip


def test_activity_xlsx_file_name_names_the_organiser(organiser_client, year_2025):
    response = organiser_client.get(
        XLSX, {"annee": "2025", "organisateur": str(year_2025["oriv"].pk)}
    )
    assert response["Content-Disposition"] == 'attachment; filename="activite-2025-oriv.xlsx"'
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content))["Événements"].values)
    assert [row[1] for row in rows[1:]] == ["Webinaire", "Concevoir des coopérations", "Total"]


# --- Access --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [PAGE, XLSX])
def test_activity_sends_anonymous_visitors_to_the_admin_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


@pytest.mark.parametrize("url", [PAGE, XLSX])
def test_activity_refused_to_participants_and_to_the_door_team(client, url):
    participant = UserFactory(username="participante")
    door = TeamMemberFactory(role="door").user
    staff_without_role = UserFactory(username="programme", is_staff=True)
    for user in (participant, door, staff_without_role):
        client.force_login(user)
        assert client.get(url).status_code == 403, user


@pytest.mark.parametrize("url", [PAGE, XLSX])
def test_activity_open_to_the_organising_team(organiser_client, year_2025, url):
    assert organiser_client.get(url).status_code == 200


def test_event_admin_page_links_to_the_activity_figures(organiser_client, year_2025):
    event = year_2025["tomblaine"]
    response = organiser_client.get(reverse("admin:events_event_change", args=[event.pk]))
    url = f"{PAGE}?annee=2025&amp;organisateur={event.organiser_id}"
    assert f'<a href="{url}" class="button event-document">Chiffres d&#x27;activité 2025</a>' in (
        response.text
    )
