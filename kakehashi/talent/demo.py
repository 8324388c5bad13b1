"""Demo: two students in the talent pool (one wrote in Mongolian, one in Japanese), one invitation."""

from datetime import date

from django.db import transaction

from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.privacy import services as privacy
from kakehashi.privacy.models import ConsentKind
from kakehashi.talent.models import TalentInvitation, TalentProfile

PROFILES = {
    "student": (
        "must-kosen",
        date(2027, 6, 30),
        "mn",
        "IoT мэдрэгч, Python-оор өгөгдөл боловсруулах ажил хайж байна. Нагаока хотод ажиллахыг хүсэж байна.",
    ),
    "student2": (
        "mongol-kosen",
        date(2027, 6, 30),
        "ja",
        "ロボットの保守や生産ラインの自動化の仕事を希望しています。日本語はN3に合格しました。",
    ),
}


@transaction.atomic
def load() -> None:
    program = Program.objects.filter(key="jica-dx-2024").first()
    text = privacy.current_text(ConsentKind.TALENT_POOL)
    if program is None or text is None:
        return
    profiles = {}
    for key, (college_key, graduation_on, language, headline) in PROFILES.items():
        user = User.objects.filter(email=demo_email(key)).first()
        if user is None:
            continue
        if not privacy.has_consent(user, ConsentKind.TALENT_POOL):
            privacy.consent_give(user=user, text=text)
        profiles[key], _created = TalentProfile.objects.update_or_create(
            user=user,
            defaults={
                "program": program,
                "college": Organization.objects.filter(key=college_key).first(),
                "graduation_on": graduation_on,
                "headline": headline,
                "headline_language": language,
            },
        )
    company = Organization.objects.filter(key="echigo-machinery").first()
    company_admin = User.objects.filter(email=demo_email("company-echigo")).first()
    if "student2" in profiles and company and company_admin:
        TalentInvitation.objects.get_or_create(
            profile=profiles["student2"],
            company=company,
            defaults={
                "invited_by": company_admin,
                "message": "生産ラインの自動化についてお話ししませんか。来週、オンラインで30分ほどいかがでしょうか。",
            },
        )
