"""The REST API (``api/``): authentication, permissions, throttling, paging, the OpenAPI schema."""

from __future__ import annotations

from ..env import env, read

REST_FRAMEWORK = {
    # Personal tokens for scripts first (their 401 names the Bearer scheme), the session with
    # its CSRF check for the browser.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": read("API_TOKEN_RATE", env.str, default="600/minute")},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # No OPTIONS self-description (405): the OpenAPI schema describes every endpoint, and
    # DRF's would load objects outside the doors of the views.
    "DEFAULT_METADATA_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Key Account CRM API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from drf-spectacular-sidecar's files under our static root, no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets several fields share, named once in the schema.
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "accounts.models.Level",
        "TierEnum": "scoring.models.Tier",
        "AccountLevelEnum": "scoring.models.Level",
        "BuyingRoleEnum": "contacts.models.BuyingRole",
        "ItemRatingEnum": "credit.models.ItemRating",
        "RequestStatusEnum": "credit.models.RequestStatus",
        "OrderStatusEnum": "deals.models.OrderStatus",
        "HoldStatusEnum": "credit.models.HoldStatus",
    },
}
# A token's last use is written at most this often (one conditional UPDATE, see api.services.token_used).
API_TOKEN_LAST_USED_EVERY_SECONDS = read("API_TOKEN_LAST_USED_EVERY_SECONDS", env.int, default=60)
