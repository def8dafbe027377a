"""Forms of the listings pages: the employer's (company, invitations, the job form) and
saved searches'. The search form itself is the FilterSet in listings.search.filters."""
