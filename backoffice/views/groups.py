"""The working groups page of an event (an admin page, see backoffice/admin/events.py):
one view shows the page, one view per action (assign, rename, move, fill the ateliers) runs
one service; on success it says so and comes back to the page, on a refusal the page is
shown again with the French error and what was typed."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from events.models import Event
from registrations import services
from registrations.services import groups

from ..forms import (
    WorkingGroupForm,
    WorkingGroupMoveForm,
    WorkingGroupsAssignForm,
    WorkshopsFillForm,
)


def page_url(event: Event) -> str:
    return reverse("admin:events_event_working_groups", args=[event.pk])


def _page(request, event, *, admin_context, assign_form=None, edited=None):
    overview, unassigned = groups.working_groups_overview(event)
    assign_form = assign_form or WorkingGroupsAssignForm(initial={"count": len(overview) or 4})
    edit_forms = {
        entry.group.pk: WorkingGroupForm(instance=entry.group, prefix=f"group-{entry.group.pk}")
        for entry in overview
    }
    if edited is not None:
        edit_forms[edited.instance.pk] = edited
    context = {
        **admin_context,
        "opts": Event._meta,
        "original": event,
        "event": event,
        "title": _("Groupes de travail — %(event)s") % {"event": event.title},
        "assign_form": assign_form,
        "groups": [(entry, edit_forms[entry.group.pk]) for entry in overview],
        "group_choices": [entry.group for entry in overview],
        "unassigned": unassigned,
        "participants": sum(len(entry.members) for entry in overview) + len(unassigned),
        "families": groups.FAMILIES,
        "ateliers": groups.ateliers_without_choice(event),
        "pdf_url": reverse("backoffice:working_groups_pdf", args=[event.slug]),
        "event_url": reverse("admin:events_event_change", args=[event.pk]),
    }
    return TemplateResponse(request, "admin/backoffice/working_groups.html", context)


def _done(request, event, message: str):
    messages.success(request, message)
    return redirect(page_url(event))


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@require_GET
def page(request, event, *, admin_context):
    return _page(request, event, admin_context=admin_context)


@require_POST
def assign(request, event, *, admin_context):
    form = WorkingGroupsAssignForm(request.POST)
    if form.is_valid():
        try:
            created = groups.working_groups_create_and_assign(event=event, **form.cleaned_data)
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            return _done(
                request,
                event,
                ngettext(
                    "Participant·es réparti·es en %d groupe.",
                    "Participant·es réparti·es en %d groupes.",
                    len(created),
                )
                % len(created),
            )
    return _page(request, event, admin_context=admin_context, assign_form=form)


@require_POST
def rename(request, event, group_pk, *, admin_context):
    group = get_object_or_404(event.working_groups, pk=group_pk)
    form = WorkingGroupForm(request.POST, instance=group, prefix=f"group-{group.pk}")
    if form.is_valid():
        groups.working_group_update(group=group, **form.cleaned_data)
        return _done(request, event, _("Groupe « %(group)s » enregistré.") % {"group": group})
    return _page(request, event, admin_context=admin_context, edited=form)


@require_POST
def move(request, event, *, admin_context):
    form = WorkingGroupMoveForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _page(request, event, admin_context=admin_context)
    try:
        registration = groups.working_group_move(**form.cleaned_data)
    except services.RegistrationError as error:
        messages.error(request, error.message)
        return _page(request, event, admin_context=admin_context)
    group = form.cleaned_data["group"]
    return _done(
        request,
        event,
        (
            _("%(name)s est maintenant dans le groupe « %(group)s ».")
            if group
            else _("%(name)s n'est plus dans aucun groupe.")
        )
        % {"name": registration.full_name, "group": group},
    )


@require_POST
def fill(request, event, *, admin_context):
    form = WorkshopsFillForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _page(request, event, admin_context=admin_context)
    try:
        choices = groups.workshops_fill(slot=form.cleaned_data["slot"])
    except services.RegistrationError as error:
        messages.error(request, error.message)
        return _page(request, event, admin_context=admin_context)
    return _done(
        request,
        event,
        ngettext(
            "%d personne a reçu un atelier.", "%d personnes ont reçu un atelier.", len(choices)
        )
        % len(choices),
    )
