"""Taxonomies that practices are tagged with: GCM objectives, SDG targets and GFMD themes.

Taken from the project's reference facts (``reference/gfmd-facts.md``). Loading only creates what
is missing and never changes a row that exists: editors manage these lists in the admin.
"""

from typing import TypedDict

from django.utils.text import slugify

from portal.practices.models import GCMObjective, SDGTarget, Theme, target_position


class ObjectiveRecord(TypedDict):
    number: int
    short_label: str


class TargetRecord(TypedDict):
    code: str
    title: str


class ThemeRecord(TypedDict):
    name: str
    slug: str
    parent: str  # the parent's slug; empty for a top-level theme


# The 23 objectives of the Global Compact for Migration, by the short labels of the UN Network on
# Migration's hub. The full titles (A/RES/73/195) are left for editors to add.
GCM_OBJECTIVES: list[ObjectiveRecord] = [
    {"number": number, "short_label": label}
    for number, label in enumerate(
        [
            "Data",
            "Minimize adverse drivers",
            "Information provision",
            "Legal identity and documentation",
            "Regular pathways",
            "Recruitment and decent work",
            "Reduce vulnerabilities",
            "Save lives",
            "Counter smuggling",
            "Eradicate trafficking",
            "Manage borders",
            "Screening and referral",
            "Alternatives to detention",
            "Consular protection",
            "Access to basic services",
            "Inclusion and social cohesion",
            "Eliminate discrimination",
            "Skills development and recognition",
            "Migrant and diaspora contributions",
            "Remittances",
            "Dignified return and reintegration",
            "Social protection",
            "International cooperation",
        ],
        start=1,
    )
]

# Migration-related targets of the 2030 Agenda (A/RES/70/1), with the Agenda's own wording.
SDG_TARGETS: list[TargetRecord] = [
    {
        "code": "8.7",
        "title": (
            "Take immediate and effective measures to eradicate forced labour, end modern slavery and human "
            "trafficking and secure the prohibition and elimination of the worst forms of child labour, including "
            "recruitment and use of child soldiers, and by 2025 end child labour in all its forms"
        ),
    },
    {
        "code": "8.8",
        "title": (
            "Protect labour rights and promote safe and secure working environments for all workers, including "
            "migrant workers, in particular women migrants, and those in precarious employment"
        ),
    },
    {
        "code": "10.7",
        "title": (
            "Facilitate orderly, safe, regular and responsible migration and mobility of people, including through "
            "the implementation of planned and well-managed migration policies"
        ),
    },
    {
        "code": "10.c",
        "title": (
            "By 2030, reduce to less than 3 per cent the transaction costs of migrant remittances and eliminate "
            "remittance corridors with costs higher than 5 per cent"
        ),
    },
    {
        "code": "16.2",
        "title": "End abuse, exploitation, trafficking and all forms of violence against and torture of children",
    },
    {
        "code": "17.18",
        "title": (
            "By 2020, enhance capacity-building support to developing countries, including for least developed "
            "countries and small island developing States, to increase significantly the availability of "
            "high-quality, timely and reliable data disaggregated by income, gender, age, race, ethnicity, "
            "migratory status, disability, geographic location and other characteristics relevant in national "
            "contexts"
        ),
    },
]


def _theme(name: str, parent: str = "") -> ThemeRecord:
    return {"name": name, "slug": slugify(name), "parent": parent}


# The "GFMD Thematic Areas" seen on the old portal. The three top-level areas are known; the other
# themes were seen as second-level terms, but under which area each one sat is not on record, so
# none is given a parent here rather than a guessed one: editors place them in the admin (a later
# run of the loader leaves their choice alone). Parents come before children.
THEMES: list[ThemeRecord] = [
    _theme("Development Planning"),
    _theme("Policy Coherence, Data and Research"),
    _theme("Migration Management"),
    _theme("Data"),
    _theme("Development Strategies"),
    _theme("Institutional Coherence"),
    _theme("Evaluation and Impact Assessment"),
    _theme("Evidence Base"),
    _theme("Intergovernmental cooperation"),
    _theme("Mainstreaming Migration into Development Planning"),
    _theme("Policy Coherence"),
    _theme("Research"),
    # Only its listing slug is on record; its place in the tree is not.
    _theme("Migration and Entrepreneurship"),
]


def load_gcm_objectives() -> tuple[int, int]:
    """Create the objectives that are missing (matched by number); return (created, already present)."""
    present = set(GCMObjective.objects.values_list("number", flat=True))
    missing = [
        GCMObjective(number=record["number"], short_label=record["short_label"])
        for record in GCM_OBJECTIVES
        if record["number"] not in present
    ]
    GCMObjective.objects.bulk_create(missing)
    return len(missing), len(GCM_OBJECTIVES) - len(missing)


def load_sdg_targets() -> tuple[int, int]:
    """Create the targets that are missing (matched by code); return (created, already present)."""
    present = set(SDGTarget.objects.values_list("code", flat=True))
    missing = [
        SDGTarget(code=record["code"], title=record["title"], position=target_position(record["code"]))
        for record in SDG_TARGETS
        if record["code"] not in present
    ]
    SDGTarget.objects.bulk_create(missing)
    return len(missing), len(SDG_TARGETS) - len(missing)


def load_themes() -> tuple[int, int]:
    """Create the themes that are missing (matched by slug); return (created, already present).

    A new child goes under its parent as the table holds it now (found by slug); if an editor has
    removed that parent, the child is created at the top level."""
    created = 0
    for record in THEMES:
        if Theme.objects.filter(slug=record["slug"]).exists():
            continue
        parent = Theme.objects.filter(slug=record["parent"]).first() if record["parent"] else None
        Theme.objects.create(name=record["name"], slug=record["slug"], parent=parent)
        created += 1
    return created, len(THEMES) - created
