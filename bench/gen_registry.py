"""Load a production-sized customer registry into PostgreSQL, fast.

    .venv/bin/python bench/gen_registry.py            # 100 000 BPs, 1 000 000 CAs, 150 000 contacts
    .venv/bin/python bench/gen_registry.py --quick    # 10 000 BPs, 100 000 CAs, ~15 000 contacts

It (re)creates the database named in --database-url (default: crmplus_bench on
127.0.0.1), runs the migrations, loads the organisation tree (`manage.py
load_org` when the project has it, else a generated tree of 12 areas and ~900
offices), then COPYs the registry in through psycopg — not the ORM — with the
big tables' secondary indexes and foreign keys dropped during the load and
rebuilt after it, rebuilds the app's precomputed customer scope (COPY bypasses
the signals that keep it) and finally creates the three bench users:

    bench_hq    HQ admin
    bench_area  area CRM admin of area C2
    bench_kamr  KAMR of the C2 office holding the most customers

all with the password in BENCH_PASSWORD. The data is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/crmplus_bench"
BENCH_PASSWORD = "Bench-pass-2569!"
USERS = {"hq": "bench_hq", "area": "bench_area", "kamr": "bench_kamr"}
BENCH_AREA_CODE = "C2"

# ---------------------------------------------------------------------------
# Vocabulary for plausible Thai / English company names.
# Each pair is (Thai, English) so the two names of a customer agree.
WORDS = [
    ("สยาม", "Siam"),
    ("ไทย", "Thai"),
    ("รุ่งเรือง", "Rungruang"),
    ("พัฒนา", "Pattana"),
    ("อุตสาหกรรม", "Industry"),
    ("เกษตร", "Kaset"),
    ("ศรีราชา", "Sriracha"),
    ("ชลบุรี", "Chonburi"),
    ("ระยอง", "Rayong"),
    ("ตะวันออก", "Eastern"),
    ("มหาชัย", "Mahachai"),
    ("อมตะ", "Amata"),
    ("ทองคำ", "Thongkham"),
    ("เพชร", "Phet"),
    ("มั่นคง", "Mankong"),
    ("เจริญ", "Charoen"),
    ("โภคภัณฑ์", "Pokphand"),
    ("ปิโตรเคมี", "Petrochemical"),
    ("สตีล", "Steel"),
    ("พลาสติก", "Plastic"),
    ("อาหาร", "Food"),
    ("แช่แข็ง", "Frozen"),
    ("ห้องเย็น", "Cold Storage"),
    ("น้ำตาล", "Sugar"),
    ("ปาล์ม", "Palm"),
    ("ยางพารา", "Rubber"),
    ("สิ่งทอ", "Textile"),
    ("การ์เมนท์", "Garment"),
    ("ซีเมนต์", "Cement"),
    ("กระจก", "Glass"),
    ("เซรามิค", "Ceramic"),
    ("กระดาษ", "Paper"),
    ("บรรจุภัณฑ์", "Packaging"),
    ("อิเล็กทรอนิกส์", "Electronics"),
    ("ออโต้พาร์ท", "Auto Parts"),
    ("มอเตอร์", "Motor"),
    ("โลจิสติกส์", "Logistics"),
    ("ดาต้า", "Data"),
    ("เทเลคอม", "Telecom"),
    ("โรงแรม", "Hotel"),
    ("รีสอร์ท", "Resort"),
    ("โรงพยาบาล", "Hospital"),
    ("เมดิคอล", "Medical"),
    ("พลาซ่า", "Plaza"),
    ("มอลล์", "Mall"),
    ("วิทยาลัย", "College"),
    ("ประปา", "Water Works"),
    ("สหกรณ์", "Cooperative"),
    ("นครปฐม", "Nakhon Pathom"),
    ("อยุธยา", "Ayutthaya"),
    ("เชียงใหม่", "Chiang Mai"),
    ("ขอนแก่น", "Khon Kaen"),
    ("โคราช", "Korat"),
    ("ภูเก็ต", "Phuket"),
    ("หาดใหญ่", "Hat Yai"),
    ("อุดร", "Udon"),
    ("อุบล", "Ubon"),
    ("พิษณุโลก", "Phitsanulok"),
    ("กรุงเทพ", "Krungthep"),
    ("แปซิฟิก", "Pacific"),
    ("เอเชีย", "Asia"),
    ("โกลบอล", "Global"),
    ("ยูไนเต็ด", "United"),
    ("รอยัล", "Royal"),
    ("ซัน", "Sun"),
    ("สตาร์", "Star"),
    ("กรีน", "Green"),
    ("พาวเวอร์", "Power"),
    ("เทคโนโลยี", "Technology"),
    ("อินเตอร์", "Inter"),
]
FORMS = [
    ("บริษัท {} จำกัด", "{} Co., Ltd.", 60),
    ("บริษัท {} จำกัด (มหาชน)", "{} Public Co., Ltd.", 8),
    ("ห้างหุ้นส่วนจำกัด {}", "{} Limited Partnership", 15),
    ("โรงพยาบาล{}", "{} Hospital", 3),
    ("สหกรณ์{}", "{} Cooperative", 3),
    ("{}", "", 11),
]
BUSINESS_TYPES = [
    "food",
    "electronics",
    "automotive",
    "chemicals",
    "metals",
    "textiles",
    "cement",
    "paper",
    "agro",
    "cold_storage",
    "data_centre",
    "hotel",
    "hospital",
    "retail",
    "education",
    "government",
    "water",
    "other",
]
TARIFFS = ["2", "3", "3", "3", "4", "4", "4", "5", "5", "6", "7", "8"]
CA_STATUS = ["active"] * 18 + ["suspended", "terminated"]
FIRST_NAMES = [
    "สมชาย",
    "สมหญิง",
    "วิชัย",
    "สุภาพร",
    "ประเสริฐ",
    "กาญจนา",
    "ธนากร",
    "นภา",
    "อนุชา",
    "พรทิพย์",
    "วีระ",
    "จันทร์เพ็ญ",
    "สุรชัย",
    "มาลี",
    "ชัยวัฒน์",
    "ศิริพร",
]
LAST_NAMES = [
    "ใจดี",
    "รักไทย",
    "ศรีสุข",
    "บุญมา",
    "ทองดี",
    "แก้วมณี",
    "พงษ์ไพบูลย์",
    "วงศ์สวัสดิ์",
    "สุขสวัสดิ์",
    "จันทร์แก้ว",
    "เพชรรัตน์",
    "มีสุข",
    "ประเสริฐวงศ์",
    "ชัยมงคล",
]
POSITIONS = [
    "ผู้จัดการโรงงาน",
    "วิศวกรไฟฟ้า",
    "ผู้จัดการฝ่ายจัดซื้อ",
    "กรรมการผู้จัดการ",
    "หัวหน้าช่างซ่อมบำรุง",
    "เจ้าหน้าที่ธุรการ",
    "ผู้อำนวยการ",
]
LAWFUL = ["contract"] * 6 + ["consent"] * 2 + ["legitimate_interest", "public_task"]

# Fallback organisation tree: PEA's 4 regions and 12 areas.
REGIONS = [
    (
        "R1",
        "ภาคเหนือ",
        "Northern Region",
        [
            ("N1", "เชียงใหม่", "Chiang Mai"),
            ("N2", "พิษณุโลก", "Phitsanulok"),
            ("N3", "ลพบุรี", "Lopburi"),
        ],
    ),
    (
        "R2",
        "ภาคตะวันออกเฉียงเหนือ",
        "North-Eastern Region",
        [
            ("NE1", "อุดรธานี", "Udon Thani"),
            ("NE2", "อุบลราชธานี", "Ubon Ratchathani"),
            ("NE3", "นครราชสีมา", "Nakhon Ratchasima"),
        ],
    ),
    (
        "R3",
        "ภาคกลาง",
        "Central Region",
        [
            ("C1", "พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya"),
            ("C2", "ชลบุรี", "Chonburi"),
            ("C3", "นครปฐม", "Nakhon Pathom"),
        ],
    ),
    (
        "R4",
        "ภาคใต้",
        "Southern Region",
        [
            ("S1", "เพชรบุรี", "Phetchaburi"),
            ("S2", "นครศรีธรรมราช", "Nakhon Si Thammarat"),
            ("S3", "ยะลา", "Yala"),
        ],
    ),
]
# Industrial areas (C1, C2, C3) hold more key accounts than the rest.
AREA_WEIGHT = {"C1": 2.2, "C2": 2.6, "C3": 1.8, "N1": 1.0, "NE3": 1.1, "S2": 0.9}
OFFICE_CLASS_WEIGHT = {"pro": 6.0, "b1": 3.0, "b2": 2.0, "b3": 1.5, "sub": 0.8, "small": 0.4}


def log(msg: str, t0: float | None = None) -> None:
    suffix = f"  ({time.perf_counter() - t0:.1f} s)" if t0 is not None else ""
    print(f"[gen] {msg}{suffix}", flush=True)


def tax_id_for(n: int) -> str:
    first12 = f"0{105500000000 + n * 37:011d}"[:12]
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def ca_number_for(i: int) -> str:
    # A bijection on 0..10^10-1 (multiplier coprime to 10): unique, not sequential.
    return "02" + f"{(i * 7_654_321 + 1_234_567) % 10**10:010d}"


# ---------------------------------------------------------------------------
# Database set-up.


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def copy_rows(cur, table: str, columns: list[str], rows) -> int:
    """COPY an iterable of tuples (already text, None = NULL) in 1 MB chunks."""
    n = 0
    stmt = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with cur.copy(stmt) as cp:
        buf: list[str] = []
        size = 0
        for row in rows:
            line = "\t".join("\\N" if v is None else v for v in row) + "\n"
            buf.append(line)
            size += len(line)
            n += 1
            if size > 1_000_000:
                cp.write("".join(buf))
                buf, size = [], 0
        if buf:
            cp.write("".join(buf))
    return n


class BulkLoad:
    """Drop a table's secondary indexes, unique and foreign keys; put them back after."""

    def __init__(self, cur, table: str):
        self.cur, self.table = cur, table

    def __enter__(self):
        cur, t = self.cur, self.table
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')",
            [t],
        )
        self.constraints = cur.fetchall()
        cur.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [t],
        )
        self.indexes = cur.fetchall()
        for name, _ in self.constraints:
            cur.execute(f'ALTER TABLE {t} DROP CONSTRAINT "{name}"')
        for name, _ in self.indexes:
            cur.execute(f"DROP INDEX {name}")
        return self

    def __exit__(self, *exc):
        if exc[0] is not None:
            return False
        cur, t = self.cur, self.table
        for _, ddl in self.indexes:
            cur.execute(ddl)
        for name, ddl in self.constraints:
            cur.execute(f'ALTER TABLE {t} ADD CONSTRAINT "{name}" {ddl}')
        return False


# ---------------------------------------------------------------------------
# Organisation tree.


def load_org_tree(rng: random.Random, *, force_generated: bool) -> str:
    from django.core.management import call_command, get_commands

    from crmplus.core.models import OrgUnit, OrgUnitKind

    if not force_generated and "load_org" in get_commands():
        call_command("load_org")
        if OrgUnit.objects.filter(kind=OrgUnitKind.OFFICE).exists():
            return "manage.py load_org"
    generate_org_tree(rng)
    return "generated (12 areas, ~900 offices)"


def generate_org_tree(rng: random.Random) -> None:
    from crmplus.core.models import OrgUnit, OrgUnitKind

    def make(code, kind, parent, name_th, name_en, office_class=""):
        path = (parent.path if parent else "/") + code + "/"
        return OrgUnit(
            code=code,
            kind=kind,
            parent=parent,
            name_th=name_th,
            name_en=name_en,
            office_class=office_class,
            path=path,
        )

    hq = make("HQ", OrgUnitKind.HQ, None, "สำนักงานใหญ่", "Head office")
    hq.save()
    for rcode, rth, ren, areas in REGIONS:
        region = make(rcode, OrgUnitKind.REGION, hq, rth, ren)
        region.save()
        for acode, ath, aen in areas:
            area = make(
                acode,
                OrgUnitKind.AREA,
                region,
                f"การไฟฟ้าส่วนภูมิภาค เขต {ath}",
                f"PEA Area {acode} ({aen})",
            )
            area.save()
            n_offices = rng.randint(68, 82)
            n_pro = rng.randint(4, 8)
            offices = []
            for k in range(1, n_offices + 1):
                if k <= n_pro:
                    oc = "pro"
                else:
                    oc = rng.choices(["b1", "b2", "b3", "sub", "small"], [3, 4, 4, 6, 2])[0]
                offices.append(
                    make(
                        f"{acode}-{k:04d}",
                        OrgUnitKind.OFFICE,
                        area,
                        f"กฟฟ. {ath} สาขา {k}",
                        f"PEA {aen} office {k}",
                        oc,
                    )
                )
            OrgUnit.objects.bulk_create(offices)


def office_weights(rng: random.Random):
    """(office ids, area code per office, weights) for spreading customers."""
    from crmplus.core.models import OrgUnit, OrgUnitKind

    areas = {u.path: u.code for u in OrgUnit.objects.filter(kind=OrgUnitKind.AREA)}
    ids, area_of, weights = [], [], []
    for o in OrgUnit.objects.filter(kind=OrgUnitKind.OFFICE, is_active=True).order_by("path"):
        area_code = next((c for p, c in areas.items() if o.path.startswith(p)), "")
        w = AREA_WEIGHT.get(area_code, 1.0) * OFFICE_CLASS_WEIGHT.get(o.office_class, 1.0)
        w *= rng.lognormvariate(0, 0.5)
        ids.append(o.pk)
        area_of.append(area_code)
        weights.append(w)
    return ids, area_of, weights


# ---------------------------------------------------------------------------
# Registry rows.


def ca_counts(rng: random.Random, n_bps: int, n_cas: int) -> list[int]:
    """CAs per BP: most have a few, 1 % are chains with hundreds (capped at 3 000)."""
    raw = []
    for _ in range(n_bps):
        r = rng.random()
        if r < 0.60:
            raw.append(rng.randint(1, 3))
        elif r < 0.90:
            raw.append(rng.randint(4, 15))
        elif r < 0.99:
            raw.append(rng.randint(16, 60))
        else:
            raw.append(min(3000, int(60 * rng.paretovariate(1.2))))
    scale = n_cas / sum(raw)
    counts = [max(1, round(c * scale)) for c in raw]
    diff = n_cas - sum(counts)
    while diff != 0:
        i = rng.randrange(n_bps)
        if diff > 0:
            counts[i] += 1
            diff -= 1
        elif counts[i] > 1:
            counts[i] -= 1
            diff += 1
    return counts


def generate(args) -> None:
    rng = random.Random(args.seed)
    t_all = time.perf_counter()

    t0 = time.perf_counter()
    recreate_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    log(f"database {args.database_url.rsplit('/', 1)[1]} created and migrated", t0)

    t0 = time.perf_counter()
    source = load_org_tree(rng, force_generated=args.generate_org)
    office_ids, office_area, weights = office_weights(rng)
    log(f"org tree: {source}: {len(office_ids)} offices", t0)
    offices_by_area: dict[str, list[int]] = {}
    for oid, a in zip(office_ids, office_area, strict=True):
        offices_by_area.setdefault(a, []).append(oid)

    from crmplus.customers.models import BusinessPartner, Contact, ContractAccount

    bp_t = BusinessPartner._meta.db_table
    ca_t = ContractAccount._meta.db_table
    ct_t = Contact._meta.db_table
    now = datetime.now(UTC)
    epoch = now - timedelta(days=6 * 365)

    def ts(r: random.Random) -> str:
        return (epoch + timedelta(seconds=r.randrange(6 * 365 * 86400))).isoformat()

    n_bps, n_cas, n_contacts = args.bps, args.cas, args.contacts
    home = rng.choices(range(len(office_ids)), weights, k=n_bps)
    forms_w = [f[2] for f in FORMS]

    def bp_rows():
        r = random.Random(args.seed + 1)
        for i in range(n_bps):
            w1, w2 = r.sample(WORDS, 2)
            th_form, en_form, _ = r.choices(FORMS, forms_w)[0]
            name_th = th_form.format(f"{w1[0]}{w2[0]}")
            name_en = en_form.format(f"{w1[1]} {w2[1]}") if en_form else ""
            if r.random() < 0.15:
                name_en = ""
            bp_number = f"{1000000000 + i + 1}"
            tax_id = tax_id_for(i + 1) if r.random() < 0.92 else ""
            # As BusinessPartner.build_search_text does.
            search = " ".join([name_th, name_en, bp_number, tax_id]).lower()
            created = ts(r)
            yield (
                str(i + 1),
                bp_number,
                name_th,
                name_en,
                tax_id,
                r.choice(BUSINESS_TYPES),
                None,
                str(office_ids[home[i]]),
                f"{r.randint(1, 999)}/{r.randint(1, 99)} หมู่ {r.randint(1, 12)}",
                search,
                created,
                max(created, ts(r)),
            )

    counts = ca_counts(rng, n_bps, n_cas)

    def ca_rows():
        r = random.Random(args.seed + 2)
        ca_id = 0
        for i in range(n_bps):
            h = home[i]
            same_area = offices_by_area[office_area[h]]
            for _ in range(counts[i]):
                ca_id += 1
                x = r.random()
                if x < 0.80:
                    office = office_ids[h]
                elif x < 0.95:
                    office = r.choice(same_area)
                else:
                    office = r.choice(office_ids)
                tariff = r.choice(TARIFFS)
                kw = r.lognormvariate(5.5, 1.2) if tariff in "345" else r.lognormvariate(3, 1)
                created = ts(r)
                yield (
                    str(ca_id),
                    ca_number_for(ca_id),
                    str(i + 1),
                    str(office),
                    tariff,
                    "t" if r.random() < 0.3 else "f",
                    f"{min(kw, 9_999_999):.2f}",
                    r.choice(CA_STATUS),
                    f"สาขา {r.randint(1, 500)}" if r.random() < 0.5 else "",
                    created,
                    max(created, ts(r)),
                )

    def contact_rows():
        r = random.Random(args.seed + 3)
        for j in range(n_contacts):
            bp = r.randrange(n_bps) + 1
            basis = r.choice(LAWFUL)
            created = ts(r)
            consent = created[:10] if basis == "consent" else None
            yield (
                str(j + 1),
                str(bp),
                f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}",
                r.choice(POSITIONS),
                f"08{r.randint(1, 9)}-{r.randint(100, 999)}-{r.randint(1000, 9999)}",
                f"contact{j + 1}@example.co.th",
                f"line{j + 1}" if r.random() < 0.4 else "",
                "t" if r.random() < 0.5 else "f",
                basis,
                consent,
                "ขายไฟฟ้าและบริการลูกค้ารายใหญ่" if consent else "",
                None,
                created,
                created,
            )

    connection.ensure_connection()
    raw = connection.connection  # the psycopg connection itself, for COPY (autocommit)
    with raw.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '512MB'")
        for table, cols, rows, label in [
            (
                bp_t,
                [
                    "id",
                    "bp_number",
                    "name_th",
                    "name_en",
                    "tax_id",
                    "business_type",
                    "industrial_estate_id",
                    "home_office_id",
                    "address",
                    "search_text",
                    "created_at",
                    "updated_at",
                ],
                bp_rows(),
                "business partners",
            ),
            (
                ca_t,
                [
                    "id",
                    "ca_number",
                    "bp_id",
                    "office_id",
                    "tariff",
                    "is_tou",
                    "contracted_demand_kw",
                    "status",
                    "site_name",
                    "created_at",
                    "updated_at",
                ],
                ca_rows(),
                "contract accounts",
            ),
            (
                ct_t,
                [
                    "id",
                    "bp_id",
                    "name",
                    "position",
                    "phone",
                    "email",
                    "line_id",
                    "is_primary",
                    "lawful_basis",
                    "consent_date",
                    "consent_purpose",
                    "retention_until",
                    "created_at",
                    "updated_at",
                ],
                contact_rows(),
                "contacts",
            ),
        ]:
            t0 = time.perf_counter()
            with BulkLoad(cur, table):
                n = copy_rows(cur, table, cols, rows)
                t1 = time.perf_counter()
                log(f"COPY {n:,} {label}", t0)
            log(f"indexes and keys on {table} rebuilt", t1)
            # Table names come from the models' _meta, not from input.
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"
            )

    t0 = time.perf_counter()
    n = refresh_customer_scope()
    if n is not None:
        log(f"customer scope rebuilt by the app: {n:,} (unit, BP) rows", t0)

    t0 = time.perf_counter()
    users = create_users()
    log("users: " + ", ".join(f"{u.username} ({u.role} @ {u.home_unit.code})" for u in users), t0)

    t0 = time.perf_counter()
    # Production has autovacuum; a fresh load needs the statistics and the
    # visibility map now, or every plan and count would be measured cold.
    with connection.cursor() as c:
        tables = [bp_t, ca_t, ct_t, "core_orgunit", "core_user"]
        if "customers_customerscope" in connection.introspection.table_names(c):
            tables.append("customers_customerscope")
        for table in tables:
            c.execute(f"VACUUM (ANALYZE) {table}")
    log("VACUUM ANALYZE", t0)
    log(f"done: {n_bps:,} BPs, {n_cas:,} CAs, {n_contacts:,} contacts", t_all)


def refresh_customer_scope() -> int | None:
    """COPY bypasses the signals that keep the app's precomputed scope: rebuild it."""
    try:
        from crmplus.customers.scope import customer_scope_rebuild
    except ImportError:  # an app from before CustomerScope
        return None
    return customer_scope_rebuild()


def create_users():
    from django.db.models import Count

    from crmplus.core.models import OrgUnit, OrgUnitKind, Role, User
    from crmplus.customers.models import BusinessPartner

    hq = OrgUnit.objects.get(kind=OrgUnitKind.HQ)
    area = (
        OrgUnit.objects.filter(kind=OrgUnitKind.AREA, code=BENCH_AREA_CODE).first()
        or OrgUnit.objects.filter(kind=OrgUnitKind.AREA, code__iendswith=BENCH_AREA_CODE).first()
        or OrgUnit.objects.filter(kind=OrgUnitKind.AREA).order_by("path").first()
    )
    busiest = (
        BusinessPartner.objects.filter(
            home_office__path__startswith=area.path, home_office__kind=OrgUnitKind.OFFICE
        )
        .values("home_office")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    office = OrgUnit.objects.get(pk=busiest["home_office"])
    out = []
    for username, role, unit, first in [
        (USERS["hq"], Role.HQ_ADMIN, hq, "ผู้ดูแลส่วนกลาง"),
        (USERS["area"], Role.AREA_ADMIN, area, "ผู้ดูแลเขต"),
        (USERS["kamr"], Role.KAMR, office, "ผู้จัดการลูกค้า"),
    ]:
        user = User(
            username=username,
            role=role,
            home_unit=unit,
            first_name=first,
            last_name="ทดสอบ",
            language="th",
        )
        user.set_password(BENCH_PASSWORD)
        user.save()
        out.append(user)
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB_URL))
    p.add_argument("--quick", action="store_true", help="10 000 BPs / 100 000 CAs (smoke run)")
    p.add_argument("--bps", type=int)
    p.add_argument("--cas", type=int)
    p.add_argument("--contacts", type=int)
    p.add_argument("--seed", type=int, default=2569)
    p.add_argument(
        "--generate-org",
        action="store_true",
        help="generate the org tree even when manage.py load_org exists",
    )
    args = p.parse_args(argv)
    scale = 10 if args.quick else 1
    args.bps = args.bps or 100_000 // scale
    args.cas = args.cas or 1_000_000 // scale
    args.contacts = args.contacts if args.contacts is not None else 150_000 // scale
    if args.cas < args.bps:
        p.error("--cas must be at least --bps (every BP has a CA)")
    generate(args)


if __name__ == "__main__":
    main()
