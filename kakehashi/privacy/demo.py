"""Demo: the consent texts (version 1, in three languages), and the demo students' consent and record."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import User
from kakehashi.privacy.models import Consent, ConsentKind, ConsentText, PersonalRecord

TEXTS = {
    ConsentKind.CROSS_BORDER_TRANSFER: {
        "title_en": "Transfer of your personal data to Japan",
        "title_ja": "個人データの日本への移転",
        "title_mn": "Таны хувийн мэдээллийг Япон руу шилжүүлэх",
        "text_en": (
            "To run the program, your name, contact details, college, course results and application are "
            "sent from Mongolia to Japan and kept on the Kakehashi platform, run by the program office "
            "(NAZE) in Nagaoka. Japan's Act on the Protection of Personal Information applies; the European "
            "Commission recognises it as adequate. Your data are seen by the organizations of the program "
            "that need them for your application and internship, and are deleted when they are no longer "
            "needed (see 'My data'). You may withdraw your consent at any time; you can then no longer apply."
        ),
        "text_ja": (
            "事業の運営のため、あなたの氏名・連絡先・所属校・学習成績・応募書類はモンゴルから日本へ送られ、"
            "長岡の事業事務局（NAZE）が運営する架け橋プラットフォームに保管されます。日本の個人情報保護法が"
            "適用されます。あなたのデータは、応募とインターンシップに必要な事業参加団体だけが閲覧し、不要に"
            "なった時点で削除されます（「わたしのデータ」を参照）。同意はいつでも撤回できますが、撤回すると"
            "応募できなくなります。"
        ),
        "text_mn": (
            "Хөтөлбөрийг хэрэгжүүлэхийн тулд таны нэр, холбоо барих мэдээлэл, коллеж, хичээлийн дүн, өргөдлийг "
            "Монголоос Япон руу илгээж, Нагаока дахь хөтөлбөрийн алба (NAZE)-ны ажиллуулдаг Kakehashi "
            "платформд хадгална. Японы Хувийн мэдээлэл хамгаалах тухай хууль үйлчилнэ. Таны мэдээллийг "
            "зөвхөн өргөдөл, дадлагад тань шаардлагатай байгууллагууд үзэх ба шаардлагагүй болмогц устгана "
            "('Миний мэдээлэл'-ийг үзнэ үү). Та зөвшөөрлөө хэзээ ч цуцалж болно; цуцалбал өргөдөл гаргах "
            "боломжгүй болно."
        ),
    },
    ConsentKind.SENSITIVE_DATA: {
        "title_en": "Sensitive personal data",
        "title_ja": "要配慮個人情報等",
        "title_mn": "Эмзэг хувийн мэдээлэл",
        "text_en": (
            "For your travel and safety in Japan, the program keeps your passport and residence-card numbers, "
            "health notes and an emergency contact. They are stored encrypted; only you, the program office "
            "and the travel and safety officer can read them, and every reading is recorded and shown to you. "
            "They are deleted one year after your program ends. You may withdraw your consent at any time."
        ),
        "text_ja": (
            "日本での渡航と安全管理のため、旅券番号・在留カード番号・健康上の注意事項・緊急連絡先を保管します。"
            "これらは暗号化して保存され、本人・事業事務局・渡航安全担当者だけが閲覧でき、閲覧はすべて記録され"
            "本人に表示されます。事業終了の1年後に削除されます。同意はいつでも撤回できます。"
        ),
        "text_mn": (
            "Япон дахь аялал, аюулгүй байдлын тань төлөө хөтөлбөр таны гадаад паспорт, оршин суух картын "
            "дугаар, эрүүл мэндийн тэмдэглэл, яаралтай үед холбоо барих хүний мэдээллийг хадгална. Эдгээрийг "
            "шифрлэж хадгалах ба зөвхөн та, хөтөлбөрийн алба, аялал ба аюулгүй байдлын ажилтан үзэх "
            "боломжтой; үзсэн бүрийг бүртгэж танд харуулна. Хөтөлбөр дууссанаас хойш нэг жилийн дараа "
            "устгана. Та зөвшөөрлөө хэзээ ч цуцалж болно."
        ),
    },
    ConsentKind.TALENT_POOL: {
        "title_en": "Being found by the program's companies",
        "title_ja": "事業参加企業からの検索への同意",
        "title_mn": "Хөтөлбөрийн компаниудад олдох зөвшөөрөл",
        "text_en": (
            "While you are in the talent pool, the host companies of the program (not only the ones you "
            "applied to) can find you and see your name, college, graduation date, the skills your "
            "evaluations endorsed, your verified Japanese level and what you wrote about the work you look "
            "for. You see which companies opened your profile and invited you. You can leave the pool at "
            "any time; companies then no longer find you."
        ),
        "text_ja": (
            "人材プールに登録している間、事業の受入企業（応募先に限りません）はあなたを検索し、氏名・所属校・"
            "卒業時期・評価で認められたスキル・確認済みの日本語レベル・希望する仕事についてあなたが書いた文を"
            "見ることができます。どの企業がプロフィールを開き、面接に招待したかはあなたに表示されます。"
            "いつでも登録をやめることができ、やめると企業からは検索されなくなります。"
        ),
        "text_mn": (
            "Та авьяасын санд байх хугацаанд хөтөлбөрийн хүлээн авагч компаниуд (зөвхөн таны өргөдөл "
            "гаргасан компаниуд биш) таныг хайж олох бөгөөд таны нэр, коллеж, төгсөх хугацаа, үнэлгээгээр "
            "баталгаажсан ур чадвар, баталгаажсан япон хэлний түвшин, хайж буй ажлынхаа талаар бичсэн зүйлийг "
            "харна. Аль компани таны профайлыг нээж, ярилцлагад урьсныг та харна. Та хүссэн үедээ сангаас "
            "гарч болно; гарсны дараа компаниуд таныг олохгүй."
        ),
    },
}
PUBLISHED = datetime(2024, 4, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(9 * 60))


@transaction.atomic
def load() -> None:
    texts = {}
    for kind, fields in TEXTS.items():
        per_language = {
            name: {code: fields[f"{name}_{code}"] for code in ("ja", "mn", "en")}
            for name in ("title", "text")
        }
        texts[kind], _created = ConsentText.objects.update_or_create(
            kind=kind, version=1, defaults={**per_language, "published_at": PUBLISHED}
        )
    for key in ("student", "student2"):
        user = User.objects.filter(email=demo_email(key)).first()
        if user is None:
            continue
        for text in texts.values():
            Consent.objects.get_or_create(user=user, text=text, defaults={"given_at": PUBLISHED})
    student = User.objects.filter(email=demo_email("student")).first()
    if student is not None and not PersonalRecord.objects.filter(user=student).exists():
        PersonalRecord.objects.create(
            user=student,
            passport_number="E1234567",
            residence_card_number="",
            health_notes="Mild pollen allergy.",
            emergency_contact="Baatar Dorj (father), +976 9911 2233",
        )
