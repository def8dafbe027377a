"""The skills of the Python backend field, with the aliases people search for."""

from django.db import migrations

# name, slug, category, specialisation, aliases
SKILLS = [
    ("Python", "python", "language", "", ["python3", "py"]),
    ("Django", "django", "framework", "", ["django orm"]),
    ("Django REST framework", "django-rest-framework", "framework", "apis", ["drf", "django rest"]),
    ("Flask", "flask", "framework", "", []),
    ("FastAPI", "fastapi", "framework", "apis", ["fast api"]),
    ("asyncio", "asyncio", "language", "", ["async", "async python", "aiohttp"]),
    ("SQLAlchemy", "sqlalchemy", "framework", "", ["sqla", "alembic"]),
    ("Pydantic", "pydantic", "framework", "", []),
    ("PostgreSQL", "postgresql", "database", "data", ["postgres", "psql", "pg"]),
    ("MySQL", "mysql", "database", "data", ["mariadb"]),
    ("SQLite", "sqlite", "database", "", []),
    ("SQL", "sql", "database", "data", []),
    ("Redis", "redis", "database", "", ["valkey"]),
    ("MongoDB", "mongodb", "database", "data", ["mongo"]),
    ("Elasticsearch", "elasticsearch", "database", "data", ["elastic", "opensearch"]),
    ("Cassandra", "cassandra", "database", "data", ["scylladb"]),
    ("DynamoDB", "dynamodb", "database", "data", ["dynamo"]),
    ("Celery", "celery", "messaging", "", []),
    ("RabbitMQ", "rabbitmq", "messaging", "microservices", ["amqp", "rabbit"]),
    ("Kafka", "kafka", "messaging", "data", ["apache kafka"]),
    ("REST APIs", "rest", "api", "apis", ["rest", "restful", "rest api", "openapi"]),
    ("GraphQL", "graphql", "api", "apis", ["graphene", "strawberry"]),
    ("gRPC", "grpc", "api", "microservices", ["protobuf", "protocol buffers"]),
    ("WebSockets", "websockets", "api", "apis", ["websocket", "django channels"]),
    ("Docker", "docker", "infra", "cloud", ["containers"]),
    ("Kubernetes", "kubernetes", "infra", "cloud", ["k8s", "helm"]),
    ("AWS", "aws", "infra", "cloud", ["amazon web services", "lambda", "ec2", "s3"]),
    ("GCP", "gcp", "infra", "cloud", ["google cloud", "google cloud platform"]),
    ("Azure", "azure", "infra", "cloud", ["microsoft azure"]),
    ("Terraform", "terraform", "infra", "cloud", ["iac", "infrastructure as code"]),
    ("Linux", "linux", "infra", "", ["unix", "bash"]),
    ("CI/CD", "ci-cd", "practice", "cloud", ["ci", "cd", "github actions", "gitlab ci", "jenkins"]),
    ("pytest", "pytest", "practice", "", ["testing", "unit tests", "tdd"]),
    ("Git", "git", "practice", "", ["github", "gitlab"]),
    ("Security and auth", "security", "practice", "", ["security", "auth", "oauth", "oauth2", "jwt", "owasp"]),
    ("System design", "system-design", "practice", "", ["architecture", "distributed systems"]),
    ("Observability", "observability", "practice", "cloud", ["monitoring", "prometheus", "opentelemetry", "sentry"]),
    ("Microservices", "microservices", "domain", "microservices", ["microservice", "service oriented", "soa"]),
    ("Data engineering", "data-engineering", "domain", "data", ["etl", "data pipelines", "airflow", "spark"]),
    ("Pandas", "pandas", "domain", "data", ["numpy"]),
    ("ML integration", "ml-integration", "domain", "ml", ["machine learning", "ml", "mlops", "llm", "ai"]),
    ("Caching", "caching", "practice", "", ["cache", "memcached", "cdn"]),
]


def load_skills(apps, schema_editor):
    Skill = apps.get_model("listings", "Skill")
    for name, slug, category, specialisation, aliases in SKILLS:
        Skill.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "category": category, "specialisation": specialisation, "aliases": aliases},
        )


def unload_skills(apps, schema_editor):
    apps.get_model("listings", "Skill").objects.filter(slug__in=[s[1] for s in SKILLS]).delete()


class Migration(migrations.Migration):
    dependencies = [("listings", "0002_postgres_search")]

    operations = [migrations.RunPython(load_skills, unload_skills)]
