"""The GFMD's editions, and the roundtables and meetings that the reference facts name.

Taken from the project's reference facts (``reference/gfmd-facts.md``). Where a fact is not
known the field stays empty. Loading only creates what is missing and never changes a row that
exists, so editors correct these records in the admin, not here.
"""

from datetime import date
from typing import TypedDict

from portal.countries.models import Country
from portal.forum.models import Edition, Meeting, Roundtable


class EditionRecord(TypedDict):
    ordinal: int
    label: str
    chair: str
    chair_start: date | None
    chair_end: date | None
    theme: str
    summit_city: str
    summit_country: str  # ISO alpha-3; empty when there was no summit in a country
    summit_start: date | None
    summit_end: date | None
    summit_note: str
    source_url: str


class MeetingRecord(TypedDict):
    key: str  # stable name of the record, so that editors may change any field
    edition: int  # the edition's ordinal
    kind: str
    title: str
    start_date: date | None
    end_date: date | None
    city: str
    country: str  # ISO alpha-3


class RoundtableRecord(TypedDict):
    edition: int  # the edition's ordinal
    code: str
    title: str
    session_title: str


EDITIONS: list[EditionRecord] = [
    {
        "ordinal": 1,
        "label": "2007",
        "chair": "Belgium",
        "chair_start": None,
        "chair_end": None,
        # No overall theme is on record; the year's three roundtables are loaded below.
        "theme": "",
        "summit_city": "Brussels",
        "summit_country": "BEL",
        "summit_start": date(2007, 7, 9),
        "summit_end": date(2007, 7, 11),
        "summit_note": "",
        "source_url": "http://www.gfmd.org/meetings/belgium2007",
    },
    {
        "ordinal": 2,
        "label": "2008",
        "chair": "Philippines",
        "chair_start": None,
        "chair_end": None,
        "theme": "Protecting and Empowering Migrants for Development",
        "summit_city": "Manila",
        "summit_country": "PHL",
        "summit_start": date(2008, 10, 27),
        "summit_end": date(2008, 10, 30),
        "summit_note": "",
        "source_url": "http://webphilippines.blogspot.com/2008/11/empowerment-and-human-rights-main-focus.html",
    },
    {
        "ordinal": 3,
        "label": "2009",
        "chair": "Greece",
        "chair_start": None,
        "chair_end": None,
        "theme": "Integrating Migration Policies into Development Strategies for the Benefit of All",
        "summit_city": "Athens",
        "summit_country": "GRC",
        "summit_start": date(2009, 11, 4),
        "summit_end": date(2009, 11, 5),
        "summit_note": "Summit dates are widely published but were not checked against a primary source.",
        "source_url": "http://proboprint.info/pfp/calls/428",
    },
    {
        "ordinal": 4,
        "label": "2010",
        "chair": "Mexico",
        "chair_start": None,
        "chair_end": None,
        "theme": ("Partnerships for migration and human development: shared prosperity – shared responsibility"),
        "summit_city": "Puerto Vallarta",
        "summit_country": "MEX",
        "summit_start": date(2010, 11, 8),
        "summit_end": date(2010, 11, 11),
        "summit_note": "Summit dates are widely published but were not checked against a primary source.",
        "source_url": "kipdf.com (a document of the host)",
    },
    {
        "ordinal": 5,
        "label": "2011",
        "chair": "Switzerland",
        "chair_start": None,
        "chair_end": None,
        "theme": "Taking Action on Migration and Development – Coherence, Capacity and Cooperation",
        "summit_city": "",
        "summit_country": "",
        "summit_start": None,
        "summit_end": None,
        "summit_note": (
            "No summit this year: thematic meetings were held around the world, and a Concluding Debate "
            "took place in Geneva on 1–2 December 2011."
        ),
        "source_url": "https://ngo-migration.org/the-gfmd/documents/",
    },
    {
        "ordinal": 6,
        "label": "2012",
        "chair": "Mauritius",
        "chair_start": None,
        "chair_end": None,
        "theme": (
            "Enhancing the Human Development of Migrants and their Contribution to the Development "
            "of Communities and States"
        ),
        "summit_city": "Port Louis (Pailles)",
        "summit_country": "MUS",
        "summit_start": date(2012, 11, 19),
        "summit_end": date(2012, 11, 22),
        "summit_note": "",
        "source_url": "https://www.gfmd.org/meetings/mauritius2012",
    },
    {
        "ordinal": 7,
        "label": "2013-2014",
        "chair": "Sweden",
        "chair_start": date(2013, 1, 1),
        "chair_end": date(2014, 6, 30),
        "theme": "Unlocking the Potential of Migration for Inclusive Development",
        "summit_city": "Stockholm",
        "summit_country": "SWE",
        "summit_start": date(2014, 5, 14),
        "summit_end": date(2014, 5, 16),
        "summit_note": "",
        "source_url": "http://proboprint.info/meetings/sweden2013-2014",
    },
    {
        "ordinal": 8,
        "label": "2014-2015",
        "chair": "Turkey",
        "chair_start": None,
        "chair_end": None,
        "theme": "Strengthening Partnerships: Human Mobility for Sustainable Development",
        "summit_city": "Istanbul",
        "summit_country": "TUR",
        "summit_start": date(2015, 10, 14),
        "summit_end": date(2015, 10, 16),
        "summit_note": "",
        "source_url": "http://gfmd.org/meetings/turkey2014-2015/rt-themes-and-govt-teams",
    },
    {
        "ordinal": 9,
        "label": "2016",
        "chair": "Bangladesh",
        "chair_start": None,
        "chair_end": None,
        "theme": (
            "Migration that works for Sustainable Development for all: Towards a Transformative Migration Agenda"
        ),
        "summit_city": "Dhaka",
        "summit_country": "BGD",
        "summit_start": date(2016, 12, 10),
        "summit_end": date(2016, 12, 12),
        "summit_note": "",
        "source_url": "http://preview.gfmd.org/process/annual-themes",
    },
    {
        "ordinal": 10,
        "label": "2017",
        "chair": "Germany (co-chair for 2017-2018, with Morocco)",
        "chair_start": None,
        "chair_end": None,
        "theme": "Towards a Global Social Contract on Migration and Development",
        "summit_city": "Berlin",
        "summit_country": "DEU",
        "summit_start": date(2017, 6, 28),
        "summit_end": date(2017, 6, 30),
        "summit_note": "",
        "source_url": "gfmd.org news, Berlin 2017",
    },
    {
        "ordinal": 11,
        "label": "2018",
        "chair": "Morocco (co-chair for 2017-2018, with Germany)",
        "chair_start": None,
        "chair_end": None,
        "theme": "Honouring International Commitments to Unlock the Potential of All Migrants for Development",
        "summit_city": "Marrakesh",
        "summit_country": "MAR",
        "summit_start": date(2018, 12, 5),
        "summit_end": date(2018, 12, 7),
        "summit_note": "",
        "source_url": "http://www.migration4development.org/en/node/47267",
    },
    {
        "ordinal": 12,
        "label": "2019",
        "chair": "Ecuador",
        "chair_start": None,
        "chair_end": None,
        "theme": "Sustainable approaches to human mobility",
        "summit_city": "Quito",
        "summit_country": "ECU",
        "summit_start": date(2020, 1, 20),
        "summit_end": date(2020, 1, 24),
        "summit_note": (
            "Postponed from November 2019. The theme is widely published but was not checked against a primary source."
        ),
        "source_url": "migrationnewsbd.com (summit dates)",
    },
    {
        "ordinal": 13,
        "label": "2020",
        "chair": "United Arab Emirates",
        "chair_start": None,
        "chair_end": None,
        "theme": "The Future of Human Mobility: Innovative Partnerships for Sustainable Development",
        "summit_city": "",
        "summit_country": "",
        "summit_start": date(2021, 1, 18),
        "summit_end": date(2021, 1, 26),
        "summit_note": "Held online.",
        "source_url": "https://www.gfmd.org/gfmd-2020-integrated-proposal-uae",
    },
    # No edition and no summit in 2021.
    {
        "ordinal": 14,
        "label": "2022-2023",
        "chair": "France",
        "chair_start": None,
        "chair_end": None,
        "theme": ("Six policy areas: climate, rights, diasporas, labour, narratives and multi-level governance"),
        "summit_city": "Geneva",
        "summit_country": "CHE",
        "summit_start": date(2024, 1, 23),
        "summit_end": date(2024, 1, 25),
        "summit_note": "",
        "source_url": 'gfmd.org news, "passing the baton"',
    },
    {
        "ordinal": 15,
        "label": "2024-2025",
        "chair": "Colombia",
        "chair_start": None,
        "chair_end": None,
        "theme": (
            "Regular Migration, Labour Mobility and Human Rights: Pillars of Development and Well-Being of Societies"
        ),
        "summit_city": "Riohacha",
        "summit_country": "COL",
        "summit_start": date(2025, 9, 2),
        "summit_end": date(2025, 9, 4),
        "summit_note": "",
        "source_url": "gfmd.org news, Colombia programme",
    },
]

# Meetings other than summits, limited to those the reference facts name.
MEETINGS: list[MeetingRecord] = [
    {
        "key": "2011-concluding-debate-geneva",
        "edition": 5,
        "kind": Meeting.Kind.CONCLUDING_DEBATE,
        "title": "",
        "start_date": date(2011, 12, 1),
        "end_date": date(2011, 12, 2),
        "city": "Geneva",
        "country": "CHE",
    },
    {
        "key": "2013-2014-thematic-meeting-geneva-2013-09-11",
        "edition": 7,
        "kind": Meeting.Kind.THEMATIC_MEETING,
        "title": (
            "Recruitment, labour migration and diaspora: Improving labour market complementarities "
            "and economic development outcomes"
        ),
        "start_date": date(2013, 9, 11),
        "end_date": date(2013, 9, 11),
        "city": "Geneva",
        "country": "CHE",
    },
    {
        "key": "2018-thematic-workshop-skhirat-2018-04-18",
        "edition": 11,
        "kind": Meeting.Kind.THEMATIC_WORKSHOP,
        "title": "Migration for Development: a roadmap to achieving the SDGs",
        "start_date": date(2018, 4, 18),
        "end_date": date(2018, 4, 19),
        "city": "Skhirat",
        "country": "MAR",
    },
]


# Roundtable titles that their sessions repeat.
RT_2007_1 = "Human capital development and labour mobility"
RT_2007_2 = "Remittances and other diaspora resources"
RT_2007_3 = "Enhancing institutional and policy coherence and promoting partnerships"
RT_2012_1 = "Circulating Labour for Inclusive Development"
RT_2018_1 = "From vulnerability to resilience: recognising migrants as agents of development"
RT_2018_2 = "Regional mobility to promote transferable learning and policy coherence"

# A roundtable has an empty session title; a session (``RT 2.4``) carries its roundtable's title
# and its own session title.
ROUNDTABLES: list[RoundtableRecord] = [
    # 2007: each roundtable had four sessions; only one of them is on record.
    {"edition": 1, "code": "RT 1", "title": RT_2007_1, "session_title": ""},
    {"edition": 1, "code": "RT 2", "title": RT_2007_2, "session_title": ""},
    {"edition": 1, "code": "RT 3", "title": RT_2007_3, "session_title": ""},
    {"edition": 1, "code": "RT 2.4", "title": RT_2007_2, "session_title": "Working with the diaspora for development"},
    # 2008
    {"edition": 2, "code": "RT 1", "title": "Migration, development and human rights", "session_title": ""},
    {
        "edition": 2,
        "code": "RT 2",
        "title": "Secure, regular migration can achieve stronger development impact",
        "session_title": "",
    },
    {"edition": 2, "code": "RT 3", "title": "Policy and institutional coherence and partnerships", "session_title": ""},
    # 2011: clusters instead of roundtables
    {"edition": 5, "code": "Cluster I", "title": "Labour mobility and development", "session_title": ""},
    {
        "edition": 5,
        "code": "Cluster II",
        "title": "Addressing irregular migration through coherent migration and development strategies",
        "session_title": "",
    },
    {
        "edition": 5,
        "code": "Cluster III",
        "title": "Tools for evidence-based migration and development policies",
        "session_title": "",
    },
    # 2012
    {"edition": 6, "code": "RT 1", "title": RT_2012_1, "session_title": ""},
    {"edition": 6, "code": "RT 2", "title": "Factoring Migration into Development Planning", "session_title": ""},
    {
        "edition": 6,
        "code": "RT 1.2",
        "title": RT_2012_1,
        "session_title": "Supporting Migrants and Diaspora as Agents of Socioeconomic Change",
    },
    # 2018
    {"edition": 11, "code": "RT 1", "title": RT_2018_1, "session_title": ""},
    {"edition": 11, "code": "RT 2", "title": RT_2018_2, "session_title": ""},
    {
        "edition": 11,
        "code": "RT 3",
        "title": "Good migration governance for sustainable development",
        "session_title": "",
    },
    {
        "edition": 11,
        "code": "RT 1.1",
        "title": RT_2018_1,
        "session_title": "Harnessing the capital of migrants to realise their potential",
    },
    {
        "edition": 11,
        "code": "RT 2.1",
        "title": RT_2018_2,
        "session_title": "South-South mobility: trends, patterns and transferable skills",
    },
    {
        "edition": 11,
        "code": "RT 2.2",
        "title": RT_2018_2,
        "session_title": "Regional mobility and policy coherence to support development",
    },
]


def _countries_by_iso3(codes: set[str]) -> dict[str, Country]:
    return {country.iso3: country for country in Country.objects.filter(iso3__in=codes - {""})}


def _editions_by_ordinal() -> dict[int, Edition]:
    return {edition.ordinal: edition for edition in Edition.objects.all()}


def load_editions() -> tuple[int, int]:
    """Create the editions that are missing (matched by ordinal); return (created, already present).

    A summit country that is not in the table (not loaded, or deleted) is left empty."""
    present = set(Edition.objects.values_list("ordinal", flat=True))
    countries = _countries_by_iso3({record["summit_country"] for record in EDITIONS})
    created = 0
    for record in EDITIONS:
        if record["ordinal"] in present:
            continue
        Edition.objects.create(
            ordinal=record["ordinal"],
            label=record["label"],
            chair=record["chair"],
            chair_start=record["chair_start"],
            chair_end=record["chair_end"],
            theme=record["theme"],
            summit_city=record["summit_city"],
            summit_country=countries.get(record["summit_country"]),
            summit_start=record["summit_start"],
            summit_end=record["summit_end"],
            summit_note=record["summit_note"],
            source_url=record["source_url"],
        )
        created += 1
    return created, len(EDITIONS) - created


def load_meetings() -> tuple[int, int]:
    """Create the meetings that are missing (matched by their reference key, which editors cannot
    change); return (created, already present). Needs the editions."""
    editions = _editions_by_ordinal()
    countries = _countries_by_iso3({record["country"] for record in MEETINGS})
    created = 0
    for record in MEETINGS:
        edition = editions[record["edition"]]
        if Meeting.objects.filter(reference_key=record["key"]).exists():
            continue
        Meeting.objects.create(
            reference_key=record["key"],
            edition=edition,
            kind=record["kind"],
            title=record["title"],
            start_date=record["start_date"],
            end_date=record["end_date"],
            city=record["city"],
            country=countries.get(record["country"]),
        )
        created += 1
    return created, len(MEETINGS) - created


def load_roundtables() -> tuple[int, int]:
    """Create the roundtables and sessions that are missing (matched by edition and code); return
    (created, already present)."""
    editions = _editions_by_ordinal()
    present = set(Roundtable.objects.values_list("edition__ordinal", "code"))
    created = 0
    for record in ROUNDTABLES:
        if (record["edition"], record["code"]) in present:
            continue
        Roundtable.objects.create(
            edition=editions[record["edition"]],
            code=record["code"],
            title=record["title"],
            session_title=record["session_title"],
        )
        created += 1
    return created, len(ROUNDTABLES) - created
