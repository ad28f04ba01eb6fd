"""How dates and numbers read in each language (``FORMAT_MODULE_PATH``), in one place.

Django's own formats fill in whatever a module here leaves out. The templates never spell a
format out: they name one (``|date:"SHORT_DATE_FORMAT"``) or use the filters of
``accounts/templatetags/figures.py``, which read ``COMPACT_UNITS`` from here.
"""
