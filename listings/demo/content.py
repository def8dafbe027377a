"""Content for `manage.py seed_demo`: fictional companies, the fragments job
postings are composed from, and the Python Backend Developer role page.

Every company, person and domain here is made up; websites and emails use
`*.example.com`, which is reserved for examples and never resolves to anyone.
"""

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for local use only
DEMO_USERS = [
    # email, role, is_staff, full name
    ("staff@example.com", "seeker", True, "Sam Staff"),
    ("seeker@example.com", "seeker", False, "Sasha Seeker"),
    ("employer@example.com", "employer", False, "Emil Employer"),
]
DEMO_EMPLOYER_EMAIL = "employer@example.com"
DEMO_SEEKER_EMAIL = "seeker@example.com"
DEMO_SEEKER_PROFILE = {
    "headline": "Backend developer: Django, PostgreSQL and Celery",
    "city": "Berlin",
    "country": "DE",
    "level": "senior",
    "years_experience": 7,
    "desired_salary": 85_000,
    "desired_currency": "EUR",
    "wants_remote": True,
    "wants_hybrid": True,
    "wants_onsite": False,
    "open_to_matching": True,
}
DEMO_SEEKER_SKILLS = ["python", "django", "postgresql", "celery", "redis", "docker", "rest", "pytest"]
DEMO_SEEKER_SEARCHES = [
    # name, query string as /jobs/ builds it, frequency
    ("Remote Django", "q=django&work_mode=remote", "daily"),
    ("Senior FastAPI, open to Germany", "country=DE&level=senior&q=fastapi", "weekly"),
]
DEMO_COVER_LETTER = (
    "Hello! I have spent the last few years building Django services backed by PostgreSQL "
    "and Celery, and your team's work is exactly what I would like to do next. "
    "Happy to walk you through a recent project."
)
# The demo employer's first message to the demo seeker (conversations).
DEMO_EMPLOYER_MESSAGE = (
    "Thanks for applying! Could you tell us about the Celery setup you mentioned? "
    "If it suits you, we could talk on Tuesday or Wednesday afternoon."
)
DEMO_STAFF_EMAIL = "staff@example.com"
# The company the demo employer administers; it also gets a draft, a pending,
# a rejected and a closed job so every state shows on the dashboard.
DEMO_EMPLOYER_COMPANY = "quillstone-analytics"

# --- Places and pay -----------------------------------------------------------

# country: (currency, usual pay period, mid-level yearly pay in that currency, cities)
COUNTRIES = {
    "US": ("USD", "year", 140_000, ["New York", "San Francisco", "Austin", "Seattle", "Boston", "Chicago"]),
    "CA": ("CAD", "year", 115_000, ["Toronto", "Vancouver", "Montreal"]),
    "MX": ("USD", "year", 52_000, ["Mexico City", "Guadalajara"]),
    "BR": ("BRL", "month", 168_000, ["São Paulo", "Florianópolis", "Belo Horizonte"]),
    "AR": ("USD", "year", 48_000, ["Buenos Aires", "Córdoba"]),
    "GB": ("GBP", "year", 65_000, ["London", "Manchester", "Edinburgh", "Bristol", "Cambridge"]),
    "IE": ("EUR", "year", 72_000, ["Dublin", "Cork", "Galway"]),
    "DE": ("EUR", "year", 68_000, ["Berlin", "Munich", "Hamburg", "Cologne", "Leipzig"]),
    "NL": ("EUR", "year", 65_000, ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"]),
    "FR": ("EUR", "year", 55_000, ["Paris", "Lyon", "Nantes", "Toulouse"]),
    "ES": ("EUR", "year", 45_000, ["Barcelona", "Madrid", "Valencia", "Málaga"]),
    "PT": ("EUR", "year", 38_000, ["Lisbon", "Porto", "Braga"]),
    "IT": ("EUR", "year", 42_000, ["Milan", "Turin", "Bologna"]),
    "AT": ("EUR", "year", 58_000, ["Vienna", "Graz", "Linz"]),
    "CH": ("CHF", "year", 115_000, ["Zurich", "Basel", "Lausanne"]),
    "DK": ("DKK", "year", 600_000, ["Copenhagen", "Aarhus"]),
    "SE": ("SEK", "month", 600_000, ["Stockholm", "Gothenburg", "Malmö"]),
    "NO": ("NOK", "year", 760_000, ["Oslo", "Bergen", "Trondheim"]),
    "FI": ("EUR", "year", 58_000, ["Helsinki", "Tampere"]),
    "EE": ("EUR", "month", 50_000, ["Tallinn", "Tartu"]),
    "PL": ("PLN", "month", 216_000, ["Warsaw", "Kraków", "Wrocław", "Gdańsk"]),
    "CZ": ("CZK", "month", 1_020_000, ["Prague", "Brno"]),
    "IN": ("INR", "year", 2_000_000, ["Bengaluru", "Pune", "Hyderabad", "Chennai"]),
    "SG": ("SGD", "year", 96_000, ["Singapore"]),
    "JP": ("JPY", "year", 8_500_000, ["Tokyo", "Osaka", "Fukuoka"]),
    "AU": ("AUD", "year", 145_000, ["Sydney", "Melbourne", "Brisbane"]),
    "ZA": ("USD", "year", 45_000, ["Cape Town", "Johannesburg"]),
}

# Yearly pay relative to a mid-level engineer in the same place.
LEVEL_PAY = {"entry": 0.62, "mid": 1.0, "senior": 1.32, "lead": 1.6}

# Where remote applicants may live, by company home country (codes of listings.regions).
REMOTE_AREAS = {
    "US": [["US"], ["US", "CA"], ["NORTH_AMERICA"], ["WORLDWIDE"], ["US", "CA", "MX"], ["LATAM", "US"]],
    "CA": [["CA"], ["CA", "US"], ["NORTH_AMERICA"], ["WORLDWIDE"]],
    "MX": [["LATAM"], ["MX"], ["NORTH_AMERICA"]],
    "BR": [["BR"], ["LATAM"], ["WORLDWIDE"]],
    "AR": [["LATAM"], ["AR", "UY", "CL"], ["WORLDWIDE"]],
    "GB": [["GB"], ["GB", "IE"], ["EUROPE"], ["EMEA"], ["WORLDWIDE"]],
    "IN": [["IN"], ["APAC"], ["IN", "LK", "BD"]],
    "SG": [["APAC"], ["SG", "MY"], ["WORLDWIDE"]],
    "JP": [["JP"], ["APAC"]],
    "AU": [["AU"], ["AU", "NZ"], ["APAC"]],
    "ZA": [["ZA"], ["EMEA"], ["WORLDWIDE"]],
    "CH": [["CH", "DE", "AT"], ["EUROPE"]],
    "DE": [["DE"], ["DE", "AT", "CH"], ["EU"], ["EUROPE"], ["EMEA"]],
}
# Any other European home country.
REMOTE_AREAS_DEFAULT = [["EU"], ["EUROPE"], ["EMEA"], ["WORLDWIDE"]]

# --- Companies ------------------------------------------------------------------

# Each company: name, domain stem, offices [(country, city)] (the first is the
# head office), verified, agency, the kinds of work it hires for (tracks below),
# teams, what it does (one clause after the name) and its "about" in Markdown.
COMPANIES = [
    {
        "name": "Quillstone Analytics",
        "domain": "quillstone",
        "offices": [("DE", "Berlin"), ("DE", "Leipzig"), ("PL", "Wrocław")],
        "verified": True,
        "tracks": ["web", "data", "api", "search"],
        "teams": ["Reporting", "Data Platform", "Integrations", "Core API"],
        "does": "builds the analytics platform that 2,400 online shops use to understand their customers",
        "about": (
            "Quillstone Analytics turns raw shop events into reports merchants actually read. "
            "We ingest around 900 million events a day, model them in **PostgreSQL** and our own "
            "column store, and serve dashboards and a public API on top.\n\n"
            "We're 80 people, 35 of them engineers, spread between Berlin, Leipzig and Wrocław.\n\n"
            "**How we work**\n\n"
            "- Small teams that own a product area end to end\n"
            "- Written proposals before big changes, short meetings after\n"
            "- Everyone is on call a few days a quarter, with a budget for fixing what woke them up"
        ),
        "weight": 6,
    },
    {
        "name": "Tidewater Freight",
        "domain": "tidewaterfreight",
        "offices": [("NL", "Rotterdam"), ("NL", "Amsterdam")],
        "verified": True,
        "tracks": ["web", "distributed", "data", "api"],
        "teams": ["Booking", "Carrier Integrations", "Tracking", "Billing"],
        "does": "books, tracks and invoices container freight for 3,000 shippers",
        "about": (
            "Tidewater Freight is a digital freight forwarder. Shippers book ocean and rail freight "
            "with us online; we handle carriers, customs paperwork and invoicing.\n\n"
            "Our backend is a set of **Django** and **FastAPI** services talking over **Kafka**, "
            "integrating with more than 60 carrier APIs of every vintage (yes, including EDIFACT).\n\n"
            "We have offices in Rotterdam, next to the port, and in Amsterdam."
        ),
        "weight": 5,
    },
    {
        "name": "Brightwell Health",
        "domain": "brightwellhealth",
        "offices": [("GB", "London"), ("GB", "Manchester")],
        "verified": True,
        "tracks": ["web", "api", "security", "data"],
        "teams": ["Patient Records", "Appointments", "Clinical Integrations", "Identity"],
        "does": "runs the booking and records platform used by 600 GP surgeries",
        "about": (
            "Brightwell Health makes software for primary care: online appointment booking, "
            "repeat prescriptions and the patient record behind them.\n\n"
            "Health data demands care, so we invest in it: threat modelling, audited access, "
            "boring well-tested **Django** code, and a deploy pipeline that runs 9,000 tests in "
            "under ten minutes.\n\n"
            "We're a certified B Corp with offices in London and Manchester."
        ),
        "weight": 4,
    },
    {
        "name": "Kestrel Payments",
        "domain": "kestrelpay",
        "offices": [("IE", "Dublin"), ("PT", "Lisbon")],
        "verified": True,
        "tracks": ["web", "distributed", "security", "api"],
        "teams": ["Payments Core", "Ledger", "Risk", "Merchant API"],
        "does": "processes card and bank payments for 15,000 European merchants",
        "about": (
            "Kestrel Payments is a payment service provider for small and medium businesses "
            "across Europe. We're regulated by the Central Bank of Ireland and process "
            "€4 billion a year.\n\n"
            "Our ledger is double-entry, append-only and written in **Python** on **PostgreSQL**; "
            "our risk engine scores every transaction in under 40 ms.\n\n"
            "Engineering lives in Dublin and Lisbon, with a few people remote across the EU."
        ),
        "weight": 5,
    },
    {
        "name": "Larchmont Insurance Labs",
        "domain": "larchmontlabs",
        "offices": [("US", "Boston"), ("US", "New York")],
        "verified": True,
        "tracks": ["web", "data", "ml", "api"],
        "teams": ["Quoting", "Claims", "Pricing Models", "Partner API"],
        "does": "lets small businesses buy liability insurance online in under ten minutes",
        "about": (
            "Larchmont Insurance Labs is the technology arm of a 120-year-old insurer. We rebuilt "
            "quoting and claims from scratch: a **Django** monolith we're proud of, data pipelines "
            "feeding our pricing models, and an API our broker partners embed.\n\n"
            "We're 60 engineers in Boston and New York, hybrid, with a lot of autonomy and a "
            "parent company that pays for stability."
        ),
        "weight": 4,
    },
    {
        "name": "Fernhill Learning",
        "domain": "fernhill",
        "offices": [("ES", "Barcelona"), ("ES", "Madrid")],
        "verified": True,
        "tracks": ["web", "api", "realtime", "flask"],
        "teams": ["Classroom", "Assessments", "Content Platform", "Growth"],
        "does": "helps 9,000 schools set, mark and discuss homework",
        "about": (
            "Fernhill Learning is a homework platform for secondary schools in Spain, Portugal "
            "and Latin America. Teachers set work, students submit it, and our marking assistant "
            "saves teachers around four hours a week.\n\n"
            "We're a team of 50 in Barcelona and Madrid. Our stack: **Django**, **PostgreSQL**, "
            "**Redis**, **Celery**, a live classroom built on **WebSockets**, all on AWS."
        ),
        "weight": 3,
    },
    {
        "name": "Northwind Grid",
        "domain": "northwindgrid",
        "offices": [("DK", "Copenhagen"), ("DK", "Aarhus"), ("DE", "Hamburg")],
        "verified": True,
        "tracks": ["data", "api", "edge", "platform"],
        "teams": ["Forecasting", "Grid Integration", "Device Fleet", "Platform"],
        "does": "balances wind and solar on the grid by steering 80,000 home batteries",
        "about": (
            "Northwind Grid runs a virtual power plant: we forecast production and demand, then "
            "charge and discharge home batteries and heat pumps to keep the grid in balance.\n\n"
            "That means time-series data at scale, devices that must keep working offline, and "
            "markets that settle every 15 minutes. Our backend is **Python** from the edge "
            "agents to the trading services.\n\n"
            "Offices in Copenhagen, Aarhus and Hamburg."
        ),
        "weight": 4,
    },
    {
        "name": "Orbitale Travel",
        "domain": "orbitale",
        "offices": [("FR", "Paris"), ("FR", "Lyon")],
        "verified": True,
        "tracks": ["web", "distributed", "search", "api"],
        "teams": ["Search & Availability", "Bookings", "Supplier Connectivity", "Checkout"],
        "does": "sells train and hotel packages across Europe",
        "about": (
            "Orbitale Travel puts together trips that combine rail and stays: you pick the "
            "cities, we find the trains and the hotels and sell them as one booking.\n\n"
            "Behind the scenes we query 40 suppliers in parallel, cache aggressively and keep "
            "prices honest. Our services are **Python** (**Django** and **FastAPI**) on "
            "**Kubernetes**.\n\n"
            "We're based in Paris and Lyon."
        ),
        "weight": 3,
    },
    {
        "name": "Pinecrest Robotics",
        "domain": "pinecrestrobotics",
        "offices": [("DE", "Munich"), ("CH", "Zurich")],
        "verified": True,
        "tracks": ["edge", "platform", "distributed", "ml"],
        "teams": ["Fleet Management", "Robot Software", "Cloud Platform", "Perception Data"],
        "does": "builds autonomous inventory robots for warehouses",
        "about": (
            "Pinecrest Robotics builds robots that count stock in warehouses overnight. Each "
            "robot runs a **Python** agent with a local **SQLite** store; our cloud platform "
            "manages the fleet, plans missions and turns scans into inventory reports.\n\n"
            "Hardware and software engineers sit together in Munich and Zurich."
        ),
        "weight": 3,
    },
    {
        "name": "Saltmarsh Media",
        "domain": "saltmarsh",
        "offices": [("SE", "Stockholm"), ("SE", "Malmö")],
        "verified": True,
        "tracks": ["api", "distributed", "platform", "data"],
        "teams": ["Playback", "Catalogue", "Recommendations", "Platform"],
        "does": "streams documentaries and independent film to 3 million subscribers",
        "about": (
            "Saltmarsh Media is a streaming service for documentaries and independent film.\n\n"
            "Our backend serves the catalogue, entitlements and playback sessions to apps on "
            "phones, TVs and browsers: **FastAPI** services, **PostgreSQL** and **Redis**, with "
            "event data flowing through **Kafka** into our recommendation models.\n\n"
            "We're based in Stockholm and Malmö and offer Swedish-style work-life balance."
        ),
        "weight": 3,
    },
    {
        "name": "Vantage Ledger",
        "domain": "vantageledger",
        "offices": [("CA", "Toronto"), ("CA", "Vancouver")],
        "verified": True,
        "tracks": ["web", "api", "security", "graphql"],
        "teams": ["Invoicing", "Bank Feeds", "Tax", "Public API"],
        "does": "does the bookkeeping for 70,000 Canadian small businesses",
        "about": (
            "Vantage Ledger is accounting software for small businesses: invoices, bank feeds, "
            "sales tax and year-end, in one place.\n\n"
            "It's a large **Django** application with a **GraphQL** API for our apps, and "
            "integrations with every major Canadian bank. We care about correctness, so we test "
            "a lot and release carefully.\n\n"
            "Toronto and Vancouver offices; most teams are hybrid."
        ),
        "weight": 4,
    },
    {
        "name": "Copperleaf Commerce",
        "domain": "copperleaf",
        "offices": [("PL", "Warsaw"), ("PL", "Kraków"), ("CZ", "Prague")],
        "verified": True,
        "tracks": ["web", "search", "distributed", "flask"],
        "teams": ["Catalogue", "Checkout", "Search", "Seller Tools"],
        "does": "runs the marketplace platform behind 400 online stores in Central Europe",
        "about": (
            "Copperleaf Commerce builds marketplace software: product catalogues, search, "
            "checkout and payouts, run as a white-label platform for retailers.\n\n"
            "We run **Django** and **Flask** services, **Elasticsearch** for search and "
            "**RabbitMQ** between services, and we serve 30,000 requests per second at peak.\n\n"
            "Engineering hubs in Warsaw, Kraków and Prague."
        ),
        "weight": 4,
    },
    {
        "name": "Harbourline Maps",
        "domain": "harbourline",
        "offices": [("AU", "Sydney"), ("AU", "Melbourne")],
        "verified": True,
        "tracks": ["api", "data", "search", "platform"],
        "teams": ["Routing", "Geocoding", "Map Data", "Developer Platform"],
        "does": "provides maps, geocoding and routing APIs to delivery companies",
        "about": (
            "Harbourline Maps sells location APIs: geocoding, routing and delivery-zone "
            "planning for logistics companies across Australia and Asia.\n\n"
            "We process open map data and our own surveys into services answering 200 million "
            "requests a day, built with **Python**, **PostgreSQL**/PostGIS and a lot of caching.\n\n"
            "Offices in Sydney and Melbourne."
        ),
        "weight": 3,
    },
    {
        "name": "Lumen Forge AI",
        "domain": "lumenforge",
        "offices": [("US", "San Francisco"), ("US", "Seattle")],
        "verified": True,
        "tracks": ["ml", "api", "platform", "data"],
        "teams": ["Inference", "Model Gateway", "Evaluation", "Developer Experience"],
        "does": "helps product teams ship language-model features safely",
        "about": (
            "Lumen Forge AI is a platform for putting language models into production: a model "
            "gateway with caching and rate limiting, evaluation pipelines, and guardrails.\n\n"
            "Our backend is **Python** throughout (**FastAPI**, **asyncio**, **Kubernetes** on "
            "AWS and GCP). We're 45 people, backed by investors who understand infrastructure.\n\n"
            "San Francisco and Seattle, with remote engineers across North America."
        ),
        "weight": 4,
    },
    {
        "name": "Meridian Civic Tech",
        "domain": "meridiancivic",
        "offices": [("US", "Austin"), ("US", "Chicago")],
        "verified": True,
        "tracks": ["web", "security", "flask", "api"],
        "teams": ["Benefits Portal", "Case Management", "Identity", "Data Sharing"],
        "does": "builds public-benefits portals for state and city governments",
        "about": (
            "Meridian Civic Tech is a public-benefit corporation. We build the websites people "
            "use to apply for food assistance, childcare support and unemployment benefits, and "
            "the case-management tools caseworkers use to process them.\n\n"
            "We write accessible, well-tested **Django** and **Flask** applications and open-source "
            "what we can."
        ),
        "weight": 3,
    },
    {
        "name": "Oakridge Biolabs",
        "domain": "oakridgebio",
        "offices": [("GB", "Cambridge"), ("GB", "Edinburgh")],
        "verified": True,
        "tracks": ["data", "ml", "web", "platform"],
        "teams": ["Lab Data", "Pipelines", "Sample Tracking", "Research Platform"],
        "does": "runs automated labs that sequence and analyse samples for biotech companies",
        "about": (
            "Oakridge Biolabs runs automated laboratories. Robots prepare and sequence samples; "
            "our software schedules the work, tracks every sample and delivers analysed results "
            "to our customers' scientists.\n\n"
            "We use **Python** everywhere: **Django** for the lab information system, **Celery** "
            "for orchestration, and data pipelines on AWS."
        ),
        "weight": 2,
    },
    {
        "name": "Bluefin Markets",
        "domain": "bluefinmarkets",
        "offices": [("SG", "Singapore"), ("JP", "Tokyo")],
        "verified": True,
        "tracks": ["distributed", "data", "realtime", "platform"],
        "teams": ["Market Data", "Order Routing", "Risk", "Post-Trade"],
        "does": "operates a digital-asset exchange for institutional traders in Asia",
        "about": (
            "Bluefin Markets runs a regulated exchange for institutional clients. Our matching "
            "engine is C++; almost everything around it (market data, risk, settlement, client "
            "APIs) is **Python**.\n\n"
            "We care about latency, correctness and audits, in that order on weekdays and the "
            "reverse at quarter end. Offices in Singapore and Tokyo."
        ),
        "weight": 3,
    },
    {
        "name": "Rivertown Games",
        "domain": "rivertowngames",
        "offices": [("CZ", "Prague"), ("CZ", "Brno")],
        "verified": False,
        "tracks": ["realtime", "api", "distributed", "flask"],
        "teams": ["Game Services", "Matchmaking", "Live Ops", "Player Accounts"],
        "does": "makes online strategy games played by 1.5 million people a month",
        "about": (
            "Rivertown Games is an independent studio making online strategy games.\n\n"
            "Our game backend handles accounts, matchmaking, leaderboards and the in-game "
            "economy: **Python** with **asyncio**, **Redis**, **MongoDB** and **WebSockets**.\n\n"
            "Studios in Prague and Brno."
        ),
        "weight": 2,
    },
    {
        "name": "Sable Security",
        "domain": "sablesecurity",
        "offices": [("NO", "Oslo"), ("NO", "Bergen")],
        "verified": True,
        "tracks": ["security", "api", "platform", "search"],
        "teams": ["Detection", "Identity", "Integrations", "Platform"],
        "does": "detects account takeover and fraud for banks and online services",
        "about": (
            "Sable Security protects logins. Our API scores every sign-in and payment in real "
            "time, and our analysts' console helps security teams investigate what we flag.\n\n"
            "The stack: **Python** (**FastAPI**, **Django**), **PostgreSQL**, **Elasticsearch** "
            "and **Kafka** on **Kubernetes**. Offices in Oslo and Bergen."
        ),
        "weight": 3,
    },
    {
        "name": "Tandem Mobility",
        "domain": "tandemmobility",
        "offices": [("BR", "São Paulo"), ("BR", "Florianópolis"), ("MX", "Mexico City")],
        "verified": True,
        "tracks": ["api", "distributed", "data", "realtime"],
        "teams": ["Dispatch", "Pricing", "Driver App Backend", "Payments"],
        "does": "runs shared e-bikes and scooters in 14 Latin American cities",
        "about": (
            "Tandem Mobility operates shared e-bikes and scooters across Brazil and Mexico.\n\n"
            "Our backend unlocks 60,000 vehicles, prices rides, dispatches the field teams who "
            "swap batteries, and handles payments in four currencies. It's **Python**, "
            "**FastAPI** and **Django**, **PostgreSQL**, **Redis** and **Kafka** on GCP."
        ),
        "weight": 3,
    },
    {
        "name": "Quarry Dev Tools",
        "domain": "quarrydev",
        "offices": [("EE", "Tallinn"), ("FI", "Helsinki")],
        "verified": True,
        "tracks": ["platform", "api", "distributed", "web"],
        "teams": ["CI Runners", "Artifact Storage", "API", "Billing"],
        "does": "hosts fast CI runners for 6,000 engineering teams",
        "about": (
            "Quarry Dev Tools runs continuous-integration infrastructure as a service: fast "
            "runners, caching that actually works, and test analytics.\n\n"
            "We're remote-first with hubs in Tallinn and Helsinki. Our control plane is **Python** "
            "(**Django** and **FastAPI**), orchestrating thousands of short-lived VMs a minute."
        ),
        "weight": 3,
    },
    {
        "name": "Indigo Rail Systems",
        "domain": "indigorail",
        "offices": [("IN", "Bengaluru"), ("IN", "Pune"), ("IN", "Hyderabad")],
        "verified": True,
        "tracks": ["web", "api", "data", "distributed"],
        "teams": ["Ticketing", "Seat Inventory", "Freight", "Analytics"],
        "does": "builds ticketing and freight systems for rail operators in South Asia",
        "about": (
            "Indigo Rail Systems builds software for railways: passenger ticketing, seat "
            "inventory, and freight booking and tracking.\n\n"
            "Peak booking hours bring 50,000 requests per second; we handle them with **Django**, "
            "**PostgreSQL**, **Redis** and careful capacity planning. Offices in Bengaluru, Pune "
            "and Hyderabad."
        ),
        "weight": 3,
    },
    {
        "name": "Hoshizora Commerce",
        "domain": "hoshizora",
        "offices": [("JP", "Tokyo"), ("JP", "Osaka")],
        "verified": False,
        "tracks": ["web", "search", "api", "data"],
        "teams": ["Storefront API", "Search", "Fulfilment", "Data"],
        "does": "runs an online marketplace for Japanese craft and design goods",
        "about": (
            "Hoshizora Commerce connects independent makers across Japan with buyers at home and "
            "abroad.\n\n"
            "We're a team of 30 in Tokyo and Osaka. Backend: **Django**, **PostgreSQL**, "
            "**Elasticsearch** and **Celery**; English is our working language in engineering."
        ),
        "weight": 2,
    },
    {
        "name": "Greenleaf Grocers",
        "domain": "greenleafgrocers",
        "offices": [("AT", "Vienna"), ("IT", "Milan")],
        "verified": False,
        "tracks": ["web", "data", "api", "flask"],
        "teams": ["Ordering", "Warehouse", "Delivery Planning", "Customer Care Tools"],
        "does": "delivers groceries from regional farms in Austria and Northern Italy",
        "about": (
            "Greenleaf Grocers sells groceries from regional producers and delivers them in "
            "electric vans.\n\n"
            "Our software takes orders, plans picking in two warehouses and routes deliveries. "
            "It's a **Django** monolith with **Celery** workers and a few **Flask** services, and "
            "a small, friendly team in Vienna and Milan."
        ),
        "weight": 2,
    },
    {
        "name": "Cobalt Coast Energy",
        "domain": "cobaltcoast",
        "offices": [("ZA", "Cape Town"), ("ZA", "Johannesburg")],
        "verified": True,
        "tracks": ["edge", "data", "api", "web"],
        "teams": ["Metering", "Billing", "Field Operations", "Data"],
        "does": "sells solar power as a service to homes and small businesses",
        "about": (
            "Cobalt Coast Energy installs solar and batteries for homes and businesses and "
            "charges a monthly fee instead of an up-front price.\n\n"
            "Smart meters report every five minutes; our **Python** services bill customers, "
            "detect faults and plan maintenance visits. Offices in Cape Town and Johannesburg."
        ),
        "weight": 2,
    },
    {
        "name": "Brightpath Talent Partners",
        "domain": "brightpathtalent",
        "offices": [("GB", "London"), ("DE", "Berlin"), ("NL", "Amsterdam")],
        "verified": True,
        "agency": True,
        "tracks": ["web", "api", "data", "platform", "ml", "distributed"],
        "teams": ["Backend"],
        "does": "is a specialist recruiter for Python engineers in Europe",
        "about": (
            "Brightpath Talent Partners is a recruitment agency specialising in Python and "
            "data engineering roles. Our consultants are former engineers, so we read the job "
            "spec as closely as you do.\n\n"
            "We never share your CV without your permission, and we tell you the salary before "
            "the first call."
        ),
        "weight": 3,
    },
    {
        "name": "Northstar Tech Recruiting",
        "domain": "northstarrecruiting",
        "offices": [("US", "New York"), ("US", "Chicago"), ("CA", "Toronto")],
        "verified": False,
        "agency": True,
        "tracks": ["web", "api", "data", "ml", "platform"],
        "teams": ["Backend"],
        "does": "places backend and data engineers with North American startups",
        "about": (
            "Northstar Tech Recruiting places backend and data engineers with venture-backed "
            "startups in the US and Canada.\n\n"
            "Every role we advertise is a real, open position with a named client we can tell "
            "you about on the first call."
        ),
        "weight": 2,
    },
]

# Agencies describe their client instead of themselves.
AGENCY_CLIENTS = [
    "a fast-growing fintech scale-up",
    "a well-funded climate-tech start-up",
    "an established e-commerce company",
    "a healthtech company with a strong engineering culture",
    "a B2B SaaS company with 300 employees",
    "a logistics platform that just closed its Series B",
    "a cybersecurity company selling to banks",
    "a data infrastructure start-up founded by ex-Google engineers",
]

FIRST_NAMES = [
    "Aisha", "Ben", "Carmen", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
    "Kavya", "Lars", "Maya", "Nikos", "Olivia", "Pedro", "Quinn", "Rosa", "Sanjay", "Tomasz",
    "Uma", "Viktor", "Wen", "Yara", "Zoe", "Amara", "Bruno", "Chloe", "Diego", "Emma",
]  # fmt: skip
LAST_NAMES = [
    "Okafor", "Lindqvist", "Moreau", "Kowalski", "Tanaka", "Fernandes", "Byrne", "Schneider",
    "Patel", "Rossi", "Nakamura", "Haddad", "Novak", "Silva", "Jensen", "O'Connell", "García",
    "Müller", "Chen", "Andersen", "Kaur", "Dubois", "Svoboda", "Nguyen", "Costa", "Berg",
]  # fmt: skip

# --- Kinds of backend work ------------------------------------------------------

# Each track: title stems, required skills every such job has, the pool the other
# required and nice-to-have skills come from, a weight, and what the work involves.
TRACKS = {
    "web": {
        "titles": [
            "Python Backend Developer",
            "Backend Engineer (Python/Django)",
            "Django Developer",
            "Python Developer",
            "Software Engineer, Backend",
        ],
        "required": ["python", "django", "postgresql"],
        "pool": [
            "django-rest-framework",
            "celery",
            "redis",
            "rest",
            "docker",
            "pytest",
            "aws",
            "git",
            "ci-cd",
            "caching",
            "graphql",
            "sql",
            "mysql",
            "elasticsearch",
            "linux",
            "security",
        ],
        "weight": 30,
        "work": [
            "Build and extend {product_area}, from the data model to the API",
            "Keep a large Django codebase healthy: refactor, delete dead code, raise test coverage",
            "Work with product and design to shape features before a line of code is written",
            "Review pull requests and pair with other engineers on tricky changes",
        ],
    },
    "api": {
        "titles": [
            "Python API Engineer",
            "Backend Engineer (FastAPI)",
            "Python Backend Engineer",
            "Software Engineer, APIs",
        ],
        "required": ["python", "fastapi", "pydantic"],
        "pool": [
            "asyncio",
            "sqlalchemy",
            "postgresql",
            "rest",
            "docker",
            "kubernetes",
            "redis",
            "gcp",
            "aws",
            "pytest",
            "observability",
            "websockets",
            "mongodb",
            "security",
        ],
        "weight": 18,
        "work": [
            "Design, build and document the APIs that power {product_area}",
            "Version APIs so that partners' integrations never break without warning",
            "Profile slow endpoints and make them fast, with numbers to show for it",
            "Write integration tests that run against real databases, not mocks",
        ],
    },
    "flask": {
        "titles": ["Python Developer (Flask)", "Backend Developer", "Python Web Developer"],
        "required": ["python", "flask", "sqlalchemy"],
        "pool": [
            "mysql",
            "postgresql",
            "rest",
            "docker",
            "linux",
            "pytest",
            "git",
            "redis",
            "celery",
            "azure",
        ],
        "weight": 8,
        "work": [
            "Maintain and extend the Flask services behind {product_area}",
            "Move shared logic out of views into well-tested modules",
            "Write database migrations with Alembic that run safely on large tables",
            "Help support engineers understand and fix customer issues",
        ],
    },
    "data": {
        "titles": [
            "Data Engineer",
            "Python Data Engineer",
            "Backend Engineer, Data Platform",
            "Analytics Engineer (Python)",
        ],
        "required": ["python", "sql", "data-engineering"],
        "pool": [
            "kafka",
            "stream-processing",
            "pandas",
            "postgresql",
            "aws",
            "gcp",
            "cassandra",
            "elasticsearch",
            "dynamodb",
            "mongodb",
            "docker",
            "terraform",
            "ci-cd",
            "azure",
        ],
        "weight": 12,
        "work": [
            "Build batch and streaming pipelines that feed {product_area}",
            "Model data so analysts and product teams can answer their own questions",
            "Make pipelines observable: data-quality checks, freshness alerts, lineage",
            "Tune queries and storage so costs grow slower than data",
        ],
    },
    "ml": {
        "titles": [
            "ML Platform Engineer",
            "Backend Engineer, Machine Learning",
            "Python Engineer (ML integration)",
            "AI Backend Engineer",
        ],
        "required": ["python", "ml-integration", "fastapi"],
        "pool": [
            "pandas",
            "docker",
            "kubernetes",
            "aws",
            "gcp",
            "redis",
            "postgresql",
            "celery",
            "kafka",
            "observability",
            "pydantic",
            "asyncio",
        ],
        "weight": 8,
        "work": [
            "Turn data scientists' models into reliable services used by {product_area}",
            "Build the feature pipelines and model registry our ML work depends on",
            "Measure model quality in production and roll back when it drifts",
            "Keep inference latency and cost under control as usage grows",
        ],
    },
    "platform": {
        "titles": [
            "Platform Engineer (Python)",
            "Backend Infrastructure Engineer",
            "Site Reliability Engineer (Python)",
            "DevOps Engineer, Python",
        ],
        "required": ["python", "docker", "kubernetes"],
        "pool": [
            "terraform",
            "aws",
            "gcp",
            "azure",
            "ci-cd",
            "observability",
            "linux",
            "git",
            "security",
            "redis",
            "postgresql",
        ],
        "weight": 7,
        "work": [
            "Build the internal platform that {product_area} and every other team ships on",
            "Write the Python tooling that automates deploys, migrations and rollbacks",
            "Run our production clusters and make incidents rarer and shorter",
            "Help teams define and meet service-level objectives",
        ],
    },
    "distributed": {
        "titles": [
            "Distributed Systems Engineer",
            "Backend Engineer, Microservices",
            "Python Microservices Developer",
            "Backend Engineer, Core Services",
        ],
        "required": ["python", "microservices", "system-design"],
        "pool": [
            "grpc",
            "kafka",
            "rabbitmq",
            "kubernetes",
            "observability",
            "postgresql",
            "redis",
            "cassandra",
            "docker",
            "caching",
            "aws",
        ],
        "weight": 7,
        "work": [
            "Design and run the services behind {product_area}",
            "Draw service boundaries that follow the business, not the org chart",
            "Make failure boring: idempotent consumers, retries with backoff, graceful degradation",
            "Write design documents and review other teams' designs",
        ],
    },
    "graphql": {
        "titles": ["GraphQL API Developer (Python)", "Backend Engineer, GraphQL"],
        "required": ["python", "graphql", "django"],
        "pool": [
            "postgresql",
            "redis",
            "caching",
            "rest",
            "django-rest-framework",
            "docker",
            "pytest",
            "security",
        ],
        "weight": 3,
        "work": [
            "Own the GraphQL schema that our apps and {product_area} are built on",
            "Kill N+1 queries with dataloaders and careful prefetching",
            "Evolve the schema without breaking mobile clients that update slowly",
        ],
    },
    "realtime": {
        "titles": ["Backend Engineer, Real-time", "Python Engineer (asyncio)"],
        "required": ["python", "asyncio", "websockets"],
        "pool": [
            "redis",
            "fastapi",
            "rabbitmq",
            "kafka",
            "postgresql",
            "docker",
            "kubernetes",
            "observability",
        ],
        "weight": 3,
        "work": [
            "Build the real-time features of {product_area}: presence, live updates, notifications",
            "Keep tens of thousands of long-lived connections healthy across deploys",
            "Design message formats and back-pressure so a slow client never slows the rest",
        ],
    },
    "security": {
        "titles": ["Application Security Engineer (Python)", "Backend Engineer, Identity & Access"],
        "required": ["python", "security"],
        "pool": [
            "django",
            "fastapi",
            "postgresql",
            "aws",
            "kubernetes",
            "redis",
            "rest",
            "observability",
            "ci-cd",
        ],
        "weight": 3,
        "work": [
            "Build authentication, authorisation and audit features for {product_area}",
            "Threat-model new features with product teams before they are built",
            "Automate security checks in CI so problems are caught in review, not in production",
        ],
    },
    "edge": {
        "titles": ["Python Engineer, Embedded Backend", "Backend Developer (IoT)"],
        "required": ["python", "sqlite", "linux"],
        "pool": ["asyncio", "rabbitmq", "postgresql", "docker", "git", "pytest", "azure", "grpc"],
        "weight": 2,
        "work": [
            "Write the Python agent that runs on our devices and syncs with {product_area}",
            "Make device software survive power cuts, flaky networks and partial updates",
            "Build the cloud services that ingest device data and push configuration",
        ],
    },
    "search": {
        "titles": ["Search Engineer (Python)", "Backend Engineer, Search"],
        "required": ["python", "elasticsearch"],
        "pool": ["postgresql", "kafka", "caching", "redis", "fastapi", "django", "aws", "data-engineering"],
        "weight": 2,
        "work": [
            "Improve relevance of search across {product_area}, measured with real queries",
            "Keep search indexes fresh within seconds of a change",
            "Build the tooling to evaluate ranking changes before they ship",
        ],
    },
}
# What a team works on, for "{product_area}" in the lines above.
PRODUCT_AREAS = ["our {team} services", "the {team} product", "the {team} platform"]
AGENCY_PRODUCT_AREA = "the client's product"

# How the places applicants may live read in a sentence (country names otherwise).
AREA_PHRASES = {
    "WORLDWIDE": "anywhere in the world",
    "EU": "anywhere in the EU",
    "EUROPE": "anywhere in Europe",
    "NORTH_AMERICA": "anywhere in North America",
    "LATAM": "anywhere in Latin America",
    "EMEA": "anywhere in Europe, the Middle East or Africa",
    "APAC": "anywhere in Asia-Pacific",
    "US": "the US",
    "GB": "the UK",
}

# skill: (what you'll do with it, what you bring, nice to have)
SKILL_LINES = {
    "python": (
        "Write clear, typed Python that the next person can change with confidence",
        "**Python**: you write idiomatic, tested code and know the standard library well",
        "Contributions to Python open-source projects",
    ),
    "django": (
        "Build features in Django: models, migrations, views and the admin",
        "**Django**: you know the ORM well enough to spot an N+1 in review",
        "Experience with **Django** beyond CRUD: custom managers, signals you later removed, the admin",
    ),
    "django-rest-framework": (
        "Design REST endpoints with Django REST framework, with permissions and pagination done right",
        "**Django REST framework**: serializers, viewsets and permissions",
        "Experience with **Django REST framework**",
    ),
    "flask": (
        "Extend our Flask applications and the blueprints they are made of",
        "**Flask**: application factories, blueprints, extensions",
        "Some **Flask** experience",
    ),
    "fastapi": (
        "Build async endpoints in FastAPI with Pydantic models as the contract",
        "**FastAPI**: dependencies, async endpoints, OpenAPI documentation",
        "Experience with **FastAPI**",
    ),
    "asyncio": (
        "Write asyncio code that handles thousands of concurrent requests without blocking",
        "**asyncio**: you know what blocks the event loop and how to find out",
        "Experience with **asyncio** in production",
    ),
    "sqlalchemy": (
        "Model data with SQLAlchemy and write Alembic migrations that are safe on big tables",
        "**SQLAlchemy** and Alembic migrations",
        "Experience with **SQLAlchemy** 2.0",
    ),
    "pydantic": (
        "Define the data contracts between services with Pydantic",
        "**Pydantic** models and validation",
        "Experience with **Pydantic** v2",
    ),
    "postgresql": (
        "Design PostgreSQL schemas and indexes, and read query plans when something is slow",
        "**PostgreSQL**: schema design, indexes, and migrations that don't lock tables",
        "Deep **PostgreSQL** knowledge: partitioning, replication, EXPLAIN ANALYZE",
    ),
    "mysql": (
        "Run and evolve our MySQL databases, including online schema changes",
        "**MySQL**: schema design and query tuning",
        "Experience operating **MySQL** or MariaDB",
    ),
    "sqlite": (
        "Keep the on-device SQLite store consistent through crashes and upgrades",
        "**SQLite**: transactions, WAL mode, and migrating data on devices you can't reach",
        "Experience with **SQLite** on embedded devices",
    ),
    "sql": (
        "Write SQL that analysts can read and databases can run fast",
        "**SQL**: window functions, CTEs and reading execution plans",
        "Strong **SQL**",
    ),
    "redis": (
        "Use Redis for caching, rate limiting and short-lived state",
        "**Redis**: data structures, expiry, and its failure modes",
        "Experience with **Redis**",
    ),
    "mongodb": (
        "Maintain the MongoDB collections that hold our document data",
        "**MongoDB**: document modelling and indexes",
        "Experience with **MongoDB**",
    ),
    "elasticsearch": (
        "Build and tune Elasticsearch indexes, analysers and queries",
        "**Elasticsearch** or OpenSearch: mappings, analysers, relevance tuning",
        "Experience with **Elasticsearch** or OpenSearch",
    ),
    "cassandra": (
        "Model time-series data in Cassandra around the queries we need",
        "**Cassandra**: partition keys, compaction, consistency levels",
        "Experience with **Cassandra** or ScyllaDB",
    ),
    "dynamodb": (
        "Design DynamoDB tables and access patterns for high-volume data",
        "**DynamoDB**: single-table design and capacity planning",
        "Experience with **DynamoDB**",
    ),
    "celery": (
        "Move slow work into Celery tasks that are idempotent and safe to retry",
        "**Celery**: task design, retries and monitoring queues",
        "Experience with **Celery** or another task queue",
    ),
    "rabbitmq": (
        "Connect services through RabbitMQ with dead-letter queues and clear routing",
        "**RabbitMQ**: exchanges, acknowledgements, dead-lettering",
        "Experience with **RabbitMQ**",
    ),
    "kafka": (
        "Produce and consume Kafka events, with schemas and consumer groups you can reason about",
        "**Kafka**: topics, partitions, consumer groups and exactly-once caveats",
        "Experience with **Kafka** or another event-streaming platform",
    ),
    "stream-processing": (
        "Build streaming jobs (Spark Structured Streaming, Flink or Faust) that aggregate events on arrival",
        "**Stream processing**: windows, watermarks, late events and state you can recover",
        "Experience with Spark Streaming, Flink, Beam or Faust",
    ),
    "rest": (
        "Design REST APIs that are consistent, documented with OpenAPI and pleasant to use",
        "**REST API** design: resources, status codes, pagination, versioning",
        "Experience designing public **REST APIs**",
    ),
    "graphql": (
        "Evolve our GraphQL schema with deprecations instead of breaking changes",
        "**GraphQL**: schema design, dataloaders, query cost limits",
        "Experience with **GraphQL** (Strawberry or Graphene)",
    ),
    "grpc": (
        "Define service contracts in Protocol Buffers and serve them over gRPC",
        "**gRPC** and Protocol Buffers",
        "Experience with **gRPC**",
    ),
    "websockets": (
        "Build the WebSocket layer that pushes live updates to clients",
        "**WebSockets**: connection lifecycle, heartbeats, reconnects",
        "Experience with **WebSockets** or Django Channels",
    ),
    "docker": (
        "Keep our Docker images small, reproducible and quick to build",
        "**Docker**: multi-stage builds and debugging containers",
        "Comfort with **Docker**",
    ),
    "kubernetes": (
        "Run services on Kubernetes with sensible resource limits, probes and autoscaling",
        "**Kubernetes**: deployments, probes, resource limits, debugging pods",
        "Experience running services on **Kubernetes**",
    ),
    "aws": (
        "Use AWS services (RDS, S3, SQS, Lambda) where they save us work",
        "**AWS**: the core services and how to keep their bill in check",
        "Experience with **AWS**",
    ),
    "gcp": (
        "Build on Google Cloud: Cloud Run, Pub/Sub, BigQuery",
        "**GCP**: Cloud Run or GKE, Pub/Sub, BigQuery",
        "Experience with **Google Cloud**",
    ),
    "azure": (
        "Deploy and operate services on Azure",
        "**Azure**: App Service or AKS, and Azure's managed databases",
        "Experience with **Azure**",
    ),
    "terraform": (
        "Describe infrastructure in Terraform and review changes like code",
        "**Terraform**: modules, state, and planning changes safely",
        "Experience with **Terraform** or another infrastructure-as-code tool",
    ),
    "linux": (
        "Debug services at the Linux level when the application logs aren't enough",
        "**Linux**: processes, networking, and finding out why a box is slow",
        "Good **Linux** command-line skills",
    ),
    "ci-cd": (
        "Keep CI fast and deploys boring: several releases a day, each one reversible",
        "**CI/CD**: pipelines you've built or improved, not just used",
        "Experience improving **CI/CD** pipelines",
    ),
    "pytest": (
        "Write tests with pytest that document behaviour and catch regressions",
        "**pytest**: fixtures, parametrisation and testing against real services",
        "A habit of writing tests with **pytest**",
    ),
    "git": (
        "Make small, reviewable pull requests with commit messages that explain why",
        "**Git**: rebasing, bisecting, and clean history",
        "Comfort with **Git** beyond commit and push",
    ),
    "security": (
        "Build authentication and permission checks that hold up under a penetration test",
        "**Security**: OWASP Top 10, OAuth2/OIDC, secrets management",
        "Experience with **security** reviews or threat modelling",
    ),
    "system-design": (
        "Design systems that scale with our growth, and write down the trade-offs",
        "**System design**: you've designed services others now depend on",
        "Experience leading **system design** reviews",
    ),
    "observability": (
        "Instrument services with metrics, traces and structured logs, and act on them",
        "**Observability**: metrics, tracing, and alerts that mean something",
        "Experience with Prometheus, OpenTelemetry or Sentry (**observability**)",
    ),
    "microservices": (
        "Split and merge services where the boundaries are wrong",
        "**Microservices**: you've run several services in production and know the costs",
        "Experience with **microservices** in production",
    ),
    "data-engineering": (
        "Build and schedule data pipelines (Airflow, dbt) that are tested and observable",
        "**Data engineering**: batch and streaming pipelines, orchestration, data modelling",
        "Experience with **data engineering** tools like Airflow or dbt",
    ),
    "pandas": (
        "Use pandas and NumPy for the analysis and transformations that don't belong in SQL",
        "**pandas** and NumPy",
        "Experience with **pandas**",
    ),
    "ml-integration": (
        "Serve machine-learning models behind APIs with monitoring, fallbacks and evaluation",
        "**ML integration**: you've put models (or LLM APIs) into production and measured them",
        "Experience integrating **machine learning** models or LLMs into products",
    ),
    "caching": (
        "Design caching that speeds things up without serving stale data to the wrong people",
        "**Caching**: HTTP caching, cache invalidation, CDNs",
        "Experience with **caching** strategies at scale",
    ),
}

# --- Posting fragments ------------------------------------------------------------

LEVEL_INTROS = {
    "entry": [
        "This is an entry-level role. You'll pair with experienced engineers, have a mentor from "
        "day one, and spend your first months building foundational skills on real production work.",
        "We're looking for someone early in their career. You don't need to know our whole stack: "
        "we'll help you build foundational skills, and you'll ship code to production in your first weeks.",
    ],
    "mid": [
        "You'll own features end to end, from the first design sketch to watching them in production.",
        "You'll work on a small team with a lot of ownership: you pick up problems, not tickets.",
    ],
    "senior": [
        "You'll take on the hardest problems in the team's area, shape its technical direction and "
        "help the engineers around you grow.",
        "As a senior engineer you'll lead projects across teams, write the design documents others "
        "build on, and raise the bar for code review.",
    ],
    "lead": [
        "You'll set the technical direction for the team, mentor {reports} engineers and work with "
        "product leadership on what we build next. You'll still write code, about half of your time.",
        "You'll lead a group of {reports} engineers: hiring, growing people, and making the big "
        "technical calls, while staying hands-on in the codebase.",
    ],
}

LEVEL_EXPERIENCE = {
    "entry": [
        "Some hands-on Python from university, a bootcamp, an internship or your own projects",
        "Curiosity, and the habit of asking when you're stuck",
    ],
    "mid": [
        "{years}+ years of professional experience building backend services in Python",
        "You've shipped features to production and supported them afterwards",
    ],
    "senior": [
        "{years}+ years of backend development, most of it in Python",
        "You've designed systems other people now maintain, and learned from it",
    ],
    "lead": [
        "{years}+ years of backend development, including leading a team or a major project",
        "You can explain a technical trade-off to engineers and non-engineers alike",
    ],
}
LEVEL_YEARS = {"entry": (0, 1), "mid": (2, 4), "senior": (5, 7), "lead": (8, 10)}

JUNIOR_WELCOME = [
    "Early in your career? This team is open to juniors: we'll pair you with a mentor and help "
    "you build foundational skills.",
    "We welcome applications from juniors who are still building foundational skills; "
    "tell us what you've built so far.",
]

WORK_MODE_LINES = {
    "remote": [
        "This role is fully remote: you can work from {areas}.",
        "We're remote-first and you can work from {areas}; the team meets in person twice a year.",
    ],
    "hybrid": [
        "We work hybrid from our {city} office: two days a week together, the rest wherever you like.",
        "Hybrid: the team is in the {city} office on Tuesdays and Thursdays.",
    ],
    "onsite": [
        "The role is based in our {city} office, close to public transport.",
        "We work together in our {city} office; it makes pairing and whiteboarding easy.",
    ],
}

BENEFITS = {
    "common": [
        "A learning budget for books, courses and one conference a year",
        "A home-office budget and the laptop of your choice",
        "Paid parental leave beyond the legal minimum",
        "Flexible working hours around a few core hours",
        "Time for open source: we sponsor and contribute to the libraries we use",
        "Mental-health support through a confidential counselling service",
        "Employee share options",
        "A sabbatical month after four years",
    ],
    "US": [
        "Medical, dental and vision coverage for you and your family",
        "401(k) with a 4% match",
        "20 days of paid time off plus public holidays",
    ],
    "CA": ["Extended health and dental benefits", "RRSP matching", "Four weeks of vacation"],
    "GB": [
        "25 days of holiday plus bank holidays",
        "Pension with 6% employer contribution",
        "Cycle to work scheme",
    ],
    "EU": [
        "28 days of paid holiday",
        "Company pension contributions",
        "A public-transport pass or bike leasing",
        "Lunch allowance",
    ],
    "other": ["Private health insurance", "Generous paid holiday", "A yearly wellbeing allowance"],
}

HIRING_PROCESSES = [
    "1. A 30-minute call with {recruiter} about you and the role\n"
    "2. A technical conversation about something you've built\n"
    "3. A pairing session on a realistic problem from our codebase (90 minutes)\n"
    "4. Meet the team and ask us anything\n\n"
    "We aim to decide within two weeks and give feedback at every stage.",
    "1. Introductory call with {recruiter}\n"
    "2. A small take-home exercise (about three hours; we pay for your time)\n"
    "3. Review the exercise together and talk system design\n"
    "4. A values conversation with the engineering manager\n\n"
    "No whiteboard puzzles, no brain teasers.",
    "1. A short call with the hiring manager\n"
    "2. A code review exercise: you review a pull request with us\n"
    "3. A design discussion with two engineers\n\n"
    "The whole process usually takes three weeks. {recruiter} will keep you posted.",
    "Send us your CV and a few lines about a project you're proud of. {recruiter} reads every "
    "application and replies within a week. Then: a technical interview, a pairing session, and "
    "an offer.",
]

RELOCATION_LINES = [
    "Relocation support: flights, temporary housing and help with the paperwork",
    "A relocation package and a relocation agent to help you settle in",
]
VISA_LINES = [
    "We sponsor work visas and cover the fees",
    "Visa sponsorship is available for this role",
]

# Titles by level; {t} is the track's title stem.
LEVEL_TITLES = {
    "entry": ["Junior {t}", "Graduate {t}", "Entry-level {t}", "Junior {t}"],
    "mid": ["{t}"],
    "senior": ["Senior {t}", "Senior {t}", "Senior {t}"],
    "lead": ["Lead {t}", "Staff {t}", "Principal {t}", "Tech Lead, {t}"],
}
INTERN_TITLES = [
    "Backend Engineering Intern (Python)",
    "Python Developer Intern",
    "Software Engineering Intern",
]

# The rejected job states a monthly figure as yearly pay, and the moderator says so.
REJECTION_NOTE = (
    "The range looks like a monthly figure entered as yearly pay. Please check the salary "
    "period and resubmit."
)

# --- The role page --------------------------------------------------------------------

ROLE = {
    "name": "Python Backend Developer",
    "slug": "python-backend-developer",
    "seo_title": "Python Backend Developer Jobs: Django, FastAPI, Flask",
    "seo_description": (
        "Python backend developer jobs with salaries shown: Django, FastAPI, Flask, PostgreSQL, "
        "APIs and cloud. Remote, hybrid and on-site, from entry level to staff."
    ),
    "skills": [
        "python",
        "django",
        "django-rest-framework",
        "flask",
        "fastapi",
        "asyncio",
        "sqlalchemy",
        "pydantic",
        "postgresql",
        "mysql",
        "sql",
        "redis",
        "celery",
        "rest",
        "graphql",
    ],
    "intro": """\
Python backend developers build the part of a product nobody sees and everybody relies on:
the APIs that apps and partners call, the data models behind them, the background jobs that
send emails and crunch numbers, and the integrations with payment providers, carriers or
banks. Every job listed here has a salary range, so you can compare before you apply.

## What the work is

Most days are a mix of designing and building features across the database, the business
logic and the API; reviewing colleagues' pull requests; writing tests; and keeping services
healthy in production. Depending on the company, you might also build data pipelines,
integrate machine-learning models, or run the services you write on Kubernetes.

## The skills that matter

- **Python** itself: readable, tested, idiomatic code
- **A web framework**: Django (with Django REST framework), FastAPI or Flask
- **Databases**: PostgreSQL above all, SQL you can reason about, and Redis for caching and queues
- **APIs**: REST and increasingly GraphQL; clear contracts and careful versioning
- **Background work**: Celery or another task queue, and message brokers like RabbitMQ or Kafka
- **Shipping it**: Git, pytest, CI/CD, Docker, and one of the big clouds

Use the specialisation filters to narrow the list to API work, data-intensive applications
(event streams, stream processing, search and data pipelines: Kafka, Spark or Flink,
Elasticsearch, Cassandra, Pandas; a relational database alone doesn't make a job
data-intensive), microservices, machine-learning integration or cloud and DevOps. Under
the filters, "What each specialisation covers" lists the skills behind each one.

## Experienced and entry-level candidates

Senior and lead roles expect you to design systems others depend on, make trade-offs explicit
and help your team grow. Mid-level roles expect you to own features from design to
production.

If you're **building foundational skills** (you've written Python at university, in a bootcamp
or in your own projects, but haven't yet held a backend job), filter for *Entry level* or for
jobs marked **open to juniors**: these teams have said they'll mentor you. A small deployed
project with tests and a README often says more than a list of courses.
""",
}
