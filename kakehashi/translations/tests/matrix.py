from kakehashi.core.testing.matrix import MatrixContext, Row, expect

EDITORS = {"admin", "manager"}


def an_import(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> int:
        from kakehashi.translations.models import TranslationImport

        return TranslationImport.objects.create(
            program=c.program(), uploaded_by=c.user("manager"), file_name="translations.xlsx"
        ).pk

    return c.once("translation-import", make)


ROWS = [
    Row("translations:overview", expect(EDITORS)),
    Row("translations:export", expect(EDITORS)),
    Row("translations:upload", expect(EDITORS)),
    Row("translations:preview", expect(EDITORS), kwargs=lambda c: {"import_id": an_import(c)}),
    Row(
        "translations:apply",
        expect(EDITORS, yes=302),
        method="post",
        kwargs=lambda c: {"import_id": an_import(c)},
    ),
    Row(
        "translations:discard",
        expect(EDITORS, yes=302),
        method="post",
        kwargs=lambda c: {"import_id": an_import(c)},
    ),
]
