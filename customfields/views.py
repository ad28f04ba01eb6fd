from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from users.permissions import ADMINS, RoleRequiredMixin

from . import services
from .forms import FieldDefinitionForm
from .models import FieldDefinition


class DefinitionListView(RoleRequiredMixin, ListView):
    """Every custom field, by record and order (a short list: no pages)."""

    allowed_roles = ADMINS
    template_name = "customfields/definition_list.html"
    context_object_name = "definitions"

    def get_queryset(self):
        return FieldDefinition.objects.order_by("target", "order", "key")


class DefinitionFormView(RoleRequiredMixin, FormView):
    """Define a custom field, or change one (``pk``)."""

    allowed_roles = ADMINS
    template_name = "customfields/definition_form.html"
    form_class = FieldDefinitionForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            kwargs["instance"] = get_object_or_404(FieldDefinition, pk=self.kwargs["pk"])
        return kwargs

    def form_valid(self, form):
        definition = services.definition_save(definition=form.instance, actor=self.request.user)
        messages.success(self.request, _("Custom field %(label)s saved.") % {"label": definition.label})
        return redirect("customfields:list")
