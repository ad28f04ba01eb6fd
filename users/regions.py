"""Sales regions and their areas (``users.Region``): the one rule of what a region filter
takes in, the choices every form offers, and the one way to write a region.

A region filter takes in the region and its areas: ``in_region("region", region)`` is a
``Q`` for any queryset with a region foreign key (a subquery, so no extra query and the
account table's index on ``region_id`` serves it).

A manager (or anyone) may be given a region (``User.region``): it is where their account
list and dashboard open; "All regions" is one choice away. It grants and hides nothing —
what a person may see stays the visibility rule's (``accounts.visibility``).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Region
from .widgets import LightSelect


def region_and_areas(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(Q(pk=region.pk) | Q(parent_id=region.pk))


def in_region(field: str, region: Region) -> Q:
    """Rows whose ``field`` (a foreign key to Region) is ``region`` or one of its areas."""
    return Q(**{f"{field}__in": region_and_areas(region).values("pk")})


def region_choices() -> QuerySet[Region]:
    """Every region, each followed by its areas: what a select offers (one query)."""
    # A region sorts by its own code, an area by its region's and then after it.
    return Region.objects.select_related("parent").order_by(
        Coalesce("parent__code", "code"), F("parent").asc(nulls_first=True), "code"
    )


def region_tree() -> list[tuple[Region, list[Region]]]:
    """The regions in code order, each with its areas: the maintenance page (one query)."""
    regions = list(Region.objects.select_related("parent").order_by("code"))
    areas: dict[int, list[Region]] = {}
    for region in regions:
        if region.parent_id is not None:
            areas.setdefault(region.parent_id, []).append(region)
    return [(region, areas.get(region.pk, [])) for region in regions if region.parent_id is None]


def region_label(region: Region) -> str:
    """A region by its name, an area under its region's ("North · Beijing")."""
    return f"{region.parent.name} · {region.name}" if region.parent_id else region.name


def _choice_order(region: Region) -> tuple:
    # region_choices()'s order, for a handful of regions already read.
    return (region.parent.code if region.parent_id else region.code, region.parent_id is not None, region.code)


# A tree this small is drawn whole in a region <select>; a larger one (a migrated archive held
# 25 263 regions: drawing them took 2 s a page and no one can pick from such a list) draws the
# chosen region only, beside a search box that fetches the matching ones (region_lookup).
DRAWN_WHOLE_UP_TO = 50
LOOKUP_LIMIT = 20
LOOKUP_MAX_LENGTH = 100


def region_lookup(*, search: str) -> list[tuple[int, str]]:
    """Up to LOOKUP_LIMIT regions and areas whose name contains ``search`` or whose code starts
    with it, as (pk, label), in region_choices()'s order; none for an empty search. Regions
    grant and hide nothing (see above), so whoever may filter by region may find any of them."""
    search = search.strip()[:LOOKUP_MAX_LENGTH]
    if not search:
        return []
    found = region_choices().filter(Q(name__icontains=search) | Q(code__istartswith=search))
    return [(region.pk, region_label(region)) for region in found[:LOOKUP_LIMIT]]


class RegionSelect(LightSelect):
    """A region <select> that stays usable with thousands of regions: the whole tree while it
    has at most DRAWN_WHOLE_UP_TO regions (read in the one query a <select> of them costs),
    otherwise "All regions" and the chosen region only, with a search box whose matches htmx
    fetches (``users:region_options``) into the <select>'s "Matching regions" group."""

    template_name = "users/widgets/region_select.html"

    def get_context(self, name, value, attrs):
        iterator = self.choices  # the field's: every region, read when iterated
        field = iterator.field
        regions = list(field.queryset.order_by()[: DRAWN_WHOLE_UP_TO + 1])
        searchable = len(regions) > DRAWN_WHOLE_UP_TO
        regions = self._chosen(field, value, regions) if searchable else sorted(regions, key=_choice_order)
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        self.choices = [*empty, *(iterator.choice(region) for region in regions)]
        try:
            context = super().get_context(name, value, attrs)
        finally:
            self.choices = iterator
        context["widget"]["lookup_url"] = reverse("region_options") if searchable else ""
        return context

    @staticmethod
    def _chosen(field, value, regions: list[Region]) -> list[Region]:
        # The chosen region, if the first regions read hold it; else read by the field (bounded).
        chosen = [region for region in regions if str(region.pk) == str(value)]
        if chosen or value in (None, ""):
            return chosen
        try:
            return [field.to_python(value)]
        except ValidationError:
            return []


class RegionChoiceField(forms.ModelChoiceField):
    """A region or area, an area shown under its region ("North · Beijing")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", region_choices())
        kwargs.setdefault("label", _("Region"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Region) -> str:
        return region_label(obj)


def region_filter(form: forms.Form, data: dict):
    """The region a list is filtered by: the one chosen, none for "All regions", and the
    user's own region (users.regions) when the query says nothing of regions."""
    if "region" not in form.data:
        return form.user.region
    return data.get("region")
