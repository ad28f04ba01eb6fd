"""Files: import uploads and attached documents (their limits and storages), and static files."""

from __future__ import annotations

from ..env import env, read
from .base import BASE_DIR, DEBUG

# --- Imports (accounts, contacts, orders) ------------------------------------------------

# Uploaded import files; the web processes and the workers must share the folder.
IMPORT_ROOT = read("IMPORT_ROOT", env.path, default=BASE_DIR / "var" / "imports")
# A file is refused as soon as it passes one of these, before it is read any further.
IMPORT_MAX_FILE_BYTES = read("IMPORT_MAX_FILE_BYTES", env.int, default=20 * 1024 * 1024)
IMPORT_MAX_DATA_BYTES = read("IMPORT_MAX_DATA_BYTES", env.int, default=64 * 1024 * 1024)
IMPORT_MAX_ROWS = read("IMPORT_MAX_ROWS", env.int, default=600_000)  # the Online Retail file has 541 909
IMPORT_MAX_COLUMNS = read("IMPORT_MAX_COLUMNS", env.int, default=200)
# The most rows one export of a list page writes (imports.exports); a longer list is refused.
EXPORT_MAX_ROWS = read("EXPORT_MAX_ROWS", env.int, default=100_000)
# An export longer than this is written by a worker, not inside the web request.
EXPORT_INLINE_MAX_ROWS = read("EXPORT_INLINE_MAX_ROWS", env.int, default=5_000)
# How long the file of an export written in the background stays downloadable.
EXPORT_KEEP_DAYS = read("EXPORT_KEEP_DAYS", env.int, default=7)
ATTACHMENT_MAX_BYTES = read("ATTACHMENT_MAX_BYTES", env.int, default=10 * 1024 * 1024)
# What a document may be, recognised by its content (attachments/content.py), not by its name.
ATTACHMENT_TYPES = read(
    "ATTACHMENT_TYPES",
    env.list,
    default=[
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/webp",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/plain",
        "text/csv",
    ],
)
IMPORT_MAX_CELL_CHARS = read("IMPORT_MAX_CELL_CHARS", env.int, default=10_000)

# --- Static files: front-end packages come from npm (package.json), never a CDN ---------

STATIC_URL = "static/"
# Where collectstatic writes, and nginx serves /static/ from (deploy/nginx/crm.conf).
STATIC_ROOT = read("STATIC_ROOT", env.path, default=BASE_DIR / "staticfiles")
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/cytoscape", NODE_MODULES / "cytoscape" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploaded import files, read and written through Django's storage API only: a folder the
    # web processes and the workers share (IMPORT_ROOT), or another backend by its dotted
    # path (for an S3-compatible store, django-storages' "storages.backends.s3.S3Storage"
    # once installed, with its AWS_* settings).
    "imports": {"BACKEND": read("IMPORT_STORAGE_BACKEND", env.str, default="imports.models.ImportStorage")},
    # Documents attached to accounts and what belongs to them: never served from a public URL
    # (the download view applies visibility), so an S3-compatible store is only this setting.
    "attachments": {
        "BACKEND": read("ATTACHMENTS_STORAGE_BACKEND", env.str, default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": read(
            "ATTACHMENTS_STORAGE_OPTIONS", env.json, default={"location": str(BASE_DIR / "private" / "attachments")}
        ),
    },
    # Files of exports too long for a web request, written by a worker and downloaded by the
    # person who asked only (through the view, never a public URL).
    "exports": {
        "BACKEND": read("EXPORT_STORAGE_BACKEND", env.str, default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": read(
            "EXPORT_STORAGE_OPTIONS", env.json, default={"location": str(BASE_DIR / "private" / "exports")}
        ),
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
