"""How every form field of the shop is laid out: one template, used by ``{{ field.as_field_group }}``."""

from django.forms.renderers import DjangoTemplates


class ShopFormRenderer(DjangoTemplates):
    """Django's renderer with our field template: each field in a block of its own (the forms'
    CSS spaces and places those blocks) and its label without a trailing colon."""

    field_template_name = "core/forms/field.html"
