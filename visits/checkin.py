"""Visit check-in (``settings.VISITS_CHECK_IN``): the phone's position shared once, with the rep's
consent, when a visit is logged, and its distance to the account's recorded location. Nothing
is read or kept outside a check-in."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)
MICRODEGREE = Decimal("0.000001")  # the stored precision: about 11 cm


@dataclass(frozen=True)
class CheckIn:
    latitude: Decimal
    longitude: Decimal
    accuracy_m: int

    @classmethod
    def from_reading(cls, *, latitude: float, longitude: float, accuracy: float) -> CheckIn:
        """A browser's reading (floats with many decimals) at the precision stored."""
        return cls(_degrees(latitude), _degrees(longitude), round(accuracy))


def _degrees(value: float) -> Decimal:
    return Decimal(str(value)).quantize(MICRODEGREE, rounding=ROUND_HALF_UP)


def distance_m(latitude_1, longitude_1, latitude_2, longitude_2) -> int:
    """The great-circle distance in whole metres between two points (haversine formula)."""
    phi_1, phi_2 = math.radians(float(latitude_1)), math.radians(float(latitude_2))
    d_phi = phi_2 - phi_1
    d_lambda = math.radians(float(longitude_2) - float(longitude_1))
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi_1) * math.cos(phi_2) * math.sin(d_lambda / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a))))
