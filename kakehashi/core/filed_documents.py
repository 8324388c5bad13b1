"""A document filed with the immigration authorities, as the packs (residence, hire) list it: its titles as
filed and in the other two languages, who signs it, and the checklist entry it ticks once generated.

The residence pack and the hire pack share this type: their documents differ in content, not in shape."""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class FiledDocument:
    key: str
    title: Promise  # for the pages of the platform, in the reader's language
    title_ja: str  # as filed
    title_en: str
    title_mn: str
    signed_by_ja: str  # printed on the contents sheet
    bilingual: bool  # Japanese side by side with the college's language
    checklist_key: str = ""  # the document of the case's checklist it ticks, if any
    prepared_by: str = ""  # a key the pack's permission rules read (residence pack: host or college)

    def filename(self, position: int) -> str:
        return f"{position:02d}_{self.key}.pdf"
