"""Nicknames and short forms of given names that agencies record in place of the full name.

Each short form maps to the full names it stands for (one short form may stand
for several: Alex is Alexander or Alexandra). The linkage model treats two
given names as agreeing "by nickname" when their sets of full names meet.
"""

from __future__ import annotations

FULL_NAME_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "william": ("will", "bill", "billy", "liam", "willy"),
    "robert": ("rob", "bob", "bobby", "robbie", "bert"),
    "richard": ("rich", "dick", "richie", "rick", "ricky"),
    "michael": ("mike", "mick", "mikey", "mickey"),
    "christopher": ("chris", "kit"),
    "anthony": ("tony", "ant"),
    "joseph": ("joe", "joey"),
    "edward": ("ed", "eddie", "ted", "teddy", "ned"),
    "benjamin": ("ben", "benji", "benny"),
    "samuel": ("sam", "sammy"),
    "alexander": ("alex", "xander", "sandy", "al"),
    "nicholas": ("nick", "nicky"),
    "jonathan": ("jon", "jonny", "johnny"),
    "timothy": ("tim", "timmy"),
    "patrick": ("pat", "paddy"),
    "peter": ("pete",),
    "david": ("dave", "davey", "davy"),
    "john": ("johnny", "jack", "jon"),
    "james": ("jim", "jimmy", "jamie", "jimbo"),
    "thomas": ("tom", "tommy"),
    "daniel": ("dan", "danny"),
    "matthew": ("matt", "matty"),
    "andrew": ("andy", "drew"),
    "stephen": ("steve", "stevie", "steven"),
    "steven": ("steve", "stevie", "stephen"),
    "frederick": ("fred", "freddie", "freddy"),
    "henry": ("harry", "hal", "hank"),
    "harrison": ("harry",),
    "zachary": ("zach", "zack"),
    "joshua": ("josh",),
    "nathan": ("nate", "nat"),
    "nathaniel": ("nate", "nat"),
    "oliver": ("ollie", "olly"),
    "charles": ("charlie", "chas", "chuck"),
    "alfred": ("alfie", "alf"),
    "archibald": ("archie",),
    "theodore": ("theo", "ted"),
    "kenneth": ("ken", "kenny"),
    "lewis": ("lew",),
    "callum": ("cal",),
    "muhammad": ("mohammed", "mohammad", "mohamed"),
    "elizabeth": ("liz", "lizzie", "beth", "betty", "eliza", "libby"),
    "katherine": ("kate", "katie", "kathy", "kat", "kath"),
    "catherine": ("cathy", "cat", "kate", "katie"),
    "margaret": ("maggie", "peggy", "meg", "maisie"),
    "jennifer": ("jen", "jenny"),
    "victoria": ("vicky", "tori", "vicki"),
    "abigail": ("abi", "abby", "abbie"),
    "alexandra": ("alex", "lexi", "sandra"),
    "samantha": ("sam", "sammy"),
    "jessica": ("jess", "jessie"),
    "rebecca": ("becky", "becca"),
    "deborah": ("debbie", "deb", "debra"),
    "patricia": ("trish", "pat", "patty"),
    "susan": ("sue", "suzy", "susie"),
    "eleanor": ("ellie", "nell", "elle"),
    "isabella": ("bella", "izzy", "isabel"),
    "isabelle": ("bella", "izzy", "isabel"),
    "charlotte": ("lottie", "charlie", "lotte"),
    "amelia": ("millie", "amy"),
    "emily": ("em", "emmy"),
    "florence": ("flo", "florrie"),
    "harriet": ("hattie", "harry"),
    "natalie": ("nat",),
    "nicola": ("nicky", "nikki"),
    "sophia": ("sophie",),
    "sophie": ("sophia",),
    "olivia": ("liv", "livvy"),
    "gemma": ("gem",),
    "danielle": ("dani",),
    "michelle": ("shell", "shelley"),
    "josephine": ("jo", "josie"),
    "joanne": ("jo",),
    "kimberley": ("kim",),
    "stephanie": ("steph",),
    "jacqueline": ("jackie",),
}


def full_names_of(given: str) -> tuple[str, ...]:
    """The full names a (lower-case) given name may stand for, itself included."""
    found = [given]
    for full, shorts in FULL_NAME_SHORT_FORMS.items():
        if given in shorts and full not in found:
            found.append(full)
    return tuple(found)


def nickname_rows() -> list[tuple[str, str]]:
    """(short form, full name) rows, for a join in SQL."""
    return sorted(
        {(short, full) for full, shorts in FULL_NAME_SHORT_FORMS.items() for short in shorts}
    )
