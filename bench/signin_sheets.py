"""Sign-in sheets (feuilles d'émargement) of 1,000 participants: seconds (not a test).

Same throwaway database and 1,000 registrations as bench/badges.py. Target: the day's sheet
(1,000 rows, then blank rows filling the last page: 56 pages) in at most 2 s on 2 cores.
"""

from badges import PARTICIPANTS, seed, timed  # bench/ is on sys.path when run as a script


def main():
    from backoffice.documents import signin_sheet_pdf

    event = seed()
    workshop = next(s for s in event.slots.order_by("-start") if s.is_workshops).workshops.first()
    signin_sheet_pdf(event=event, workshop=workshop)  # imports and fonts, not measured
    timed(f"sign-in sheet, {PARTICIPANTS} rows", lambda: signin_sheet_pdf(event=event))
    timed(
        f"sign-in sheet of « {workshop.title} »",
        lambda: signin_sheet_pdf(event=event, workshop=workshop),
    )


if __name__ == "__main__":
    main()
