"""The GFMD's editions, and the roundtables and meetings that the reference facts name.

Taken from the project's reference facts (``reference/gfmd-facts.md``). Where a fact is not
known the field stays empty. Loading only creates what is missing and never changes a row that
exists, so editors correct these records in the admin, not here; the one exception is an empty
French or Spanish translation of a text still as loaded, which ``load_translations`` fills
(see ``TRANSLATIONS``).
"""

from datetime import date
from typing import TypedDict

from django.db.models import Model
from django.utils import timezone

from portal.core.translations import column
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


# The French and Spanish of every text above, by its English (our own translations: no official
# wording is on record for these). Names of people and places stay as written, but cities with a
# usual French or Spanish name take it. A text that is the same in a language is listed too, so that
# the page does not mark it "(in English)". Places also found in imported meetings (Geneva) are
# translated there as well, since the rule is by text, not by row. The French put a no-break space
# (U+00A0) before a colon, as the French catalogue does, so that no line starts with one.
TRANSLATIONS: dict[str, tuple[str, str]] = {
    # Chairs
    "Belgium": ("Belgique", "Bélgica"),
    "Philippines": ("Philippines", "Filipinas"),
    "Greece": ("Grèce", "Grecia"),
    "Mexico": ("Mexique", "México"),
    "Switzerland": ("Suisse", "Suiza"),
    "Mauritius": ("Maurice", "Mauricio"),
    "Sweden": ("Suède", "Suecia"),
    "Turkey": ("Türkiye", "Türkiye"),
    "Bangladesh": ("Bangladesh", "Bangladesh"),
    "Germany (co-chair for 2017-2018, with Morocco)": (
        "Allemagne (coprésidence 2017-2018, avec le Maroc)",
        "Alemania (copresidencia 2017-2018, con Marruecos)",
    ),
    "Morocco (co-chair for 2017-2018, with Germany)": (
        "Maroc (coprésidence 2017-2018, avec l’Allemagne)",
        "Marruecos (copresidencia 2017-2018, con Alemania)",
    ),
    "Ecuador": ("Équateur", "Ecuador"),
    "United Arab Emirates": ("Émirats arabes unis", "Emiratos Árabes Unidos"),
    "France": ("France", "Francia"),
    "Colombia": ("Colombie", "Colombia"),
    # Cities
    "Brussels": ("Bruxelles", "Bruselas"),
    "Manila": ("Manille", "Manila"),
    "Athens": ("Athènes", "Atenas"),
    "Puerto Vallarta": ("Puerto Vallarta", "Puerto Vallarta"),
    "Port Louis (Pailles)": ("Port-Louis (Pailles)", "Port Louis (Pailles)"),
    "Stockholm": ("Stockholm", "Estocolmo"),
    "Istanbul": ("Istanbul", "Estambul"),
    "Dhaka": ("Dacca", "Daca"),
    "Berlin": ("Berlin", "Berlín"),
    "Marrakesh": ("Marrakech", "Marrakech"),
    "Quito": ("Quito", "Quito"),
    "Geneva": ("Genève", "Ginebra"),
    "Riohacha": ("Riohacha", "Riohacha"),
    "Skhirat": ("Skhirat", "Skhirat"),
    # Summit notes
    "Summit dates are widely published but were not checked against a primary source.": (
        "Les dates du sommet sont largement publiées mais n’ont pas été vérifiées auprès d’une source primaire.",
        "Las fechas de la cumbre se han publicado ampliamente, pero no se han verificado en una fuente primaria.",
    ),
    (
        "No summit this year: thematic meetings were held around the world, and a Concluding Debate "
        "took place in Geneva on 1–2 December 2011."
    ): (
        "Pas de sommet cette année : des réunions thématiques se sont tenues dans le monde entier, et un débat "
        "de clôture a eu lieu à Genève les 1er et 2 décembre 2011.",
        "No hubo cumbre este año: se celebraron reuniones temáticas en todo el mundo y un debate de clausura "
        "tuvo lugar en Ginebra los días 1 y 2 de diciembre de 2011.",
    ),
    "Postponed from November 2019. The theme is widely published but was not checked against a primary source.": (
        "Reporté de novembre 2019. Le thème est largement publié mais n’a pas été vérifié auprès d’une source "
        "primaire.",
        "Aplazada desde noviembre de 2019. El tema se ha publicado ampliamente, pero no se ha verificado en una "
        "fuente primaria.",
    ),
    "Held online.": ("Tenu en ligne.", "Celebrada en línea."),
    # Themes
    "Protecting and Empowering Migrants for Development": (
        "Protéger les migrants et renforcer leur autonomie au service du développement",
        "Proteger y empoderar a los migrantes para el desarrollo",
    ),
    "Integrating Migration Policies into Development Strategies for the Benefit of All": (
        "Intégrer les politiques migratoires dans les stratégies de développement au bénéfice de tous",
        "Integrar las políticas migratorias en las estrategias de desarrollo en beneficio de todos",
    ),
    "Partnerships for migration and human development: shared prosperity – shared responsibility": (
        "Partenariats pour la migration et le développement humain : prospérité partagée – responsabilité partagée",
        "Alianzas para la migración y el desarrollo humano: prosperidad compartida – responsabilidad compartida",
    ),
    "Taking Action on Migration and Development – Coherence, Capacity and Cooperation": (
        "Agir en matière de migration et de développement – cohérence, capacités et coopération",
        "Actuar en materia de migración y desarrollo – coherencia, capacidad y cooperación",
    ),
    (
        "Enhancing the Human Development of Migrants and their Contribution to the Development "
        "of Communities and States"
    ): (
        "Renforcer le développement humain des migrants et leur contribution au développement des communautés "
        "et des États",
        "Mejorar el desarrollo humano de los migrantes y su contribución al desarrollo de las comunidades y los "
        "Estados",
    ),
    "Unlocking the Potential of Migration for Inclusive Development": (
        "Libérer le potentiel de la migration pour un développement inclusif",
        "Liberar el potencial de la migración para un desarrollo inclusivo",
    ),
    "Strengthening Partnerships: Human Mobility for Sustainable Development": (
        "Renforcer les partenariats : la mobilité humaine au service du développement durable",
        "Fortalecer las alianzas: la movilidad humana para el desarrollo sostenible",
    ),
    "Migration that works for Sustainable Development for all: Towards a Transformative Migration Agenda": (
        "Une migration au service du développement durable pour tous : vers un programme migratoire transformateur",
        "Una migración que funcione para el desarrollo sostenible de todos: hacia una agenda migratoria transformadora",
    ),
    "Towards a Global Social Contract on Migration and Development": (
        "Vers un contrat social mondial sur la migration et le développement",
        "Hacia un contrato social mundial sobre migración y desarrollo",
    ),
    "Honouring International Commitments to Unlock the Potential of All Migrants for Development": (
        "Honorer les engagements internationaux pour libérer le potentiel de tous les migrants au service du "
        "développement",
        "Cumplir los compromisos internacionales para liberar el potencial de todos los migrantes en favor del "
        "desarrollo",
    ),
    "Sustainable approaches to human mobility": (
        "Approches durables de la mobilité humaine",
        "Enfoques sostenibles de la movilidad humana",
    ),
    "The Future of Human Mobility: Innovative Partnerships for Sustainable Development": (
        "L’avenir de la mobilité humaine : des partenariats innovants pour le développement durable",
        "El futuro de la movilidad humana: alianzas innovadoras para el desarrollo sostenible",
    ),
    "Six policy areas: climate, rights, diasporas, labour, narratives and multi-level governance": (
        "Six domaines d’action : climat, droits, diasporas, travail, discours et gouvernance à plusieurs niveaux",
        "Seis ámbitos de actuación: clima, derechos, diásporas, trabajo, narrativas y gobernanza multinivel",
    ),
    ("Regular Migration, Labour Mobility and Human Rights: Pillars of Development and Well-Being of Societies"): (
        "Migration régulière, mobilité de la main-d’œuvre et droits humains : piliers du développement et du "
        "bien-être des sociétés",
        "Migración regular, movilidad laboral y derechos humanos: pilares del desarrollo y el bienestar de las "
        "sociedades",
    ),
    # Meeting titles
    (
        "Recruitment, labour migration and diaspora: Improving labour market complementarities "
        "and economic development outcomes"
    ): (
        "Recrutement, migration de main-d’œuvre et diaspora : améliorer les complémentarités des marchés du "
        "travail et les résultats en matière de développement économique",
        "Contratación, migración laboral y diáspora: mejorar las complementariedades de los mercados de trabajo "
        "y los resultados en materia de desarrollo económico",
    ),
    "Migration for Development: a roadmap to achieving the SDGs": (
        "La migration au service du développement : une feuille de route pour atteindre les ODD",
        "Migración para el desarrollo: una hoja de ruta para alcanzar los ODS",
    ),
    # Roundtable and session titles
    RT_2007_1: (
        "Développement du capital humain et mobilité de la main-d’œuvre",
        "Desarrollo del capital humano y movilidad laboral",
    ),
    RT_2007_2: (
        "Les envois de fonds et les autres ressources de la diaspora",
        "Las remesas y otros recursos de la diáspora",
    ),
    RT_2007_3: (
        "Renforcer la cohérence institutionnelle et politique et promouvoir les partenariats",
        "Reforzar la coherencia institucional y de las políticas y promover las alianzas",
    ),
    "Working with the diaspora for development": (
        "Travailler avec la diaspora pour le développement",
        "Trabajar con la diáspora en favor del desarrollo",
    ),
    "Migration, development and human rights": (
        "Migration, développement et droits humains",
        "Migración, desarrollo y derechos humanos",
    ),
    "Secure, regular migration can achieve stronger development impact": (
        "Une migration sûre et régulière peut renforcer l’impact sur le développement",
        "Una migración segura y regular puede lograr un mayor impacto en el desarrollo",
    ),
    "Policy and institutional coherence and partnerships": (
        "Cohérence des politiques et des institutions, et partenariats",
        "Coherencia de las políticas y de las instituciones, y alianzas",
    ),
    "Labour mobility and development": (
        "Mobilité de la main-d’œuvre et développement",
        "Movilidad laboral y desarrollo",
    ),
    "Addressing irregular migration through coherent migration and development strategies": (
        "Faire face à la migration irrégulière par des stratégies cohérentes de migration et de développement",
        "Abordar la migración irregular mediante estrategias coherentes de migración y desarrollo",
    ),
    "Tools for evidence-based migration and development policies": (
        "Des outils pour des politiques de migration et de développement fondées sur des données probantes",
        "Herramientas para políticas de migración y desarrollo basadas en datos empíricos",
    ),
    RT_2012_1: (
        "La circulation de la main-d’œuvre au service d’un développement inclusif",
        "La circulación de la mano de obra para un desarrollo inclusivo",
    ),
    "Factoring Migration into Development Planning": (
        "Intégrer la migration dans la planification du développement",
        "Incorporar la migración en la planificación del desarrollo",
    ),
    "Supporting Migrants and Diaspora as Agents of Socioeconomic Change": (
        "Soutenir les migrants et la diaspora en tant qu’acteurs du changement socio-économique",
        "Apoyar a los migrantes y la diáspora como agentes del cambio socioeconómico",
    ),
    RT_2018_1: (
        "De la vulnérabilité à la résilience : reconnaître les migrants comme acteurs du développement",
        "De la vulnerabilidad a la resiliencia: reconocer a los migrantes como agentes del desarrollo",
    ),
    RT_2018_2: (
        "La mobilité régionale pour favoriser des apprentissages transférables et la cohérence des politiques",
        "La movilidad regional para promover aprendizajes transferibles y la coherencia de las políticas",
    ),
    "Good migration governance for sustainable development": (
        "Une bonne gouvernance des migrations pour le développement durable",
        "Una buena gobernanza de la migración para el desarrollo sostenible",
    ),
    "Harnessing the capital of migrants to realise their potential": (
        "Mobiliser le capital des migrants pour réaliser leur potentiel",
        "Aprovechar el capital de los migrantes para que desarrollen su potencial",
    ),
    "South-South mobility: trends, patterns and transferable skills": (
        "Mobilité Sud-Sud : tendances, schémas et compétences transférables",
        "Movilidad Sur-Sur: tendencias, patrones y competencias transferibles",
    ),
    "Regional mobility and policy coherence to support development": (
        "Mobilité régionale et cohérence des politiques au service du développement",
        "Movilidad regional y coherencia de las políticas en apoyo del desarrollo",
    ),
}

TRANSLATION_LANGUAGES = ("fr", "es")  # the order of TRANSLATIONS' pairs

# The fields whose texts TRANSLATIONS covers, by model.
TRANSLATED_REFERENCE_FIELDS: list[tuple[type[Model], tuple[str, ...]]] = [
    (Edition, ("chair", "theme", "summit_city", "summit_note")),
    (Meeting, ("title", "city")),
    (Roundtable, ("title", "session_title")),
]


def load_translations() -> tuple[int, int]:
    """Fill the French and Spanish of the editions', meetings' and roundtables' texts from
    TRANSLATIONS; return (texts filled, texts already translated).

    A translation is written only where it is empty and the English is still a text of the table:
    what an editor wrote (a translation, or a changed English text) is never overwritten. A
    translation still as an earlier loader wrote it, differing from the table only by its no-break
    spaces, is brought up to date. Every row is looked at, not only the loaded ones, so an imported
    meeting in "Geneva" reads "Genève" too."""
    filled = present = 0
    now = timezone.now()
    for model, fields in TRANSLATED_REFERENCE_FIELDS:
        for row in model._default_manager.all():
            changes = {}
            for name in fields:
                found = TRANSLATIONS.get(getattr(row, name))
                if found is None:
                    continue
                for language, text in zip(TRANSLATION_LANGUAGES, found, strict=True):
                    stored = getattr(row, column(name, language))
                    if not stored or (stored != text and _plain_spaces(stored) == _plain_spaces(text)):
                        changes[column(name, language)] = text
                    else:
                        present += 1
            if changes:
                # update(): no save signals or history for a translation the loader adds; load_reference_data
                # refreshes the cached pages once at the end.
                model._default_manager.filter(pk=row.pk).update(updated_at=now, **changes)
                filled += len(changes)
    return filled, present


def _plain_spaces(text: str) -> str:
    return text.replace("\u00a0", " ")


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
