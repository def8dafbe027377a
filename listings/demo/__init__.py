"""Demo data (moving here from listings/management/commands/seed_demo.py)."""
