"""The skill taxonomy, its specialisations, and the role pages staff edit."""

from django.db import models
from django.db.models import Case, Value, When
from django.urls import reverse


class Specialisation(models.TextChoices):
    """Facets of backend work; a skill belongs to at most one."""

    APIS = "apis", "APIs (REST/GraphQL)"
    DATA = "data", "Data-intensive applications"
    MICROSERVICES = "microservices", "Microservices"
    ML = "ml", "Machine-learning integration"
    CLOUD = "cloud", "Cloud / DevOps"


class SkillQuerySet(models.QuerySet):
    def by_category(self):
        """Skills in the order of their categories (language, framework, database…), then by name."""
        order = Case(
            *[When(category=value, then=Value(i)) for i, value in enumerate(Skill.Category.values)],
            default=Value(len(Skill.Category.values)),
        )
        return self.annotate(category_order=order).order_by("category_order", "name")


class Skill(models.Model):
    class Category(models.TextChoices):
        LANGUAGE = "language", "Language"
        FRAMEWORK = "framework", "Framework"
        DATABASE = "database", "Database"
        MESSAGING = "messaging", "Queues and streaming"
        API = "api", "APIs"
        INFRA = "infra", "Infrastructure and cloud"
        PRACTICE = "practice", "Practices and tools"
        DOMAIN = "domain", "Domains"

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    category = models.CharField(max_length=16, choices=Category)
    specialisation = models.CharField(max_length=16, choices=Specialisation, blank=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text='Other names people search for, e.g. ["postgres", "psql"].'
    )

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.Model):
    """A landing page for a role people search for, edited by staff."""

    name = models.CharField(max_length=100, help_text="e.g. Python Backend Developer")
    slug = models.SlugField(max_length=100, unique=True)
    intro = models.TextField(
        help_text="Markdown: the work, the skills that matter, how juniors and seniors fit."
    )
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=160, blank=True)
    skills = models.ManyToManyField(
        Skill, related_name="roles", help_text="Jobs with any of these skills are listed."
    )
    is_published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("listings:role_detail", kwargs={"slug": self.slug})
