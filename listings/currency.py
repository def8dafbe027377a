"""Salary currencies and a comparable yearly figure for filtering and sorting.

The rates are approximate and fixed on purpose: they only make salaries in
different currencies comparable enough for "at least N" filters and sorting;
every page shows the salary exactly as the employer stated it.
"""

from decimal import Decimal

# currency: (label, approximate USD per unit)
CURRENCIES = {
    "USD": ("US dollar", Decimal("1")),
    "EUR": ("Euro", Decimal("1.08")),
    "GBP": ("Pound sterling", Decimal("1.27")),
    "CHF": ("Swiss franc", Decimal("1.13")),
    "CAD": ("Canadian dollar", Decimal("0.73")),
    "AUD": ("Australian dollar", Decimal("0.66")),
    "PLN": ("Polish złoty", Decimal("0.25")),
    "SEK": ("Swedish krona", Decimal("0.095")),
    "NOK": ("Norwegian krone", Decimal("0.094")),
    "DKK": ("Danish krone", Decimal("0.145")),
    "CZK": ("Czech koruna", Decimal("0.043")),
    "INR": ("Indian rupee", Decimal("0.012")),
    "BRL": ("Brazilian real", Decimal("0.18")),
    "SGD": ("Singapore dollar", Decimal("0.74")),
    "JPY": ("Japanese yen", Decimal("0.0066")),
}
CURRENCY_CHOICES = [(code, f"{code} — {label}") for code, (label, _) in CURRENCIES.items()]

# Working time per year behind each pay period.
PERIOD_PER_YEAR = {"year": 1, "month": 12, "day": 220, "hour": 1760}


def yearly_usd(amount, currency, period):
    """A stated salary as an approximate yearly amount in US dollars."""
    if amount is None:
        return None
    rate = CURRENCIES[currency][1]
    return int(Decimal(amount) * rate * PERIOD_PER_YEAR[period])
