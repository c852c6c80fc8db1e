from django import template

from resources.validators import human_size

register = template.Library()

# Both read the event's prefetched published resources (backoffice/views/event_page.py):
# splitting them here costs no query, where a prefetch per slot would cost one more.


@register.simple_tag
def slot_resources(event, slot):
    """The event's published resources attached to this programme slot."""
    return [resource for resource in event.resources.all() if resource.slot_id == slot.pk]


@register.simple_tag
def event_level_resources(event):
    """The event's published resources attached to no slot."""
    return [resource for resource in event.resources.all() if resource.slot_id is None]


@register.filter
def file_size(size):
    return "" if size is None else human_size(size)
