"""The parts of a Risk Assessment Matrix and the defaults the code holds (no Django).

HQ admins replace any of these per fiscal year (crmplus.risk.matrix_settings); the
factor lists follow issue 5: probability — SPP offer, self-generation, contract
renewal, open complaints, tariff sensitivity; impact — yearly GM, share of the office's
GM, load in MW.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label_th: str
    label_en: str


@dataclass(frozen=True)
class Option:
    """One answer of a `choice` factor; `score` is its point on the axis scale."""

    score: int
    label_th: str
    label_en: str


@dataclass(frozen=True)
class Factor:
    """One input of an axis.

    kind ``yes_no``: the value is a bool, scoring `yes_score` or `no_score`.
    kind ``choice``: the value is one of the `options`' scores.
    kind ``number``: the value is a number in [minimum, maximum]; `bands` are
    (lower bound, score) pairs in ascending bound order: the value scores the last band
    whose bound it reaches (`maximum` None = no upper limit).
    """

    key: str
    label_th: str
    label_en: str
    kind: str = "yes_no"
    yes_score: int = 5
    no_score: int = 1
    options: tuple[Option, ...] = ()
    bands: tuple[tuple[float, int], ...] = ()
    minimum: float = 0.0
    maximum: float | None = None
    unit_th: str = ""
    unit_en: str = ""
    weight: float = 1.0
    required: bool = False
    evidence: str = "none"


def _p(th: tuple[str, ...], en: tuple[str, ...]) -> tuple[ScalePoint, ...]:
    return tuple(ScalePoint(n, t, e) for n, (t, e) in enumerate(zip(th, en, strict=True), 1))


DEFAULT_PROBABILITY_SCALE = _p(
    ("แทบไม่มีโอกาส", "โอกาสน้อย", "อาจเกิดขึ้นได้", "มีโอกาสสูง", "เกือบแน่นอน"),
    ("Rare", "Unlikely", "Possible", "Likely", "Almost certain"),
)
DEFAULT_IMPACT_SCALE = _p(
    ("น้อยมาก", "น้อย", "ปานกลาง", "มาก", "รุนแรงมาก"),
    ("Insignificant", "Minor", "Moderate", "Major", "Severe"),
)
DEFAULT_PROBABILITY_FACTORS = (
    Factor(
        "spp_offer",
        "ได้รับข้อเสนอซื้อไฟจากผู้ผลิตไฟฟ้ารายเล็ก (SPP)",
        "Offer received from an SPP",
        kind="yes_no",
        yes_score=5,
        no_score=1,
        required=True,
        evidence="raised",
    ),
    Factor(
        "self_generation",
        "ผลิตไฟฟ้าใช้เอง (โซลาร์รูฟท็อป / โคเจนเนอเรชัน)",
        "Self-generation (rooftop solar / cogeneration)",
        kind="choice",
        options=(
            Option(1, "ไม่มีและไม่มีแผน", "None, no plan"),
            Option(3, "อยู่ระหว่างศึกษา", "Under study"),
            Option(4, "มีแผนหรือทำสัญญาแล้ว", "Planned or contracted"),
            Option(5, "ติดตั้งแล้ว", "Installed"),
        ),
        required=True,
        evidence="raised",
    ),
    Factor(
        "contract_renewal",
        "สัญญาซื้อขายไฟฟ้าใกล้ครบกำหนดต่ออายุ (ภายใน 12 เดือน)",
        "Supply contract renewal due (within 12 months)",
        kind="yes_no",
        yes_score=4,
        no_score=1,
    ),
    Factor(
        "open_complaints",
        "ข้อร้องเรียนที่ยังไม่ยุติ",
        "Open complaints",
        kind="number",
        bands=((0, 1), (1, 2), (2, 3), (4, 4), (6, 5)),
        unit_th="เรื่อง",
        unit_en="complaints",
    ),
    Factor(
        "tariff_sensitivity",
        "ความอ่อนไหวต่ออัตราค่าไฟฟ้า",
        "Tariff sensitivity",
        kind="choice",
        options=(
            Option(1, "ต่ำมาก", "Very low"),
            Option(2, "ต่ำ", "Low"),
            Option(3, "ปานกลาง", "Moderate"),
            Option(4, "สูง", "High"),
            Option(5, "สูงมาก", "Very high"),
        ),
    ),
)
DEFAULT_IMPACT_FACTORS = (
    Factor(
        "yearly_gm",
        "กำไรขั้นต้นต่อปี",
        "Yearly gross margin",
        kind="number",
        bands=((0, 1), (1_000_000, 2), (5_000_000, 3), (10_000_000, 4), (20_000_000, 5)),
        unit_th="บาท",
        unit_en="baht",
        required=True,
    ),
    Factor(
        "office_gm_share",
        "สัดส่วนของกำไรขั้นต้นของการไฟฟ้าสาขา",
        "Share of the office's gross margin",
        kind="number",
        bands=((0, 1), (5, 2), (10, 3), (20, 4), (40, 5)),
        maximum=100.0,
        unit_th="%",
        unit_en="%",
    ),
    Factor(
        "load_mw",
        "ความต้องการพลังไฟฟ้า",
        "Load",
        kind="number",
        bands=((0, 1), (1, 2), (5, 3), (10, 4), (30, 5)),
        unit_th="เมกะวัตต์",
        unit_en="MW",
    ),
)
# Lower bound of P × I → level: 15–25 very high, 8–12 high, 4–6 medium, 1–3 low.
DEFAULT_SCORE_BANDS = ((1, 1), (4, 2), (8, 3), (15, 4))
