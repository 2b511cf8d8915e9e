"""The benefit catalogue of the manual (BRIEF §7): RBA, COM and the free services FMS1–7.

FMS codes are fixed by the manual. The RBA (relationship-building) and COM
(communication) catalogues are "keep as named, configurable": these are the
defaults; the entitlement settings of a fiscal year may rename or add entries
(`crmplus.techservices.entitlements`). Other apps (KAM plans, reports) refer to
benefits by code only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Family(models.TextChoices):
    RBA = "RBA", _("Relationship building (RBA)")
    COM = "COM", _("Communication (COM)")
    FMS = "FMS", _("Free technical service (FMS)")


class Fms(models.TextChoices):
    FMS1 = "FMS1", _("FMS1 Patrol of the internal system and transformer")
    FMS2 = "FMS2", _("FMS2 Load-profile check")
    FMS3 = "FMS3", _("FMS3 Advice on electricity use and load management")
    FMS4 = "FMS4", _("FMS4 Hot-spot scan with a thermal camera")
    FMS5 = "FMS5", _("FMS5 Trainer support for the customer's training")
    FMS6 = "FMS6", _("FMS6 Power-quality check")
    FMS7 = "FMS7", _("FMS7 Insulator washing (high-pressure water)")


@dataclass(frozen=True)
class Benefit:
    code: str
    family: str
    label_th: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_th if lang == "th" else self.label_en


FMS_LABELS_TH = {
    "FMS1": "ตรวจตราระบบไฟฟ้าภายในและหม้อแปลง (Patrol)",
    "FMS2": "ตรวจสอบ Load Profile",
    "FMS3": "ให้คำปรึกษาการใช้ไฟฟ้าและการบริหารโหลดอย่างมีประสิทธิภาพ",
    "FMS4": "ตรวจหาจุดร้อนด้วยกล้องถ่ายภาพความร้อน (Thermal Viewer)",
    "FMS5": "สนับสนุนวิทยากรในการฝึกอบรมของลูกค้า",
    "FMS6": "ตรวจวัดคุณภาพไฟฟ้า (Power Quality)",
    "FMS7": "ล้างลูกถ้วยด้วยน้ำแรงดันสูง",
}
FMS_LABELS_EN = {
    "FMS1": "Patrol of the internal system and transformer",
    "FMS2": "Load-profile check",
    "FMS3": "Advice on electricity use and efficient load management",
    "FMS4": "Hot-spot scan with a thermal camera (Thermal Viewer)",
    "FMS5": "Trainer support for the customer's training",
    "FMS6": "Power-quality check",
    "FMS7": "Insulator washing (high-pressure water)",
}

DEFAULT_RBA = [
    ("RBA1", "เยี่ยมเยียนและแสดงความยินดีในโอกาสสำคัญ", "Congratulations on special occasions"),
    ("RBA2", "ของที่ระลึกเทศกาลปีใหม่", "New Year gift"),
    ("RBA3", "เชิญร่วมกิจกรรมสัมมนาลูกค้ารายใหญ่", "Invitation to the large-customer seminar"),
    ("RBA4", "กิจกรรมสันทนาการและกีฬาสัมพันธ์", "Recreation and sports activities"),
]
DEFAULT_COM = [
    ("COM1", "จดหมายข่าวและข่าวสารการไฟฟ้า", "Newsletter and PEA news"),
    ("COM2", "แจ้งแผนการดับไฟล่วงหน้า", "Advance notice of planned outages"),
    ("COM3", "แจ้งการเปลี่ยนแปลงอัตราค่าไฟฟ้า", "Notice of tariff changes"),
    ("COM4", "กลุ่มไลน์ลูกค้ารายใหญ่", "Key-account LINE group"),
]


def default_benefits() -> list[Benefit]:
    rows = [Benefit(code, Family.RBA, th, en) for code, th, en in DEFAULT_RBA]
    rows += [Benefit(code, Family.COM, th, en) for code, th, en in DEFAULT_COM]
    rows += [Benefit(c, Family.FMS, FMS_LABELS_TH[c], FMS_LABELS_EN[c]) for c in FMS_LABELS_TH]
    return rows
