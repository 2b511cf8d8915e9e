"""Word lists and weights the demo planner draws Thai customers and contacts from."""


def _pairs(text: str) -> list[tuple[str, str]]:
    return [tuple(item.split(":")) for item in text.split("|")]  # type: ignore[misc]


# Name parts as "Thai:English" pairs; weights as "key weight" lists (compact on purpose).
# fmt: off
STEMS = _pairs(
    "สยาม:Siam|ไทย:Thai|อีสเทิร์น:Eastern|แปซิฟิค:Pacific|โกลเด้น:Golden|รอยัล:Royal|"
    "ยูไนเต็ด:United|เอเชีย:Asia|ซันไชน์:Sunshine|กรีน:Green|สตาร์:Star|โกลบอล:Global|"
    "พรีเมียร์:Premier|ไดมอนด์:Diamond|ซูพรีม:Supreme|เจริญกิจ:Charoenkit|รุ่งเรือง:Rungrueang|"
    "มั่นคง:Mankhong|ศรีสวัสดิ์:Sisawat|เอกชัย:Ekkachai|วัฒนา:Watthana|ธนา:Thana|"
    "ทองไทย:Thong Thai|ไทยนิชิ:Thai Nishi|ไทยโตโย:Thai Toyo|เมโทร:Metro|ยูนิเวอร์แซล:Universal|"
    "ไทยเทค:Thai Tech|อัลฟ่า:Alpha|โอเชี่ยน:Ocean|ไฮเทค:Hi-Tech|สหไทย:Saha Thai|ไทยเสรี:Thai Seri|"
    "นครไทย:Nakhon Thai|ไทยคาเนะ:Thai Kane|เค.ซี.:K.C.|พี.เอส.:P.S.|ที.เอ็ม.:T.M."
)
INDUSTRY = {
    "food": _pairs("ฟู้ดส์:Foods|ฟู้ด โปรดักส์:Food Products|โฟรเซ่นฟู้ดส์:Frozen Foods|"
                   "เบเวอเรจ:Beverage|แดรี่:Dairy|ซีฟู้ด:Seafood|สแน็ค:Snack"),
    "electronics": _pairs("อิเล็กทรอนิกส์:Electronics|เซมิคอนดักเตอร์:Semiconductor|"
                          "พรีซิชั่น:Precision|อิเล็คทริค:Electric|เซอร์กิต:Circuits"),
    "automotive": _pairs("ออโต้พาร์ท:Auto Parts|มอเตอร์:Motor|ออโตโมทีฟ:Automotive|"
                         "ไทร์:Tire|สแตมปิ้ง:Stamping"),
    "chemicals": _pairs("เคมีคอล:Chemical|โพลิเมอร์:Polymer|ปิโตรเคมี:Petrochemical|"
                        "พลาสติก:Plastic|รับเบอร์:Rubber|เพ้นท์:Paint"),
    "metals": _pairs("สตีล:Steel|เมทัล:Metal|ไวร์:Wire|ไพพ์:Pipe|ฟอร์จจิ้ง:Forging|"
                     "อลูมิเนียม:Aluminium"),
    "textiles": _pairs("เท็กซ์ไทล์:Textile|การ์เมนท์:Garment|สปินนิ่ง:Spinning|นิตติ้ง:Knitting"),
    "cement": _pairs("ซีเมนต์:Cement|กลาส:Glass|เซรามิค:Ceramic|คอนกรีต:Concrete"),
    "paper": _pairs("เปเปอร์:Paper|แพคเกจจิ้ง:Packaging|คาร์ตอน:Carton"),
    "agro": _pairs("อุตสาหกรรมน้ำตาล:Sugar Industry|ไรซ์:Rice|ปาล์มออยล์:Palm Oil|"
                   "สตาร์ช:Starch|อะโกร:Agro|ฟีดมิลล์:Feed Mill"),
    "cold_storage": _pairs("ห้องเย็น:Cold Storage|โลจิสติกส์:Logistics|วาร์เฮาส์:Warehouse"),
    "data_centre": _pairs("ดาต้า เซ็นเตอร์:Data Center|เทเลคอม:Telecom|คลาวด์:Cloud"),
    "retail": _pairs("พลาซ่า:Plaza|ดีพาร์ทเมนท์สโตร์:Department Store|ซูเปอร์สโตร์:Superstore|"
                     "ช้อปปิ้งเซ็นเตอร์:Shopping Center"),
    "water": _pairs("วอเตอร์:Water|วอเตอร์ ซัพพลาย:Water Supply"),
}
INDUSTRIAL = {"food", "electronics", "automotive", "chemicals", "metals", "textiles", "cement",
              "paper", "agro", "cold_storage"}
PUBLIC_SECTOR = {"government", "education", "water"}
# Business-type mix of each kind of area (weights).
PROFILES = {
    "industrial": "food 10 electronics 12 automotive 14 chemicals 12 metals 10 textiles 4 cement 3 "
                  "paper 5 agro 3 cold_storage 6 data_centre 2 hotel 3 hospital 4 retail 4 "
                  "education 3 government 3 water 2",
    "tourism": "hotel 30 retail 8 hospital 8 food 10 agro 12 cold_storage 6 education 5 "
               "government 6 water 3 chemicals 5 cement 2 metals 2",
    "rural": "agro 22 food 12 cement 5 hospital 8 education 8 government 10 retail 8 hotel 5 "
             "cold_storage 4 chemicals 4 metals 3 electronics 4 automotive 2 textiles 3 water 4",
    "north": "electronics 12 food 12 agro 10 hotel 15 hospital 8 retail 8 education 8 "
             "government 8 cement 3 chemicals 3 metals 3 textiles 3 water 3",
    "south": "chemicals 15 food 15 agro 12 hotel 10 retail 8 hospital 8 education 7 "
             "government 8 cold_storage 7 water 3",
    "national": "retail 25 data_centre 15 government 15 water 10 food 10 hotel 5 cement 10 "
                "chemicals 10",
}
AREA_PROFILE = {"C1": "industrial", "C2": "industrial", "C3": "industrial", "S1": "tourism",
                "S2": "tourism", "S3": "south", "N1": "north", "N2": "rural", "N3": "rural",
                "NE1": "rural", "NE2": "rural", "NE3": "rural", "HQ": "national"}
OFFICE_WEIGHT = {"pro": 10, "b1": 8, "b2": 5, "b3": 3, "sub": 1.2, "small": 0.3}
LANDLINE = {"N1": ["053", "054"], "N2": ["055", "056"], "N3": ["036", "056"],
            "NE1": ["042", "043"], "NE2": ["045", "043"], "NE3": ["044"],
            "C1": ["035", "02", "036"], "C2": ["038", "039", "037"], "C3": ["034", "032"],
            "S1": ["032", "077"], "S2": ["075", "077", "076"], "S3": ["074", "073"], "HQ": ["02"]}
MOBILE = ["081", "082", "083", "084", "085", "086", "087", "088", "089", "091", "092", "093",
          "094", "095", "096", "097", "098", "099", "061", "062", "063"]
FIRST_NAMES = _pairs(
    "สมชาย:somchai|สมศักดิ์:somsak|ประเสริฐ:prasert|วิชัย:wichai|สุรชัย:surachai|ธนากร:thanakorn|"
    "ณัฐพล:nattapon|กิตติพงษ์:kittipong|อนุชา:anucha|ชัยวัฒน์:chaiwat|ปิยะ:piya|ธีรวัฒน์:teerawat|"
    "วรวุฒิ:worawut|สุทธิพงษ์:sutthipong|อภิชาติ:apichat|พีระพงษ์:peerapong|ศักดิ์ชัย:sakchai|"
    "เอกชัย:ekkachai|วิภา:wipa|สุดารัตน์:sudarat|พรทิพย์:pornthip|กมลวรรณ:kamonwan|"
    "นภัสสร:napassorn|ศิริพร:siriporn|อรุณี:arunee|จิราพร:jiraporn|รัชนี:ratchanee|มาลัย:malai|"
    "สุภาพร:supaporn|ณัฐธิดา:nattida|วราภรณ์:waraporn|ปวีณา:paweena|ชนิดา:chanida|กัญญา:kanya"
)
LAST_NAMES = _pairs(
    "ศรีสุข:srisuk|มั่นคง:mankong|ใจดี:jaidee|แสงทอง:saengthong|บุญมี:boonmee|ทองดี:thongdee|"
    "สุขสวัสดิ์:suksawat|วงศ์ไทย:wongthai|ศรีวงศ์:sriwong|พงษ์พันธ์:pongpan|เจริญผล:charoenphon|"
    "รัตนพันธ์:rattanapan|อินทร์แก้ว:inkaew|ชัยมงคล:chaimongkol|ปัญญาดี:panyadee|ทองคำ:thongkham|"
    "กาญจนวงศ์:kanchanawong|สมบูรณ์ศักดิ์:somboonsak|วิเศษสุวรรณ:wisetsuwan|นาคสวัสดิ์:naksawat|"
    "แก้วประเสริฐ:kaewprasert|บุญเรือง:boonruang|จันทร์เพ็ญ:chanpen|พูลสวัสดิ์:poonsawat|"
    "ธนสาร:thanasan|โพธิ์ทอง:photong|สิทธิชัย:sitthichai|อุดมสุข:udomsuk"
)
POSITIONS = {
    "industrial": ["ผู้จัดการโรงงาน", "ผู้จัดการฝ่ายวิศวกรรม", "วิศวกรไฟฟ้า", "ผู้จัดการฝ่ายซ่อมบำรุง",
                   "ผู้รับผิดชอบด้านพลังงาน (PRE)", "ผู้จัดการทั่วไป", "ผู้จัดการฝ่ายจัดซื้อ"],
    "service": ["ผู้จัดการฝ่ายอาคารสถานที่", "หัวหน้าช่างไฟฟ้า", "ผู้จัดการทั่วไป",
                "ผู้จัดการฝ่ายวิศวกรรม", "ผู้รับผิดชอบด้านพลังงาน (PRE)"],
    "public": ["ผู้อำนวยการกองช่าง", "หัวหน้างานอาคารสถานที่", "นายช่างไฟฟ้า", "ผู้อำนวยการ",
               "เจ้าหน้าที่พัสดุ"],
}
# fmt: on
CONSENT_PURPOSE = "ติดต่อประสานงานด้านการใช้ไฟฟ้า บริการ และกิจกรรมลูกค้ารายใหญ่ของ กฟภ."
