"""Labels of the printable one-page sheet. The sheet is a bilingual document (Japanese and Mongolian side by
side, whatever the language of the page), so its labels are content in both languages, like the checklist's
titles, not interface strings."""

LABELS: dict[str, tuple[str, str]] = {
    "title": ("インターン生 携帯シート", "Дадлагын оюутны гарын авлага"),
    "intern": ("氏名", "Нэр"),
    "host": ("受入企業", "Хүлээн авагч компани"),
    "period": ("期間", "Хугацаа"),
    "status": ("在留資格", "Оршин суух статус"),
    "flights": ("航空便", "Нислэг"),
    "housing": ("住居", "Байр"),
    "address": ("住所", "Хаяг"),
    "insurance": ("保険", "Даатгал"),
    "emergency_contacts": ("緊急連絡先", "Яаралтай холбоо барих"),
    "emergency_numbers": ("緊急電話", "Яаралтай утас"),
    "police": ("警察 110", "Цагдаа 110"),
    "fire_ambulance": ("消防・救急 119", "Гал, түргэн тусламж 119"),
    "checkin": ("毎日の安全確認", "Өдөр бүрийн аюулгүй байдлын мэдээлэл"),
    "checkin_by": ("毎日この時刻までに", "Өдөр бүр энэ цагаас өмнө"),
    "checklist": ("生活支援", "Ахуйн дэмжлэг"),
    "short_term_stay": ("短期滞在", "Богино хугацааны виз"),
    "designated_activities": ("特定活動", "Тусгай үйл ажиллагаа"),
}


def labels() -> dict[str, dict[str, str]]:
    return {key: {"ja": ja, "mn": mn} for key, (ja, mn) in LABELS.items()}
