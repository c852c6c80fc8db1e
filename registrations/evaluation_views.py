"""The evaluation questionnaire, reached with the registration's token (no login): from
the email after the event and from "Mon espace"."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .evaluation_forms import EvaluationForm
from .models import Registration
from .services import evaluation as service


@never_cache
@require_http_methods(["GET", "POST"])
def evaluation(request, token):
    registration = get_object_or_404(
        Registration.objects.identifiable().select_related("event__organiser"), token=token
    )
    context = {"registration": registration, "event": registration.event}
    try:
        questionnaire = service.evaluation_check(registration=registration)
    except service.EvaluationUnavailable as error:
        return render(
            request,
            "registrations/evaluation.html",
            {**context, "unavailable": error.message, "reason": error.reason},
        )
    blocks = service.evaluation_blocks(evaluation=questionnaire, registration=registration)
    form = EvaluationForm(request.POST if request.method == "POST" else None, blocks=blocks)
    if request.method == "POST" and form.is_valid():
        try:
            service.evaluation_submit(registration=registration, answers=form.answers())
        except service.EvaluationUnavailable as error:
            messages.warning(request, error.message)
        else:
            messages.success(request, _("Merci ! Vos réponses sont enregistrées."))
        return redirect("registrations:evaluation", token=registration.token)
    return render(
        request,
        "registrations/evaluation.html",
        {**context, "questionnaire": questionnaire, "form": form},
    )
