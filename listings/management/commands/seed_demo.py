"""`manage.py seed_demo`: the command lives with the seeder for this step (listings.demo.seeder)."""

from listings.demo.seeder import Command

__all__ = ["Command"]
