"""How well a job seeker fits a job: a score from 0 to 100 and the reasons, in words.

The score adds up six factors. Weights, out of 100:

==================  ======  ===========================================================
required skills       50    times the share of the job's required skills the seeker has
nice-to-have skills   10    times the share of its nice-to-have skills; a job listing none
                            gives these 10 points to the required skills (60 for them)
level                 12    same level 12; one level apart 6; further 0. An entry-level
                            seeker for a job open to juniors gets the full 12.
work mode             10    the job's mode is one the seeker wants (or they named none)
location              10    remote and open to residents of the seeker's country, or
                            on-site/hybrid in the seeker's country: 10; in another
                            country with relocation help: 5
salary                 8    the job's yearly maximum (in USD) reaches the desired yearly
                            salary: 8; desired up to 15% above it: 4; more: 0
==================  ======  ===========================================================

Whatever the profile leaves out (level, unless the years of experience tell it; the
country; the desired salary) earns half of that factor: unknown is neither a fit nor
a misfit, and completing the profile is what sharpens the score.

Not a match at all (score 0, whatever the rest): covering none of the job's required
skills, or being unable to take the job where it is: a remote job not open to
residents of the seeker's country, or an on-site/hybrid job in another country that
offers no relocation help, or whose work mode the seeker did not ask for (relocation
helps only someone who would work there: not a seeker who wants remote work only).

Pairs scoring below THRESHOLD are not stored (listings.services.matching): at
70, a seeker perfect on everything else still needs half of the required skills (or
two fifths with every nice-to-have). At 60, every Python developer "matched" two thirds
of the jobs asking for Python plus one framework: 65,000 rows for one job among 100,000
seekers, which nobody reads and which cost seconds to write.

Skills are taxonomy rows on both sides (profile and job), so aliases ("postgres",
"psql") are already one skill, PostgreSQL; `readers.skills_named()` resolves typed names.

`scoring` holds the score of one pair, pure Python tested without a database. The bulk
readers in `readers` (`seekers_for_job`, `jobs_for_seeker`) let SQL drop every pair that
can't reach the threshold (no required skill; location gate; too few skills for even
a perfect score on the other factors) and aggregate the skill ids each pair shares,
so Python scores only the plausible pairs, one row each.
"""
