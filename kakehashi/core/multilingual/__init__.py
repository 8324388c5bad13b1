"""Content that people write in several languages, stored as one JSON value per text: {"ja": …, "mn": …}.

Why a JSON value and not translation rows (django-parler) or a column per language (django-modeltranslation):
- the languages come from `settings.LANGUAGES`, so a fourth language is configuration, not a migration
  (a column per language needs one per text and language);
- a list page reads its rows without a join per translated model (rows would cost a join or a prefetch
  on every list, and a table per model);
- it behaves the same on SQLite and PostgreSQL, and each language can still be searched and sorted in
  the database through key lookups (`title__mn__icontains`, `KT("title__ja")`).

The parts:
- `TranslatedText` (text.py): the value, a dict that prints in the reader's language with a fallback chain;
- `TranslatedField` (fields.py): the model field;
- `TranslatedFormField` (forms.py): one input per configured language, each marked with its `lang`;
- `TranslatedSchemaText` (schema.py): the django-ninja type;
- `translated_contains`, `translated_order` (query.py): search every language, sort in the reader's;
- `move_triplets` (migration.py): the data migration from `title_ja/_en/_mn` columns.
"""

from kakehashi.core.multilingual.text import (
    TranslatedText,
    content_languages,
    fallback_chain,
)

__all__ = ["TranslatedText", "content_languages", "fallback_chain"]
