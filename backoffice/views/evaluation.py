"""An event's evaluation results for the organising team (page and XLSX).

The figures (response rate, distributions, ateliers' ratings) carry no personal data:
whoever may read the activity figures reads them (partners included). The free texts may
name people, or be recognisable: only those who may see the participants read them."""

from django.contrib import admin
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from events.scoping import Can, can
from registrations.evaluation_results import evaluation_results
from registrations.models import Evaluation

from .. import evaluation as report
from ..access import staff_event_view
from .documents import XLSX, file_response


def _results(event):
    questionnaire = Evaluation.objects.filter(event=event).select_related("event").first()
    if questionnaire is None:
        raise Http404
    return evaluation_results(questionnaire)


@staff_event_view(Can.VIEW_FIGURES)
def evaluation_results_page(request, event):
    results = _results(event)
    with_texts = can(request.user, Can.VIEW_PEOPLE, event=event)
    return render(
        request,
        "backoffice/evaluation_results.html",
        {
            **admin.site.each_context(request),
            "title": _("Évaluation : %(title)s") % {"title": event.title},
            "event": event,
            "results": results,
            "questions": report.question_views(results),
            "workshops": report.workshop_views(results),
            "with_texts": with_texts,
            "xlsx_url": reverse("backoffice:evaluation_xlsx", args=[event.slug]),
        },
    )


@staff_event_view(Can.VIEW_FIGURES)
def evaluation_results_xlsx(request, event):
    results = _results(event)
    with_texts = can(request.user, Can.VIEW_PEOPLE, event=event)
    return file_response(
        report.results_xlsx(results, with_texts=with_texts),
        content_type=XLSX,
        filename=f"evaluation-{event.slug}.xlsx",
    )
