"""The synthetic demonstration county: `fullpicture demo` and `fullpicture generate-extract`.

Population: by default 220 households (about 500 children, 1,000 people) in
Oxfordshire-like places, with three years of events up to the as-of day from
14 agencies of 8 kinds (police, two NHS trusts and a GP, three schools,
children's social care and early help, adult social care, housing, probation,
a domestic abuse charity, the family court). Each agency knows people in its
own way: its own ids, NHS numbers in health, school and social care records,
UPNs in school and social care records, police records of children usually
without an NHS number. Every agency's extract is written to a folder and
imported through `ingest.services`, exactly as a real extract would be. The
same seed and as-of day give byte-identical extracts.

Stories (`stories.py`), each from a published Oxfordshire review:
a repeated injuries and toxicology (ADOL); b police domestic abuse call-outs
never referred (ADOL); c school moves then missing education (ADOL);
d start-again syndrome (ADOL); e a mother's partner known only to police
(ADOL hidden men, OSCAR); f a bruised non-mobile baby (CHILD-N);
g a child seen but not heard (OSCAR); h neglect without the neglect tool and a
sibling never assessed (CHILD-N, CHILD-R-PR); i adolescent exploitation
(CHILD-R-PR).

Labelled patterns (`labelled.py`), the truth the learning checks are measured
against: from 100 households up the demo holds one labelled household per
check LC01-LC23 (the pattern, the child, the onset day) and one near-miss
household per check (stopped at the catalogue's boundary); the labels are
written to `labels.csv` beside the extracts. `labelled_population_build` and
`generate-extract --labelled --children N` make a population of labelled,
near-miss and quiet households for the benchmark.

Modules: `synthetic` (names, identifiers, postcodes), `builder` (the
in-memory population and agencies), `households` (ordinary families),
`stories`, `labelled` (labelled patterns, near misses, quiet families),
`population` (puts them together), `services` (write and import),
`bulk` (large extracts for benchmarks and a second agency).
"""
