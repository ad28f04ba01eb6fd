"""Credit pages: thin views over ``selectors`` (reads) and ``services`` (writes), one module
per subject (``urls.py`` names the module of each view).

Objects are loaded through the visibility rule (404 for outsiders); the roles allowed are
declared on each view (403 otherwise); the finer rule of who decides which request lives in
``credit.permissions`` (``services.decision_refusal`` says why not, and checks the amount).
"""
