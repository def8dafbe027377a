"""The demo's job seekers: the demo seeker's profile, résumé, saved searches and
application, and candidates with profiles in the demo employer's pipeline and
suggestions."""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify

from accounts.models import SeekerProfile, User
from accounts.services import seeker_profile_update
from applications.models import Application
from applications.services import application_move, application_submit
from conversations.services import message_post
from listings.currency import CURRENCIES
from listings.models import Job, SavedSearch
from listings.services.saved_searches import saved_search_create

from . import content as demo
from .postings import LEVELS, nice_round, pick

DEMO_CANDIDATES = 12
CANDIDATE_DOMAIN = "candidates.example.com"


class DemoSeekers:
    """The seekers part of DemoSeeder (which provides rng, accounts, skills and the companies)."""

    def create_seekers_and_applications(self):
        """Something to see on every page: the demo seeker's profile, applications and
        recommendations; candidates in the demo employer's pipeline and suggestions."""
        User.objects.filter(email__endswith=f"@{CANDIDATE_DOMAIN}").delete()
        seeker = self.accounts[demo.DEMO_SEEKER_EMAIL]
        employer = self.accounts[demo.DEMO_EMPLOYER_EMAIL]
        seeker_profile_update(
            user=seeker,
            fields=demo.DEMO_SEEKER_PROFILE,
            skills=[self.skills[slug] for slug in demo.DEMO_SEEKER_SKILLS],
            resume_upload=demo_resume(seeker.full_name, demo.DEMO_SEEKER_PROFILE["headline"]),
        )
        SavedSearch.objects.filter(user=seeker).delete()
        for name, query, frequency in demo.DEMO_SEEKER_SEARCHES:
            saved_search_create(user=seeker, name=name, query=query, frequency=frequency)
        candidates = self.create_candidates()
        jobs = list(
            Job.objects.open()
            .filter(company=self.demo_employer_company.company, apply_method=Job.ApplyMethod.ON_SITE)
            .order_by("pk")[:3]
        )
        if not jobs:
            return [seeker, *candidates]
        Application.objects.filter(seeker=seeker).delete()
        own = application_submit(job=jobs[0], seeker=seeker, cover_letter=demo.DEMO_COVER_LETTER)
        # A conversation to show: the employer asks, the demo seeker has it unread.
        message_post(application=own, author=employer, body=demo.DEMO_EMPLOYER_MESSAGE)
        # The candidates spread over the demo employer's jobs and pipeline stages.
        stages = [None, None, "in_review", "interview", "offer", "rejected"]
        for n, candidate in enumerate(candidates[:8]):
            application = application_submit(
                job=jobs[n % len(jobs)],
                seeker=candidate,
                cover_letter=demo.DEMO_COVER_LETTER,
                resume_upload=demo_resume(candidate.full_name, "Python backend developer"),
            )
            if stage := stages[n % len(stages)]:
                application_move(application=application, by=employer, to_status=stage)
        return [seeker, *candidates]

    def create_candidates(self):
        rng = self.rng
        password = make_password(demo.DEMO_PASSWORD)
        people = []
        while len(people) < DEMO_CANDIDATES:
            name = (rng.choice(demo.FIRST_NAMES), rng.choice(demo.LAST_NAMES))
            if name not in people:
                people.append(name)
        users = User.objects.bulk_create(
            [
                User(
                    email=f"{slugify(first)}.{slugify(last).replace('-', '')}@{CANDIDATE_DOMAIN}",
                    full_name=f"{first} {last}",
                    role=User.Role.SEEKER,
                    password=password,
                )
                for first, last in people
            ]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
        )
        profiles, profile_skills = [], []
        for n, user in enumerate(users):
            track = demo.TRACKS[self.any_track()]
            level = pick(rng, LEVELS)
            country = rng.choice(list(demo.COUNTRIES))
            currency, _, mid_pay, cities = demo.COUNTRIES[country]
            low, high = demo.LEVEL_YEARS[level]
            profile = SeekerProfile(
                user=user,
                headline=rng.choice(demo.LEVEL_TITLES[level]).format(t=track["titles"][0]),
                city=rng.choice(cities),
                country=country,
                level=level,
                years_experience=rng.randint(low, high + 2),
                desired_salary=nice_round(mid_pay * demo.LEVEL_PAY[level]),
                desired_currency=currency if currency in CURRENCIES else "USD",
                wants_remote=rng.random() < 0.7,
                wants_hybrid=rng.random() < 0.5,
                wants_onsite=rng.random() < 0.3,
                # Most candidates let employers find them; every fifth does not, and never
                # shows up (by position, not by chance: whatever the seed, both kinds exist).
                open_to_matching=n % 5 != 4,
            )
            profiles.append(profile)
            slugs = track["required"] + rng.sample(track["pool"], k=min(4, len(track["pool"])))
            profile_skills.append([self.skills[slug] for slug in slugs if slug in self.skills])
        SeekerProfile.objects.bulk_create(profiles)
        SeekerProfile.skills.through.objects.bulk_create(
            [
                SeekerProfile.skills.through(seekerprofile_id=profile.pk, skill_id=skill.pk)
                for profile, skills in zip(profiles, profile_skills, strict=True)
                for skill in skills
            ]
        )
        return users


def demo_resume(name, headline):
    """A one-page PDF résumé, enough for the download links to show something real."""
    text = f"{name} - {headline}".encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return SimpleUploadedFile(f"{slugify(name)}-resume.pdf", pdf, content_type="application/pdf")
