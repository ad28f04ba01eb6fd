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
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .models import Region


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


class RegionChoiceField(forms.ModelChoiceField):
    """A region or area, an area shown under its region ("North · Beijing")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", region_choices())
        kwargs.setdefault("label", _("Region"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.parent.name} · {obj.name}" if obj.parent_id else obj.name


def region_filter(form: forms.Form, data: dict):
    """The region a list is filtered by: the one chosen, none for "All regions", and the
    user's own region (users.regions) when the query says nothing of regions."""
    if "region" not in form.data:
        return form.user.region
    return data.get("region")
