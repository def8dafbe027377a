"""One demo job, as a company of the demo would post it: title, level, place, pay in
the local currency and period, skills, and a description written from the demo
content's building blocks. Every draw comes from the seeder's random generator."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries

from listings.currency import CURRENCIES, PERIOD_PER_YEAR
from listings.models import Job
from listings.search.index import skills_search_text
from listings.text import normalise_text

from . import content as demo

PUBLISHED_WITHIN = timedelta(days=45)

# Rough shares of the job market; the rest of each choice is in the demo content.
LEVELS = {"entry": 12, "mid": 38, "senior": 35, "lead": 15}
WORK_MODES = {"remote": 40, "hybrid": 35, "onsite": 25}
EMPLOYMENT_TYPES = {"full_time": 84, "contract": 9, "part_time": 4, "temporary": 3}
EXTRA_REQUIRED = {"entry": (0, 1), "mid": (1, 2), "senior": (2, 3), "lead": (2, 3)}
TRACK_PAY = {"ml": 1.08, "distributed": 1.05, "security": 1.05, "platform": 1.04}
# Contractors bill by the day in Europe, by the hour in the Americas and Asia-Pacific,
# and by the month where B2B monthly contracts are the norm.
CONTRACT_PERIOD = {"US": "hour", "CA": "hour", "MX": "hour", "AR": "hour", "AU": "hour", "SG": "hour"}
CONTRACT_PERIOD |= {"JP": "hour", "ZA": "hour", "PL": "month", "CZ": "month", "BR": "month", "IN": "month"}
EU_BENEFIT_COUNTRIES = {"IE", "DE", "NL", "FR", "ES", "PT", "IT", "AT", "DK", "SE", "NO", "FI", "EE", "CH"}
EU_BENEFIT_COUNTRIES |= {"PL", "CZ"}
VISA_COUNTRIES = {"US", "GB", "DE", "NL", "IE", "CA", "AU", "SG", "SE", "DK", "CH", "JP", "FI"}


@dataclass
class Drawn:
    """What a job's description is written from, besides the job's own fields."""

    track: dict
    team: str
    country: str
    required: list
    nice: list
    locations: list


@dataclass
class BuiltJob:
    job: Job
    required: list = field(default_factory=list)
    nice: list = field(default_factory=list)
    locations: list = field(default_factory=list)


class JobPostings:
    """Builds published jobs (not saved); DemoSeeder provides rng, now, today and skills."""

    def build_job(self, entry):
        """One published job with every field (and derived field) filled, not yet saved."""
        rng = self.rng
        job, drawn = self.draw_position(entry)
        published_at = self.now - PUBLISHED_WITHIN * rng.random()
        if rng.random() < 0.3:
            job.closing_date = self.today + timedelta(days=rng.randint(7, 55))
        # As job_approve sets it: the employer's closing date, else 60 days after approval.
        job.closing_date = job.closing_date_on_approval(timezone.localdate(published_at))
        if rng.random() < (0.1 if entry.is_agency else 0.15):
            number = rng.randint(1000, 9999)
            job.apply_url = f"https://careers.{entry.spec['domain']}.example.com/jobs/{job.slug}-{number}"
        job.apply_method = Job.ApplyMethod.EXTERNAL if job.apply_url else Job.ApplyMethod.ON_SITE
        job.posted_by = poster = rng.choice(entry.members)
        job.open_to_juniors = job.level == "entry" or (job.level == "mid" and rng.random() < 0.25)
        job.status = Job.Status.PUBLISHED
        job.submitted_at = published_at - timedelta(hours=rng.uniform(1, 40))
        job.published_at = published_at
        job.view_count = (self.now - published_at).days * rng.randint(3, 25) + rng.randint(0, 30)
        # The derived fields, by the rules the services keep them with.
        job.salary_min_usd, job.salary_max_usd = job.salary_usd()
        job.skills_text = skills_search_text(drawn.required + drawn.nice)
        # Stored as the services store text (listings.text), so an edit compares equal.
        job.description = normalise_text(
            self.description(entry, job, drawn, recruiter=poster.full_name.split()[0])
        )
        return BuiltJob(job=job, required=drawn.required, nice=drawn.nice, locations=drawn.locations)

    def draw_position(self, entry):
        """The job's position (title, level, place, pay, skills) as an unsaved Job, and
        what the description needs besides (a Drawn)."""
        rng = self.rng
        spec = entry.spec
        track_name = rng.choice(spec["tracks"]) if rng.random() < 0.85 else self.any_track()
        track = demo.TRACKS[track_name]
        level = pick(rng, LEVELS)
        employment_type = (
            "internship" if level == "entry" and rng.random() < 0.25 else pick(rng, EMPLOYMENT_TYPES)
        )
        if entry.is_agency and employment_type == "full_time" and rng.random() < 0.3:
            employment_type = "contract"
        elif employment_type == "temporary" and level == "lead":
            employment_type = "full_time"
        country, city = self.place(entry)
        work_mode = pick(rng, WORK_MODES)
        if employment_type == "internship" and work_mode == "remote":
            work_mode = "hybrid"
        locations = self.remote_areas(country) if work_mode == "remote" else []
        currency, period, salary_min, salary_max = self.salary(
            entry, track_name, country, level, employment_type, locations
        )
        required, nice = self.pick_skills(track, level)
        relocate_ok = work_mode != "remote" and country in VISA_COUNTRIES and level != "entry"
        visa = (relocate_ok and rng.random() < 0.35) or rng.random() < 0.03
        relocation = work_mode != "remote" and (rng.random() < (0.6 if visa else 0.15))
        team = rng.choice(spec["teams"])
        title = self.title(track, level, employment_type, team, entry.is_agency)
        job = Job(
            company=entry.company,
            title=title,
            slug=self.slugify(title),
            level=level,
            work_mode=work_mode,
            city=city,
            country=country,
            employment_type=employment_type,
            salary_min=salary_min,
            salary_max=salary_max,
            salary_currency=currency,
            salary_period=period,
            visa_sponsorship=visa,
            relocation_help=relocation,
            is_agency=entry.is_agency,
        )
        return job, Drawn(
            track=track, team=team, country=country, required=required, nice=nice, locations=locations
        )

    def any_track(self):
        names = list(demo.TRACKS)
        return self.rng.choices(names, [demo.TRACKS[name]["weight"] for name in names])[0]

    def slugify(self, title):
        # Titles repeat a lot; slugify is the slow part of building a job.
        if title not in self._slugs:
            self._slugs[title] = slugify(title)[:140] or "job"
        return self._slugs[title]

    def place(self, entry):
        rng = self.rng
        offices = entry.spec["offices"]
        country, city = offices[0] if rng.random() < 0.5 else rng.choice(offices)
        if rng.random() < 0.2:
            # A branch or a client elsewhere in the same country.
            city = rng.choice(demo.COUNTRIES[country][3])
        return country, city

    def remote_areas(self, country):
        options = demo.REMOTE_AREAS.get(country) or [[country], *demo.REMOTE_AREAS_DEFAULT]
        return list(self.rng.choice(options))

    def salary(self, entry, track_name, country, level, employment_type, locations):
        rng = self.rng
        currency, period, mid_yearly, _ = demo.COUNTRIES[country]
        yearly = mid_yearly * demo.LEVEL_PAY[level] * entry.pay_factor * TRACK_PAY.get(track_name, 1.0)
        yearly *= rng.uniform(0.92, 1.08)
        cross_border = locations and locations[0] in ("WORLDWIDE", "EMEA", "APAC", "LATAM")
        if cross_border and currency != "USD" and rng.random() < 0.5:
            # Teams hiring across borders often state pay in US dollars.
            yearly = yearly * float(CURRENCIES[currency][1]) * 1.05
            currency, period = "USD", "year"
        if employment_type == "internship":
            yearly *= 0.55
            period = "month"
        elif employment_type == "part_time":
            period = "hour"
        elif employment_type == "contract":
            yearly *= 1.2
            period = CONTRACT_PERIOD.get(country, "day")
        amount = yearly / PERIOD_PER_YEAR[period]
        if rng.random() < 0.05:
            fixed = nice_round(amount)
            return currency, period, fixed, fixed
        low = nice_round(amount * rng.uniform(0.86, 0.95))
        high = max(nice_round(amount * rng.uniform(1.08, 1.25)), low)
        return currency, period, low, high

    def pick_skills(self, track, level):
        rng = self.rng
        required = list(track["required"])
        pool = [slug for slug in track["pool"] if slug not in required]
        rng.shuffle(pool)
        extra = rng.randint(*EXTRA_REQUIRED[level])
        required += pool[:extra]
        nice = pool[extra : extra + rng.randint(1, 3)]
        return [self.skills[slug] for slug in required], [self.skills[slug] for slug in nice]

    def title(self, track, level, employment_type, team, is_agency):
        rng = self.rng
        if employment_type == "internship":
            return rng.choice(demo.INTERN_TITLES)
        title = rng.choice(demo.LEVEL_TITLES[level]).format(t=rng.choice(track["titles"]))
        if (
            level in ("mid", "senior")
            and not is_agency
            and rng.random() < 0.25
            and not any(mark in title for mark in ",()")
        ):
            title = f"{title}, {team}"
        if employment_type == "contract" and rng.random() < 0.6:
            title += " (Contract)"
        elif employment_type == "part_time":
            title += " (Part-time)"
        return title[:120]

    # --- the posting ---

    def about_the_team(self, entry, job, drawn):
        """The first section of the description, and the product area the rest names."""
        rng, team = self.rng, drawn.team
        spec = entry.spec
        name = spec["name"]
        if entry.is_agency:
            client = rng.choice(demo.AGENCY_CLIENTS)
            about = (
                f"{name} is recruiting on behalf of our client, {client} based in {job.city}. "
                f"They're hiring {a(job.title)} to strengthen their backend team."
            )
            product_area = demo.AGENCY_PRODUCT_AREA
        else:
            about = rng.choice(
                [
                    f"{name} {spec['does']}. We're hiring {a(job.title)} to join the {team} team.",
                    f"Join the {team} team at {name}. {name} {spec['does']}, and we're growing.",
                    f"The {team} team at {name} is looking for {a(job.title)}. {name} {spec['does']}.",
                ]
            )
            product_area = rng.choice(demo.PRODUCT_AREAS).format(team=team)
        intro = rng.choice(demo.LEVEL_INTROS[job.level]).format(reports=rng.randint(4, 8))
        if job.open_to_juniors and job.level != "entry":
            intro += " " + rng.choice(demo.JUNIOR_WELCOME)
        mode = rng.choice(demo.WORK_MODE_LINES[job.work_mode]).format(
            city=job.city, areas=areas_phrase(drawn.locations)
        )
        return f"{about}\n\n{intro}\n\n{mode}", product_area

    def description(self, entry, job, drawn, recruiter):
        """The posting in Markdown, from the demo content's building blocks."""
        rng, required, nice, country = self.rng, drawn.required, drawn.nice, drawn.country
        about, product_area = self.about_the_team(entry, job, drawn)
        skill_slugs = [skill.slug for skill in required + nice]
        work = rng.sample(drawn.track["work"], 2)
        for slug in rng.sample(skill_slugs[1:], min(3, len(skill_slugs) - 1)):
            work.append(demo.SKILL_LINES[slug][0])
        work = [line.format(product_area=product_area) for line in work]

        years = rng.randint(*demo.LEVEL_YEARS[job.level])
        bring = [line.format(years=years) for line in demo.LEVEL_EXPERIENCE[job.level]]
        bring += [demo.SKILL_LINES[skill.slug][1] for skill in required[:6]]
        if job.level == "entry":
            bring.append(
                "You don't need all of the above yet: we'll help you build foundational skills in "
                + " and ".join(skill.name for skill in required[1:3])
            )
        nice_lines = [demo.SKILL_LINES[skill.slug][2] for skill in nice]

        offer = [f"Salary: **{job.salary_display}**, depending on experience"]
        region = country if country in demo.BENEFITS else None
        region = region or ("EU" if country in EU_BENEFIT_COUNTRIES else "other")
        offer += rng.sample(demo.BENEFITS[region], min(2, len(demo.BENEFITS[region])))
        offer += rng.sample(demo.BENEFITS["common"], rng.randint(2, 3))
        if job.visa_sponsorship:
            offer.append(rng.choice(demo.VISA_LINES))
        if job.relocation_help:
            offer.append(rng.choice(demo.RELOCATION_LINES))

        hiring = rng.choice(demo.HIRING_PROCESSES).format(recruiter=recruiter)
        if job.apply_url:
            hiring += "\n\nApply on our careers site with the link on this page."

        sections = [
            "## About the team",
            about,
            "## What you'll do",
            bullets(work),
            "## What you bring",
            bullets(bring),
        ]
        if nice_lines:
            sections += ["## Nice to have", bullets(nice_lines)]
        sections += ["## What we offer", bullets(offer), "## How we hire", hiring]
        return "\n\n".join(sections) + "\n"


def pick(rng, weighted):
    return rng.choices(list(weighted), list(weighted.values()))[0]


def a(title):
    """The title with its article: "a Senior ...", "an Entry-level ...", "an ML ..."."""
    return f"an {title}" if title[0] in "AEIOU" or title.startswith("ML ") else f"a {title}"


def bullets(lines):
    return "\n".join(f"- {line}" for line in lines)


def nice_round(amount):
    """Round pay the way postings state it: 85,000 not 84,613; 650 a day; 75 an hour."""
    for threshold, step in ((1_000_000, 50_000), (100_000, 5_000), (20_000, 1_000), (2_000, 100), (200, 25)):
        if amount >= threshold:
            return max(int(round(amount / step) * step), step)
    return max(int(round(amount / 5) * 5), 5)


def areas_phrase(codes):
    parts = [demo.AREA_PHRASES.get(code) or countries.name(code) or code for code in codes]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " or " + parts[-1]
