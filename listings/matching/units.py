"""The facts of matching in common units: a desired salary in yearly USD, the wanted
work modes, and the salary band a desired salary falls in for a job."""

from listings.currency import CURRENCIES, yearly_usd

# A desired salary this much above the job's maximum still earns half the salary points.
SALARY_TOLERANCE = 0.15


_desired_cache = {}


def desired_yearly_usd(amount, currency):
    if amount is None:
        return None
    key = (amount, currency)
    try:
        return _desired_cache[key]
    except KeyError:
        if len(_desired_cache) > 50_000:
            _desired_cache.clear()
        value = _desired_cache[key] = yearly_usd(amount, currency, "year") if currency in CURRENCIES else None
        return value


def wanted_modes(remote, hybrid, onsite):
    """The work modes a profile's three checkboxes ask for."""
    return frozenset(
        mode for mode, wanted in (("remote", remote), ("hybrid", hybrid), ("onsite", onsite)) if wanted
    )


def salary_band(job, desired):
    """Which of the salary rule's cases a desired yearly USD falls in, for the job: seekers
    in the same band get the same salary points and words (readers memoise on it)."""
    if desired is None:
        return None
    if desired <= job.salary_min_usd:
        return 0
    if desired <= job.salary_max_usd:
        return 1
    if desired <= job.salary_max_usd * (1 + SALARY_TOLERANCE):
        return 2
    return 3
