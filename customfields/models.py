"""Fields an admin adds to accounts, contacts and opportunities without a migration.

A ``FieldDefinition`` says what a field is called and what it holds; the values live in the
``custom`` JSON column of the record (``Account.custom``, ``Contact.custom``,
``Opportunity.custom``), keyed by the definition's ``key``, as ``customfields.values`` writes
them. Defining, renaming or retiring a field is a row here, never a schema change.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

KEY = re.compile(r"[a-z][a-z0-9_]*")
MAX_CHOICES = 50
MAX_CHOICE_LENGTH = 100


class Target(models.TextChoices):
    ACCOUNT = "account", _("Account")
    CONTACT = "contact", _("Contact")
    OPPORTUNITY = "opportunity", _("Opportunity")


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes / no")


class FieldDefinition(models.Model):
    target = models.CharField(_("record"), max_length=20, choices=Target.choices)
    key = models.SlugField(
        _("key"),
        max_length=40,
        help_text=_(
            "Small letters, digits and single underscores, from a letter on; the API's key, and the "
            "column cf_<key> in imports and exports."
        ),
    )
    label = models.CharField(_("label"), max_length=100)
    type = models.CharField(_("type"), max_length=10, choices=FieldType.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("position"), default=100)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive field is hidden; its values are kept.")
    )

    class Meta:
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")
        ordering = ["target", "order", "key"]
        constraints = [models.UniqueConstraint(fields=["target", "key"], name="customfields_unique_key")]

    def __str__(self) -> str:
        return self.label

    @property
    def name(self) -> str:
        """The field's name in forms, list filters and import columns."""
        return f"cf_{self.key}"

    def clean(self) -> None:
        # "__" would read as a lookup path in ``custom__<key>`` filters.
        if self.key and (not KEY.fullmatch(self.key) or "__" in self.key):
            raise ValidationError(
                {"key": _("Start with a small letter; then small letters, digits and single underscores.")}
            )
        choices = self.choices if isinstance(self.choices, list) else None
        if self.type == FieldType.CHOICE:
            if not choices or not all(isinstance(choice, str) and choice for choice in choices):
                raise ValidationError({"choices": _("A choice field needs at least one choice.")})
            if len(choices) > MAX_CHOICES or any(len(choice) > MAX_CHOICE_LENGTH for choice in choices):
                raise ValidationError(
                    {
                        "choices": _("At most %(count)d choices of %(length)d characters each.")
                        % {"count": MAX_CHOICES, "length": MAX_CHOICE_LENGTH}
                    }
                )
        elif choices:
            raise ValidationError({"choices": _("Only a choice field has choices.")})
