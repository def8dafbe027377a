"""The listings models, one module per sub-domain. Everything is re-exported here, so
the app label, imports such as `from listings.models import Job` and every migration
stay as they are."""

from .companies import Company, CompanyInvitation, CompanyQuerySet, Membership
from .job_parts import ApplicantLocation, JobSkill, JobViewDay
from .job_queries import CARD_FIELDS, JobQuerySet
from .jobs import DEFAULT_JOB_LIFETIME, EDITABLE_FIELDS, STATES_WITH_CLOSING_DATE, Job, end_of_day
from .matching import JobMatch, JobMatchQuerySet
from .moderation import JobEvent, RejectionReason, ScreeningFlag, ScreeningSignal
from .saved_searches import MAX_SAVED_QUERY_LENGTH, MAX_SAVED_SEARCHES, SavedSearch, SavedSearchQuerySet
from .skills import Role, Skill, SkillQuerySet, Specialisation

__all__ = [
    "CARD_FIELDS",
    "DEFAULT_JOB_LIFETIME",
    "EDITABLE_FIELDS",
    "MAX_SAVED_QUERY_LENGTH",
    "MAX_SAVED_SEARCHES",
    "STATES_WITH_CLOSING_DATE",
    "ApplicantLocation",
    "Company",
    "CompanyInvitation",
    "CompanyQuerySet",
    "Job",
    "JobEvent",
    "JobMatch",
    "JobMatchQuerySet",
    "JobQuerySet",
    "JobSkill",
    "JobViewDay",
    "Membership",
    "RejectionReason",
    "Role",
    "SavedSearch",
    "SavedSearchQuerySet",
    "ScreeningFlag",
    "ScreeningSignal",
    "Skill",
    "SkillQuerySet",
    "Specialisation",
    "end_of_day",
]
