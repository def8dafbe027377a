"""Every write of listings, one module per sub-domain, each service `<entity>_<verb>`:

companies       create, edit, invite colleagues, join by invitation
jobs            the employer's writes: fields, submit, close, reopen, duplicate, extend
moderation      staff decisions (approve, reject, verify a company) and pre-screening
expiry          closing dates: expiry, the reminder and its one-click links
job_views       page views, counted in memory and written in batches
saved_searches  saved searches and their unsubscribe links
digests         the saved searches' alert emails
matching        the JobMatch rows, in step with jobs and profiles

Import from the module (`from listings.services.jobs import job_submit`): this package
re-exports nothing.
"""
