"""Select options read once per request.

A model choice field queries its options each time it is rendered: in an admin inline, once
per row (the event page with 30 programme slots made 30 rooms queries). Frozen, the options
are read when the form class is prepared and every row shows the same list; the submitted
value is still checked against the field's queryset.
"""


def freeze_choices(field):
    """Evaluate `field`'s options now (after its queryset is final) and keep them."""
    field.choices = list(field.choices)
    return field
