"""From a public GitHub profile to profile suggestions. Pure: no ORM, no HTTP.

The name, location and bio become the name, city/country and headline a seeker
may keep; the languages and topics of their own public repositories become skill
suggestions, through the skill taxonomy's names, slugs and aliases.
"""

from dataclasses import dataclass, field

from django_countries import countries

HEADLINE_MAX = 140
CITY_MAX = 100
NAME_MAX = 150

# GitHub's names for things the taxonomy knows by another name (linguist languages,
# common topics). Everything else is matched by the taxonomy's own names and aliases.
GITHUB_TERMS = {
    "dockerfile": "docker",
    "docker compose": "docker",
    "hcl": "terraform",
    "shell": "bash",
    "plpgsql": "postgresql",
    "cython": "python",
    "restful api": "rest",
    "rest apis": "rest",
    "aws lambda": "aws",
}
# Addresses people write in their GitHub location that aren't country names.
COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "great britain": "GB",
    "the netherlands": "NL",
    "holland": "NL",
    "deutschland": "DE",
    "españa": "ES",
    "brasil": "BR",
    "türkiye": "TR",
}


@dataclass(frozen=True)
class Repo:
    name: str
    language: str = ""
    topics: tuple = ()
    fork: bool = False


@dataclass(frozen=True)
class PublicProfile:
    """What the GitHub API says about a person, publicly."""

    login: str
    html_url: str = ""
    name: str = ""
    location: str = ""
    bio: str = ""
    repos: tuple = ()


@dataclass
class SkillSuggestion:
    slug: str
    repos: list = field(default_factory=list)  # names of the repositories that show it
    terms: set = field(default_factory=set)  # the languages/topics it was found by


def normalise(term):
    """'Rest-API', 'rest_api' and 'REST API' are one term."""
    return " ".join(str(term).lower().replace("-", " ").replace("_", " ").split())


def one_line(text):
    return " ".join(str(text or "").split())


def headline_from_bio(bio):
    """The bio on one line, cut at a word to fit a headline."""
    text = one_line(bio)
    if len(text) <= HEADLINE_MAX:
        return text
    cut = text[: HEADLINE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,.;:-")
    return f"{cut}…"


def country_code(text):
    """The ISO code for a country as people write it ("Germany", "USA", "UK"), or ""."""
    text = one_line(text)
    if not text:
        return ""
    alias = COUNTRY_ALIASES.get(text.lower())
    if alias:
        return alias
    # Three-letter codes only: two letters are too often a US state ("CA", "DE", "IN").
    if len(text) == 3 and text.isupper():
        for code, (alpha3, _numeric) in countries.alt_codes.items():
            if alpha3 == text:
                return code
    code = countries.by_name(text)
    return code if isinstance(code, str) else ""


def parse_location(location):
    """(city, country code) from GitHub's free-text location.

    "Berlin, Germany" is Berlin in DE; "Germany" is only DE; "Austin, TX, USA" is
    "Austin, TX" in US; text without a country we know ("Remote", "Bay Area") is kept
    as the city for the person to correct.
    """
    text = one_line(location)[:200]
    if not text:
        return "", ""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    code = country_code(parts[-1]) if parts else ""
    if code:
        return ", ".join(parts[:-1])[:CITY_MAX], code
    return text[:CITY_MAX], ""


def skill_index(skills):
    """Normalised term -> skill slug, from (slug, name, aliases) rows; a term two
    skills share goes to the first, as the taxonomy lists them."""
    index = {}
    for slug, name, aliases in skills:
        for term in (slug, name, *(aliases or [])):
            index.setdefault(normalise(term), slug)
    return index


def suggest_skills(repos, skills):
    """Skill suggestions from the languages and topics of the person's own public
    repositories (forks are someone else's work), most evidence first.

    `skills` are the taxonomy's (slug, name, aliases) rows. Returns SkillSuggestions.
    """
    index = skill_index(skills)
    found = {}
    for repo in repos:
        if repo.fork:
            continue
        terms = [repo.language] if repo.language else []
        terms += list(repo.topics)
        for term in terms:
            key = normalise(term)
            slug = index.get(key) or index.get(normalise(GITHUB_TERMS.get(key, "")))
            if not slug:
                continue
            suggestion = found.setdefault(slug, SkillSuggestion(slug=slug))
            if repo.name not in suggestion.repos:
                suggestion.repos.append(repo.name)
            suggestion.terms.add(str(term))
    return sorted(found.values(), key=lambda suggestion: (-len(suggestion.repos), suggestion.slug))


def profile_suggestions(profile, skills):
    """Everything the import page offers, as plain data (kept in the session until the
    person confirms): name, headline, city, country and skills with their evidence."""
    city, country = parse_location(profile.location)
    return {
        "login": profile.login,
        "html_url": profile.html_url,
        "name": one_line(profile.name)[:NAME_MAX],
        "headline": headline_from_bio(profile.bio),
        "city": city,
        "country": country,
        "repo_count": sum(1 for repo in profile.repos if not repo.fork),
        "skills": [
            {"slug": suggestion.slug, "repos": suggestion.repos[:5], "repo_count": len(suggestion.repos)}
            for suggestion in suggest_skills(profile.repos, skills)
        ],
    }
