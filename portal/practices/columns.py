"""The columns of a practice in the open-data files, in their order: the CSV and JSON exports write
them, ``manage.py import_csv`` reads them back and the API's practice serializer shows the same
fields. Here, with the practices, so that the API needs no import of the exports app."""

PRACTICE_COLUMNS = [
    "id",
    "url",
    "title",
    "summary",
    "language",
    "title_en",
    "title_fr",
    "title_es",
    "summary_en",
    "summary_fr",
    "summary_es",
    "body",
    "image",
    "countries",
    "is_global",
    "partners",
    "themes",
    "gcm_objectives",
    "sdg_targets",
    "submitter_kind",
    "submitter",
    "date_shared",
    "sources",
]
TRANSLATION_COLUMNS = ["title_en", "title_fr", "title_es", "summary_en", "summary_fr", "summary_es"]
# Only in the exports of ``manage.py export --private``: never on the web.
PRIVATE_PRACTICE_COLUMNS = [
    "status",
    "contact_name",
    "contact_organisation",
    "contact_email",
    "contact_phone",
    "source",
]
