"""A synthetic news corpus for benchmarks: N articles about several events, from many outlets.

    python benchmarks/corpus.py OUT_DIR --n 1000 [--seed 0] [--check]

Writes ``N`` ``.txt`` articles and a ``sources.csv`` (``file,outlet,country,url,published``,
dates as YYYY-MM-DD) into ``OUT_DIR``. Nothing comes from ``seeds/`` or any real article:
the templates and word lists below are written for this file, with general first and last
names, real country names, invented towns and invented outlets ("The Daily <Word>").

- Deterministic for a seed (one ``random.Random``; no hashing of strings, no clock).
- Events: about N/20 by default, each with its own country, town, places, organisations,
  people (name, title, gender), key figures (a casualty or headcount, a sum of money) and
  start date; one of ten kinds (floods, an earthquake, a strike, a diplomatic row, an
  election, a factory fire, a trade deal, a train crash, a heatwave, a cyber attack), each
  kind with its own vocabulary, leads and headlines. About a fifth of the articles report a
  key figure that differs from the other outlets' figure.
- Outlets: about 2·sqrt(N) by default, each with a country, a web address under ``.example``,
  a date style, its reporters and a habit of page junk.
- Articles: 15-40 body sentences in paragraphs of one to three, from templates filled with the
  event's people ("Anna Berg, the foreign minister"), titles, organisations, places, numbers
  with units ("12 people", "$3.5 billion", "5 1/2 hours"), dates, quotes with attribution
  ("“...,” she said.") and reported speech ("X said that ..."). Some articles carry page junk
  around the body: a navigation line ("Home | World | Sport"), sharing lines, a date stamp, a
  byline ("By Jane Smith"), "Read more: <headline>", "Advertisement", a related-stories list
  and a copyright footer.
- Copies: ``wire_share`` of the articles are an earlier article of the same event republished
  by another outlet nearly verbatim (same paragraphs, sometimes without the last one, with the
  new outlet's own page junk); ``near_copy_share`` are copies with one to three sentences
  changed (a number or a word).

Distinctness: every body sentence is unique across the corpus except the deliberate copies
(wire copies, and the unchanged sentences of near copies). Generation keeps a set of every
sentence written and re-draws one already in it; at the end it counts the sentences that
occur in two articles which are not copies of one another and asserts the count is 0
(``--check`` repeats the count on the sentences as sentencex splits the bodies).
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

# --- word lists (general names and words, written for this generator) -------------------

FEMALE_FIRST = """Anna Maria Elena Sofia Laura Clara Hannah Julia Nadia Leila Amira Mei Yuki Priya Aisha Fatima
Ingrid Astrid Helena Irene Marta Olga Katarina Zofia Lucia Rosa Carmen Beatriz Grace Emily Sarah Rachel Ruth
Naomi Esther Chloe Amelie Margot Ines Noor Dina Samira Yasmin Keiko Hana Lin Teresa Veronica Daniela Paula
Alice Jane Claire Fiona Greta Freya Mira Tamar Adaeze Ngozi Amara Zainab Thandiwe Elif Selin Marisol""".split()
MALE_FIRST = """David Daniel Michael Thomas Peter Paul Mark James John Robert Ivan Sergei Andrei Pavel Tomas Jan
Lukas Matteo Marco Luca Pablo Diego Carlos Javier Rafael Omar Karim Yusuf Hassan Ali Tariq Rahul Arjun Vikram
Kenji Hiroshi Wei Jun Kwame Kofi Tunde Emeka Samuel Joseph Henrik Lars Erik Olaf Stefan Felix Hugo Louis Pierre
Antoine George Edward Owen Rhys Liam Sean Niko Emre Mehmet Bruno Anton""".split()
LAST = """Berg Novak Lindqvist Moreau Rossi Ferreira Kowalski Horvat Petrov Ivanova Demir Yilmaz Haddad Mansour
Okafor Mensah Adeyemi Banda Mwangi Otieno Sato Tanaka Nakamura Chen Wang Liu Nguyen Tran Sharma Patel Rao Iyer
Khan Rahman Hussein Farah Costa Silva Santos Almeida Garcia Lopez Martinez Herrera Castillo Romero Vargas Ortega
Fischer Weber Schulz Becker Hoffmann Keller Brandt Larsen Nielsen Hansen Jensen Virtanen Korhonen Laine Nowak
Wojcik Dvorak Szabo Toth Popescu Ionescu Dimitrov Georgiou Papadakis Murphy Kelly Walsh Byrne Evans Hughes Price
Morgan Carter Bennett Foster Hayes Palmer Reed Sutton Wallace Barker Fleming Holt Marsh Quinn Rowe Sinclair
Thorne Vance Whitaker Abbott Mendes Duarte Salo Aaltonen Karimi Tehrani Osei Boateng Ndlovu Dlamini Kaya Aydin
Arslan Celik Ozturk Lund Strand Dahl Vidal Navarro Serrano Blanco Molina Ruiz Marino Greco Conti Ricci Bruno""".split()
COUNTRIES = """Norway Portugal Chile Kenya Ghana Peru Canada Brazil Poland Austria Greece Turkey Egypt Morocco
Tunisia Jordan India Nepal Japan Vietnam Thailand Indonesia Malaysia Australia Argentina Colombia Mexico Spain
Italy France Germany Sweden Finland Denmark Ireland Romania Hungary Serbia Croatia Georgia Armenia Kazakhstan
Mongolia Nigeria Senegal Ethiopia Tanzania Uganda Zambia Namibia Bolivia Ecuador Uruguay Paraguay Iceland
Estonia Latvia Lithuania Slovenia Bulgaria""".split()
_TOWN_HEAD = """Ash Bel Cor Dun El Fen Gal Har Kel Lan Mar Nor Or Pel Ros Sal Tor Val Wes Zar Bram Cal Dor Gren
Hal Kes Lor Mor Pen Quen Ral Sten Tam Ul Vor Wil Yar Bren Cas Drav Kar Mir Dra Sol Ber Vos Lud Pra Zel Ost""".split()
_TOWN_TAIL = """ford mouth ton ridge vale bury wick haven stead mere holm port field ley gate dale brook cliff by
thorpe ovo ava ingen ach etti ara isk ano ev ora enz itz una oria""".split()
OUTLET_WORDS = """Harbour Lantern Meridian Courier Beacon Ledger Sentinel Chronicle Compass Gazette Observer Record
Bulletin Dispatch Mirror Tribune Herald Examiner Monitor Star Globe Pilot Signal Anchor Bridge Crown Falcon
Harvest Horizon Journal Kestrel Lighthouse Meadow Northstar Orchard Pioneer Quarry Rampart Summit Thistle Upland
Vanguard Wayfarer Yeoman Zenith Ember Fountain Granite Heron Ivy Juniper Keel Lark Mariner Nettle Oak Pennant
Quill River Sparrow Tide Valley Willow Acorn Badger Cedar Dove Estuary Fjord Glen Hawk Inlet Jetty Kite Loom
Mill Otter Pine Reed Stone Thorn Wren Clarion Outlook Messenger Telegraph Express Standard Sun Voice""".split()
_OUTLET_PATTERNS = (
    ("The Daily {w}", 6),
    ("The {w} Times", 1),
    ("The Evening {w}", 1),
    ("The {w} Post", 1),
    ("The Morning {w}", 1),
    ("{w} Weekly", 1),
    ("The {t} {w}", 2),
)
SECTIONS = """Home World Politics Business Sport Culture Opinion Science Health Travel Technology Climate Local
Video Money Lifestyle Weather""".split()
_MONTHS = """January February March April May June July August September October November December""".split()
_WEEKDAYS = """Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
_ORDINALS = """second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth""".split()
_MINISTRIES = """Foreign Affairs|Interior|Health|Transport|Finance|Energy|Defence|Agriculture|Justice|Education|Labour
|Environment|Trade""".replace("\n", "").split("|")
_AGENCIES = """Emergency|Weather|Rail|Water|Aviation|Statistics|Cyber Security|Road Safety|Disaster Relief|Food Safety
""".replace("\n", "").split("|")
_CITY_BODIES = """City Council|Port Authority|Chamber of Commerce|General Hospital|Transport Agency|Police Department
|Fire Service|Water Board|Teachers' Union|Residents' Association""".replace("\n", "").split("|")
_INSTITUTE_WORDS = """Aurora Meridian Granite Northgate Civic Keystone Larch Harbourside Crescent Evergreen""".split()
_UNIONS = """Transport Workers|Journalists|Farmers|Nurses|Dock Workers|Teachers|Miners|Pilots""".split("|")

# Titles: (title written before a name or "", appositive after a name). {SPOKES} becomes
# spokeswoman or spokesman; the other slots are filled once per person from the event.
TITLES = (
    ("Foreign Minister", "the foreign minister"),
    ("Interior Minister", "the interior minister"),
    ("Prime Minister", "the prime minister"),
    ("Finance Minister", "the finance minister"),
    ("Health Minister", "the health minister"),
    ("Deputy Foreign Minister", "the deputy foreign minister"),
    ("Mayor", "the mayor of {CITY}"),
    ("Governor", "the governor of {TOWN} province"),
    ("", "a {SPOKES} for the ministry"),
    ("", "a {SPOKES} for {ORG}"),
    ("", "the chief {SPOKES} for the government"),
    ("Police Chief", "the head of the {CITY} police"),
    ("", "a senior official at {ORG}"),
    ("", "a resident of {PLACE}"),
    ("", "a shopkeeper in {PLACE}"),
    ("Professor", "a professor of economics at the University of {CITY}"),
    ("", "the director of {ORG}"),
    ("", "an analyst at the {INST} Institute"),
    ("Ambassador", "the ambassador to {COUNTRY2}"),
    ("", "a union leader in {CITY}"),
    ("General", "the army chief of staff"),
    ("", "a doctor at {CITY} General Hospital"),
    ("", "a volunteer with the Red Cross in {PLACE}"),
    ("Senator", "a senator from {PLACE}"),
    ("Judge", "the judge leading the inquiry"),
    ("", "the chair of the parliamentary committee on {MINISTRY}"),
    ("", "a lawyer representing families in {PLACE}"),
)

# --- templates --------------------------------------------------------------------------
# Slots: person P (PN name, PA "name, appositive", PT "Title Name", PL last name, MSP "Ms Berg",
# PR/PRC she/She, PP her), a second person Q (QN QA QT QL QR) and a third RN; ORG ORG2 (quotes and
# clauses use ORG3 ORG4, so they never repeat the sentence's own); CITY PLACE PLACE2
# COUNTRY COUNTRY2; WHEN DAY DATE MONTH YEAR; EV (the event); THING ACTION ACTION2 (the kind's
# words); numbers NPEOPLE MONEY DUR PCT DIST NTHING NUMBIG HEIGHT MAG TEMP SPEED ORDINAL; the
# event's figures FACT FNUM FMONEY; QUOTE QUOTE2 (first person), CLAUSE (reported), FRAG, SAYS.

GENERAL = (
    "{PA}, said {WHEN} that {CLAUSE}.",
    "{PN} {SAYS} that {CLAUSE}.",
    "{PT} said {WHEN} that {CLAUSE}.",
    "In a statement released {WHEN}, {ORG} said {CLAUSE}.",
    "According to {ORG}, {CLAUSE}.",
    "{MSP} added that {CLAUSE}.",
    "“{QUOTE},” {PA}, told reporters in {CITY}.",
    "“{QUOTE},” said {PA}.",
    "“{QUOTE},” {PT} said {WHEN}.",
    "“{QUOTE},” {PN} wrote on social media {WHEN}.",
    "{PN} said: “{QUOTE}.”",
    "Speaking in {PLACE} {WHEN}, {PA}, said: “{QUOTE}.”",
    "“{QUOTE}, and {QUOTE2},” {MSP} said.",
    "The government has set aside {MONEY} to deal with the consequences of {EV}.",
    "{ORG} estimated the cost at {MONEY}, about {PCT} more than its first figure.",
    "Talks between {ORG} and {ORG2} lasted {DUR} {WHEN} and ended without an agreement.",
    "A meeting between {PN} and {QN} in {CITY} lasted {DUR}, officials said.",
    "{QA}, disputed that account and said {CLAUSE}.",
    "Critics, including {QA}, said {CLAUSE}.",
    "{NPEOPLE} gathered outside the offices of {ORG} in {CITY} {WHEN} to demand answers.",
    "Police said the crowd in {PLACE} numbered about {NUMBIG}.",
    "The last comparable case, in {YEAR}, cost {COUNTRY} about {MONEY}.",
    "{COUNTRY} has faced similar problems since {YEAR}, when {ORG} first warned about {THING}.",
    "Opposition politicians in {COUNTRY} called for an inquiry into the handling of {EV} by {ORG}.",
    "{PN} is expected to travel to {CITY} on {DAY} to meet {QA}.",
    "Local media in {PLACE} reported that {NTHING} had been affected.",
    "{ORG} said it would publish a full report on {EV} by the end of {MONTH}.",
    "A poll by {ORG} found that {PCT} of respondents blamed the government for {EV}.",
    "Markets in {COUNTRY} fell by {PCT} {WHEN} as investors reacted to news of {EV}.",
    "{PA}, is due to brief parliament on {EV} on {DAY}.",
    "Neither {ORG} nor {ORG2} responded to requests for comment {WHEN}.",
    "It was not immediately clear how many {THING} had been affected in {PLACE}, {ORG} said.",
    "The figures from {ORG} for {PLACE} could not be independently verified.",
    "{PN}, who has led {ORG} since {YEAR}, said {CLAUSE}.",
    "In {PLACE}, {NPEOPLE} waited {DUR} for news, residents said.",
    "{ORG} has asked for {MONEY} in emergency funding from {ORG2}.",
    "The argument over {THING} in {PLACE} has dragged on for {DUR}.",
    "{ORG} said {NTHING} would be checked before the end of {MONTH}.",
    "By {DAY} evening, {ORG} had received more than {NUMBIG} complaints.",
    "{PN} and {QN} are expected to meet again in {CITY} within {DUR}.",
    "The {DIST} road between {PLACE} and {PLACE2} remained closed {WHEN}.",
    "{MSP} declined to say whether {CLAUSE}.",
    "Asked whether {CLAUSE}, {MSP} said the decision was a matter for {ORG}.",
    "Earlier, {QA}, had said {CLAUSE}.",
    "{ORG2} welcomed the decision and said it would send {NPEOPLE} to {PLACE}.",
    "The announcement came {DUR} after {QN} warned that {CLAUSE}.",
    "Figures from {ORG} show that {NTHING} were recorded in {PLACE} alone.",
    "{ORG} put the total cost at {MONEY} and said the work would take at least {DUR}.",
    "Residents of {PLACE} said they had been given only {DUR} of warning.",
    "The last time {COUNTRY} faced a crisis on this scale, in {YEAR}, {ORG} needed {DUR} to respond.",
    "{PN} said the response to {EV} had been “{FRAG}”.",
    "{QT} called the handling of {EV} “{FRAG}” and said {CLAUSE}.",
    "Officials in {CITY} said {FACT} {WHEN}.",
    "{FACT}, according to {ORG}, which gave no figure for {PLACE}.",
    "{ORG} later revised its figures, saying {FACT}.",
    "The number of {THING} affected rose to {NUMBIG} by {DAY} evening, {ORG} said.",
    "More than {PCT} of {THING} in {PLACE} were affected, {ORG} said on {DAY}.",
    "{PA}, visited {PLACE} {WHEN} and spent {DUR} there.",
    "{ORG} and {ORG2} agreed {WHEN} to {ACTION} and to share the cost of {MONEY}.",
    "Plans to {ACTION} were first announced on {DATE}, {ORG} said.",
    "The plan to {ACTION} will cost {MONEY} over {DUR}, according to {ORG}.",
    "{QN} said a decision to {ACTION} would be taken by {DAY}.",
    "{ORG} has {NPEOPLE} working on plans to {ACTION}.",
    "A report by {ORG} published on {DATE} said {CLAUSE}.",
    "{PL} has faced growing pressure since {DATE} to {ACTION}.",
    "Many in {PLACE} remain sceptical: {PCT} told a survey by {ORG} that they expected little to change.",
    "{ORG} said {DUR} had passed before anyone in {PLACE} was told about {EV}.",
    "The {ORDINAL} meeting on {EV} in {CITY} was planned for {DAY} and lasted {DUR}.",
    "{ORG2} said its teams had worked for {DUR} in {PLACE} without a break.",
    "Ministers from {COUNTRY} and {COUNTRY2} discussed {EV} by telephone {WHEN}.",
)
MULTI = (
    ("{PA}, spoke to reporters in {CITY} {WHEN}.", "“{QUOTE},” {PR} said."),
    ("{QA}, was more cautious.", "“{QUOTE},” {QR} said, adding that {CLAUSE}."),
    ("{ORG} called an emergency meeting in {CITY} for {DAY}.", "{PN} said the meeting would last about {DUR}."),
    ("{MSP} did not say how the {MONEY} would be spent.", "{PRC} said details would follow by the end of {MONTH}."),
    ("{PA}, arrived in {PLACE} {WHEN}.", "{PRC} met local officials and promised to {ACTION}."),
    ("{QT} rejected the criticism.", "“{QUOTE},” {QR} told the {OUTLET}."),
)
QUOTES = (
    "we will {ACTION} as quickly as we can",
    "nobody in {PLACE} expected anything like this",
    "we need at least {MONEY} to {ACTION}",
    "I have spoken to {RN} and we agree that we must {ACTION}",
    "this is a difficult day for {CITY} and for the whole of {COUNTRY}",
    "our teams have been working for {DUR} without a break",
    "we have asked {ORG3} for help, and we expect an answer by {DAY}",
    "there is no question of giving up on the {THING} of {PLACE}",
    "we were told to wait {DUR}, and nobody came",
    "the people of {PLACE} deserve the truth about {EV}",
    "I want to thank the {NUMBIG} volunteers who came to {PLACE}",
    "it will take {DUR} before we know the full cost of {EV}",
    "we warned about the {THING} in {YEAR} and nothing was done",
    "my family has lived in {PLACE} since {YEAR}, and we have never seen this",
    "we are ready to {ACTION} if {ORG3} does the same",
    "the government has failed to {ACTION}, and everyone knows it",
    "we lost {NTHING} in a single week",
    "I cannot say more until {ORG3} has finished its work in {PLACE}",
    "what happened in {PLACE} must never happen again",
    "our priority now is to {ACTION}",
    "we have {DUR} to {ACTION}, and not a day more",
    "the {MONEY} promised by {ORG3} is not enough",
    "every one of the {NTHING} will be checked",
    "{ORG3} has our full support in {PLACE}",
    "I met {RN} on {DAY} and we spoke for {DUR}",
    "we are not going to accept the decision taken by {ORG3}",
    "I have asked {ORG3} to {ACTION} without delay",
    "we will not let {EV} divide {COUNTRY}",
    "the next {DUR} will decide what happens to {PLACE}",
    "nobody from {ORG3} has come to {PLACE} to explain anything",
    "{PCT} of what was promised to {PLACE} has not arrived",
)
CLAUSES = (
    "the government would {ACTION} within {DUR}",
    "{NPEOPLE} had been affected in {PLACE} alone",
    "{ORG3} had been warned about the {THING} in {YEAR}",
    "talks with {ORG4} would resume on {DAY}",
    "about {MONEY} had already been set aside to {ACTION}",
    "the figures published by {ORG3} for {PLACE} were too low",
    "{PCT} of the {THING} in {PLACE} had been checked",
    "there was no evidence that {ORG3} had acted too late in {PLACE}",
    "{COUNTRY} was ready to {ACTION} if {COUNTRY2} did the same",
    "the decision to {ACTION} had been taken on {DAY}",
    "{RN} had been told about the problem {DUR} earlier",
    "{FACT} in and around {PLACE}",
    "more than {NUMBIG} complaints had reached {ORG3} by {DAY}",
    "it could take {DUR} to {ACTION}",
    "{ORG3} would need another {MONEY} before the end of {MONTH}",
    "the {DIST} route between {CITY} and {PLACE} would stay closed",
    "nobody at {ORG3} had been asked to resign over {EV}",
    "{ORG4} had offered to send {NPEOPLE} to {PLACE}",
    "the plan to {ACTION} was the only option left to {ORG3}",
    "the cost of {EV} had risen by {PCT} since {DATE}",
    "the {THING} in {PLACE} would be the first priority for {ORG3}",
    "{RN} had not been consulted before {DAY}",
    "{ORG3} would {ACTION} once {ORG4} had finished its checks",
)
FRAGS = (
    "slow and badly organised",
    "better than anyone expected",
    "a failure of planning at every level",
    "brave and well coordinated",
    "too little and far too late",
    "chaotic in the first hours",
    "a model for the rest of the region",
    "a disgrace for the whole country",
    "careful but painfully slow",
    "the best that could be done in the circumstances",
    "confused from start to finish",
    "an insult to the families",
)
SAYS = (
    "said",
    "told reporters",
    "said in a statement",
    "told parliament",
    "insisted",
    "warned",
    "confirmed",
    "told a news conference in {CITY}",
    "said on {DAY}",
    "told the {OUTLET}",
)
GENERIC_HEADS = (
    "{PL} vows to {ACTION}",
    "What we know about {EV} in {CITY}",
    "{ORG} under pressure over {EV}",
    "{CITY} waits for answers after {EV}",
    "{COUNTRY}: the cost of {EV} reaches {MONEY}",
)


@dataclass(frozen=True)
class Kind:
    """One kind of event: its words, figures, leads, headlines and own sentences."""

    name: str
    ev: tuple[str, ...]
    things: tuple[str, ...]
    actions: tuple[str, ...]
    fact_noun: str
    fact_verb: str
    fact_range: tuple[int, int]
    ledes: tuple[str, ...]
    heads: tuple[str, ...]
    extra: tuple[str, ...]


KINDS = (
    Kind(
        "flood",
        ("the floods", "the flooding", "the flash floods"),
        ("homes", "bridges", "roads", "schools", "farms", "shops", "power lines", "water pumps"),
        (
            "repair the damaged bridges",
            "reopen the schools in {PLACE}",
            "clear the main roads",
            "restore drinking water",
            "compensate the farmers",
            "rebuild the river defences",
            "pump water out of the centre of {CITY}",
            "rehouse the displaced families",
        ),
        "people",
        "were killed",
        (5, 300),
        (
            "{FACT} when heavy rain caused flooding across {PLACE} {WHEN}, officials in {CITY} said.",
            "Floodwaters swept through {PLACE} and parts of {CITY} {WHEN}, and {FACT}, according to {ORG}.",
            "Rescue teams in {COUNTRY} searched for survivors {WHEN} after floods that {ORG} said had left {NPEOPLE} without shelter.",
        ),
        (
            "Floods in {CITY}: {FNUM} dead",
            "{CITY} floods leave {NPEOPLE} homeless",
            "Rain keeps falling as {PLACE} counts the cost",
        ),
        (
            "Water levels in the river at {PLACE} rose by {HEIGHT} in {DUR}.",
            "Some streets in {PLACE} were under {HEIGHT} of water {WHEN}.",
            "Forecasters at {ORG} expect more rain over {CITY} in the next {DUR}.",
            "More than {NTHING} were damaged, {ORG} said after a survey of {PLACE}.",
        ),
    ),
    Kind(
        "earthquake",
        ("the earthquake", "the quake", "the tremor"),
        ("buildings", "homes", "hospitals", "schools", "apartment blocks", "roads", "water mains"),
        (
            "search the collapsed buildings",
            "house the displaced families",
            "inspect every school in {PLACE}",
            "reopen the main hospital",
            "bring in heavy lifting equipment",
            "clear the rubble from the centre of {CITY}",
            "test the buildings that are still standing",
        ),
        "people",
        "died",
        (10, 2000),
        (
            "An earthquake of magnitude {MAG} struck near {CITY} {WHEN}, and {ORG} said {FACT}.",
            "{FACT} after a magnitude {MAG} earthquake hit {PLACE} {WHEN}, according to {ORG}.",
        ),
        (
            "Quake near {CITY} kills {FNUM}",
            "Rescuers dig through the night in {PLACE}",
            "Magnitude {MAG} tremor shakes {COUNTRY}",
        ),
        (
            "Aftershocks of up to magnitude {MAG} were felt in {PLACE} for {DUR}.",
            "Rescuers pulled {NPEOPLE} alive from the rubble in {PLACE}, {ORG} said.",
            "{NTHING} were badly damaged in {PLACE}, according to a first survey by {ORG}.",
            "The epicentre was {DIST} from {CITY} at a depth of {HEIGHT}, {ORG} said.",
        ),
    ),
    Kind(
        "strike",
        ("the strike", "the walkout", "the industrial action"),
        ("trains", "buses", "flights", "ferries", "hospital shifts", "deliveries", "night services"),
        (
            "return to the negotiating table",
            "raise wages by {PCT}",
            "restore the night services",
            "end the walkout",
            "agree a new contract with the unions",
            "cancel the planned job cuts",
            "pay the overtime owed to staff",
        ),
        "workers",
        "walked out",
        (200, 60000),
        (
            "{FACT} {WHEN}, and {NTHING} were cancelled across {COUNTRY}, {ORG} said.",
            "A strike by transport workers in {COUNTRY} entered its {ORDINAL} day {WHEN}, with {NTHING} cancelled in {CITY} alone.",
        ),
        ("Strike halts {THING} across {COUNTRY}", "{FNUM} workers walk out in {CITY}", "No end in sight to {EV}"),
        (
            "Union leaders are asking for a pay rise of {PCT} over {DUR}.",
            "{ORG} said the strike was costing the economy about {MONEY} a day.",
            "Commuters in {CITY} faced delays of up to {DUR} {WHEN}.",
            "Picket lines formed outside {NTHING} in {PLACE} before dawn on {DAY}.",
        ),
    ),
    Kind(
        "diplomatic",
        ("the diplomatic row", "the dispute between the two countries", "the expulsions"),
        (
            "diplomats",
            "embassy staff",
            "visas",
            "direct flights",
            "embassy bank accounts",
            "consulates",
            "diplomatic buildings",
        ),
        (
            "restore direct flights",
            "return the seized embassy buildings",
            "reopen the consulate in {CITY}",
            "unfreeze the embassy's bank accounts",
            "allow more staff at the embassy",
            "resume visa services",
            "hand back the diplomatic property",
        ),
        "diplomats",
        "were expelled",
        (2, 60),
        (
            "{COUNTRY} expelled {FNUM} diplomats from {COUNTRY2} {WHEN}, deepening {EV}, {ORG} said.",
            "{COUNTRY} and {COUNTRY2} held talks in {CITY} {WHEN} on embassy staffing, property and flights, after months in which {FACT}.",
        ),
        (
            "{COUNTRY} expels {FNUM} diplomats",
            "Talks in {CITY} fail to end {EV}",
            "{COUNTRY} and {COUNTRY2} meet over embassies",
        ),
        (
            "The embassy in {CITY} has been working with {PCT} fewer staff since {DATE}.",
            "Direct flights between {CITY} and the capital of {COUNTRY2} were suspended {DUR} ago.",
            "{ORG} said the embassy's bank accounts had been frozen since {YEAR}, leaving it unable to pay {NPEOPLE}.",
            "The two sides disagree over the ownership of {NTHING} in {CITY}.",
        ),
    ),
    Kind(
        "election",
        ("the election", "the vote", "the presidential election"),
        ("polling stations", "ballots", "seats", "votes", "constituencies", "voting machines"),
        (
            "recount the ballots in {PLACE}",
            "form a coalition government",
            "publish the final results",
            "investigate the complaints of fraud",
            "hold a second round",
            "certify the results from {PLACE}",
        ),
        "voters",
        "cast their ballots",
        (100000, 9000000),
        (
            "Voters in {COUNTRY} went to the polls {WHEN}, and {ORG} said turnout had reached {PCT}.",
            "{PN} claimed victory in {EV} {WHEN} after {ORG} said {FACT}.",
        ),
        (
            "{COUNTRY} votes: {PL} claims victory",
            "Turnout of {PCT} in {COUNTRY} election",
            "Recount ordered in {PLACE}",
        ),
        (
            "Turnout in {PLACE} was {PCT}, {ORG} said.",
            "{ORG} received {NUMBIG} complaints about the {THING} in {PLACE}.",
            "Counting in {CITY} was delayed by {DUR} after a power cut at {NTHING}.",
            "{PL} won {PCT} of the vote in {PLACE}, according to early results from {ORG}.",
        ),
    ),
    Kind(
        "fire",
        ("the fire", "the blaze", "the factory fire"),
        ("workers", "fire engines", "warehouses", "tonnes of chemicals", "nearby homes", "production lines"),
        (
            "inspect every factory in {PLACE}",
            "pay compensation to the families",
            "publish the safety report",
            "close the plant until the inquiry is over",
            "test the air quality around {PLACE}",
        ),
        "workers",
        "were injured",
        (5, 200),
        (
            "A fire tore through a factory in {PLACE} near {CITY} {WHEN}, and {FACT}, {ORG} said.",
            "{FACT} when a blaze broke out at a chemical plant in {PLACE} {WHEN}, according to {ORG}.",
        ),
        (
            "Factory fire in {PLACE} injures {FNUM}",
            "Smoke over {CITY} after chemical plant blaze",
            "Who checked the plant in {PLACE}?",
        ),
        (
            "Firefighters needed {DUR} to bring the blaze under control.",
            "Smoke from the fire could be seen {DIST} away, residents of {PLACE} said.",
            "{ORG} said {NTHING} had been stored at the site.",
            "The plant in {PLACE} employed {NPEOPLE} and was last inspected in {YEAR}.",
        ),
    ),
    Kind(
        "trade",
        ("the trade agreement", "the trade deal", "the tariff talks"),
        ("tariffs", "containers", "jobs", "exports", "steel imports", "farm goods", "car parts"),
        (
            "cut tariffs on steel",
            "ratify the agreement",
            "protect local farmers",
            "open the ports to more traffic",
            "remove the quotas on car parts",
            "create a joint customs office in {CITY}",
        ),
        "jobs",
        "were at stake",
        (2000, 400000),
        (
            "{COUNTRY} and {COUNTRY2} signed a trade agreement in {CITY} {WHEN} that {ORG} said was worth {FMONEY}.",
            "Negotiators from {COUNTRY} and {COUNTRY2} reached a deal {WHEN} after talks that lasted {DUR}, and {ORG} said {FACT}.",
        ),
        (
            "{COUNTRY} and {COUNTRY2} sign {FMONEY} trade deal",
            "Farmers in {PLACE} fear the new deal",
            "What the trade deal means for {CITY}",
        ),
        (
            "Exports of {THING} rose by {PCT} in the first year of the previous agreement.",
            "{ORG} estimated that the deal would add {MONEY} to the economy within {DUR}.",
            "Farmers in {PLACE} protested against the deal, saying it would cost {NPEOPLE} their jobs.",
            "The port of {CITY} handled {NTHING} last year, {ORG} said.",
        ),
    ),
    Kind(
        "train",
        ("the crash", "the derailment", "the rail accident"),
        ("passengers", "carriages", "trains", "signals", "stations", "level crossings"),
        (
            "restore services on the line",
            "check the signalling system",
            "identify the victims",
            "replace the old carriages",
            "inspect every bridge on the route to {PLACE}",
        ),
        "passengers",
        "were killed",
        (3, 120),
        (
            "{FACT} when a train left the tracks near {PLACE} {WHEN}, {ORG} said.",
            "Two trains collided outside {CITY} {WHEN}, and {ORG} said {FACT}.",
        ),
        (
            "Train crash near {PLACE} kills {FNUM}",
            "Line to {CITY} closed after derailment",
            "Signals under scrutiny after {EV}",
        ),
        (
            "The train was travelling at about {SPEED} when it left the rails.",
            "{ORG} said the line between {CITY} and {PLACE} would stay closed for {DUR}.",
            "About {NPEOPLE} were on board, according to {ORG}.",
            "Investigators from {ORG} recovered the data recorder after {DUR}.",
        ),
    ),
    Kind(
        "heat",
        ("the heatwave", "the drought", "the dry spell"),
        ("hectares of farmland", "wells", "reservoirs", "crops", "cattle", "wildfires"),
        (
            "ration water in {CITY}",
            "open more cooling centres",
            "help the farmers in {PLACE}",
            "ban outdoor work in the afternoon",
            "bring water by truck to {PLACE}",
        ),
        "people",
        "were treated for heatstroke",
        (50, 5000),
        (
            "Temperatures in {CITY} reached {TEMP} {WHEN}, and {ORG} said {FACT}.",
            "{FACT} in {COUNTRY} as {EV} entered its {ORDINAL} week, according to {ORG}.",
        ),
        ("{CITY} swelters at {TEMP}", "Wells run dry in {PLACE}", "Heat emergency declared in {COUNTRY}"),
        (
            "Reservoirs near {PLACE} were at {PCT} of capacity {WHEN}.",
            "{ORG} said {NTHING} had been lost in {PLACE}.",
            "Forecasters at {ORG} expect temperatures above {TEMP} for another {DUR}.",
            "Power use in {CITY} hit a record on {DAY} as air conditioners ran for {DUR}.",
        ),
    ),
    Kind(
        "cyber",
        ("the cyber attack", "the hack", "the ransomware attack"),
        ("computers", "patient records", "customer accounts", "servers", "bank cards", "email accounts"),
        (
            "restore the systems",
            "notify the customers affected",
            "trace the attackers",
            "rebuild the hospital network",
            "replace the compromised servers",
            "pay for credit monitoring",
        ),
        "customers",
        "had their data stolen",
        (1000, 5000000),
        (
            "{ORG} said {WHEN} that {FACT} in an attack on its computer systems.",
            "Hospitals in {CITY} cancelled operations {WHEN} after {EV} on {ORG}, which said {FACT}.",
        ),
        ("Hackers steal data of {FNUM} customers", "Hospitals in {CITY} hit by cyber attack", "Who is behind {EV}?"),
        (
            "The attackers demanded {MONEY} in cryptocurrency, {ORG} said.",
            "Systems at {NTHING} were shut down for {DUR}.",
            "{ORG} said it first noticed the breach on {DATE}.",
            "Engineers at {ORG} worked for {DUR} to bring {NTHING} back online.",
        ),
    ),
)

# Word swaps for near copies, applied in either direction on whole words.
_SWAPS = (
    ("said", "stated"),
    ("officials", "authorities"),
    ("residents", "locals"),
    ("about", "around"),
    ("more than", "over"),
    ("began", "started"),
    ("warned", "cautioned"),
    ("talks", "negotiations"),
    ("government", "administration"),
    ("reporters", "journalists"),
    ("damaged", "destroyed"),
    ("expected", "due"),
    ("difficult", "hard"),
    ("promised", "pledged"),
)
_SWAP_MAP = dict(_SWAPS) | {b: a for a, b in _SWAPS}
_SWAP_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _SWAP_MAP), key=len, reverse=True)) + r")\b")
_NUMBER_RE = re.compile(r"(?<![\d/.,])\d[\d,]*(?:\.\d+)?(?![\d/])")


# --- model ------------------------------------------------------------------------------


@dataclass
class Person:
    first: str
    last: str
    female: bool
    title: str  # written before the name, or ""
    role: str  # appositive

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Event:
    idx: int
    kind: Kind
    country: str
    country2: str
    city: str
    places: list[str]
    orgs: list[str]
    people: list[Person]
    start: date
    fnum: int
    fmoney: str
    ev: str


@dataclass
class Outlet:
    name: str
    slug: str
    country: str
    sections: list[str]
    dmy: bool
    junk: float
    title_suffix: bool
    dateline: bool
    reporters: list[str]


@dataclass
class Article:
    idx: int
    event: Event
    outlet: Outlet
    published: date
    headline: str
    paragraphs: list[list[str]]
    group: int  # index of the original article this one copies (itself for an original)
    kind: str = "original"  # original | wire | near
    file: str = ""
    url: str = ""


@dataclass
class CorpusStats:
    """What :func:`generate_corpus_stats` wrote and checked."""

    files: int
    events: int
    outlets: int
    originals: int
    wire_copies: int
    near_copies: int
    sentences: int
    distinct_sentences: int
    duplicates_outside_copies: int
    seconds: float
    folder: Path = field(default_factory=Path)

    def summary(self) -> str:
        return (
            f"wrote {self.files} articles to {self.folder} in {self.seconds:.1f}s: {self.events} events, "
            f"{self.outlets} outlets; {self.originals} originals, {self.wire_copies} wire copies, "
            f"{self.near_copies} near copies; {self.sentences} body sentences, {self.distinct_sentences} distinct; "
            f"duplicate sentences outside the deliberate copies: {self.duplicates_outside_copies}"
        )


# --- generation -------------------------------------------------------------------------


def _cap(text: str) -> str:
    if text[:1].islower():
        return text[0].upper() + text[1:]
    if text[:1] in '“"' and text[1:2].islower():
        return text[0] + text[1].upper() + text[2:]
    return text


class _Gen:
    """All random choices of one corpus; one instance per :func:`generate_corpus_stats` call."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()
        self.towns = [h + t for h in _TOWN_HEAD for t in _TOWN_TAIL]
        rng.shuffle(self.towns)
        self._town_i = 0

    def town(self) -> str:
        name = self.towns[self._town_i % len(self.towns)]
        self._town_i += 1
        return name

    # -- corpus-level objects

    def outlets(self, n: int) -> list[Outlet]:
        rng = self.rng
        names: list[str] = []
        used: set[str] = set()
        patterns = [p for p, _ in _OUTLET_PATTERNS]
        weights = [w for _, w in _OUTLET_PATTERNS]
        while len(names) < n:
            pattern = rng.choices(patterns, weights)[0]
            name = pattern.format(w=rng.choice(OUTLET_WORDS), t=self.town())
            if name not in used:
                used.add(name)
                names.append(name)
        outlets = []
        for name in names:
            slug = re.sub(r"[^a-z0-9]", "", name.lower().removeprefix("the "))
            outlets.append(
                Outlet(
                    name=name,
                    slug=slug,
                    country=rng.choice(COUNTRIES),
                    sections=rng.sample(SECTIONS[1:], rng.randint(4, 7)),
                    dmy=rng.random() < 0.6,
                    junk=rng.choice((0.0, 0.3, 0.7, 0.95)),
                    title_suffix=rng.random() < 0.4,
                    dateline=rng.random() < 0.3,
                    reporters=[self._name()[0] for _ in range(rng.randint(2, 6))],
                )
            )
        return outlets

    def _name(self) -> tuple[str, str, str, bool]:
        female = self.rng.random() < 0.5
        first = self.rng.choice(FEMALE_FIRST if female else MALE_FIRST)
        last = self.rng.choice(LAST)
        return f"{first} {last}", first, last, female

    def event(self, idx: int, start: date) -> Event:
        rng = self.rng
        kind = KINDS[idx % len(KINDS)] if idx < len(KINDS) else rng.choice(KINDS)
        country, country2 = rng.sample(COUNTRIES, 2)
        city = self.town()
        towns = [self.town() for _ in range(rng.randint(3, 6))]
        places = [f"the {p} district" if rng.random() < 0.25 else p for p in towns]
        orgs = self._orgs(city, towns, country)
        people: list[Person] = []
        names: set[str] = set()
        for title, role in rng.sample(TITLES, rng.randint(8, 14)):
            _, first, last, female = self._name()
            while f"{first} {last}" in names:
                _, first, last, female = self._name()
            names.add(f"{first} {last}")
            role = role.format(
                CITY=city,
                PLACE=rng.choice(places),
                TOWN=rng.choice(towns),
                ORG=rng.choice(orgs),
                COUNTRY2=country2,
                INST=rng.choice(_INSTITUTE_WORDS),
                MINISTRY=rng.choice(_MINISTRIES).lower(),
                SPOKES="spokeswoman" if female else "spokesman",
            )
            people.append(Person(first, last, female, title, role))
        lo, hi = kind.fact_range
        fnum = int(math.exp(rng.uniform(math.log(lo), math.log(hi))))
        return Event(
            idx=idx,
            kind=kind,
            country=country,
            country2=country2,
            city=city,
            places=places,
            orgs=orgs,
            people=people,
            start=start,
            fnum=fnum,
            fmoney=self.money(),
            ev=rng.choice(kind.ev),
        )

    def _orgs(self, city: str, towns: list[str], country: str) -> list[str]:
        rng = self.rng
        makers: list[Callable[[], str]] = [
            lambda: f"the Ministry of {rng.choice(_MINISTRIES)}",
            lambda: f"the {city} {rng.choice(_CITY_BODIES)}",
            lambda: f"the National {rng.choice(_AGENCIES)} Agency",
            lambda: f"the {rng.choice(_INSTITUTE_WORDS)} Foundation",
            lambda: f"the {rng.choice(LAST)} Institute",
            lambda: f"the {country} Red Cross",
            lambda: f"the International {rng.choice(_UNIONS)} Union",
            lambda: f"the {rng.choice(towns)} {rng.choice(_CITY_BODIES)}",
        ]
        orgs: list[str] = []
        while len(orgs) < 6:
            org = rng.choice(makers)()
            if org not in orgs:
                orgs.append(org)
        return orgs

    # -- numbers

    def money(self) -> str:
        rng = self.rng
        form = rng.randrange(6)
        if form == 0:
            return f"${rng.randint(11, 99) / 10} billion"
        if form == 1:
            return f"€{rng.randint(2, 950)} million"
        if form == 2:
            return f"£{rng.randint(50, 990) * 1000:,}"
        if form == 3:
            return f"{rng.randint(11, 99) / 10} million euros"
        if form == 4:
            return f"${rng.randint(2, 900)} million"
        return f"{rng.randint(2, 90) * 10} million dollars"

    def duration(self) -> str:
        rng = self.rng
        form = rng.randrange(7)
        if form == 0:
            return f"{rng.randint(1, 11)} 1/2 hours"
        if form == 1:
            return f"{rng.randint(2, 72)} hours"
        if form == 2:
            return f"{rng.randint(2, 20)} days"
        if form == 3:
            return f"{rng.randint(2, 12)} weeks"
        if form == 4:
            return f"{rng.randint(1, 9)} hours and {rng.randint(2, 58)} minutes"
        if form == 5:
            return f"{rng.randint(10, 55)} minutes"
        return f"{rng.randint(2, 18)} months"

    def people_count(self) -> str:
        rng = self.rng
        n = int(math.exp(rng.uniform(math.log(3), math.log(50000))))
        noun = rng.choice(("people", "residents", "families", "volunteers", "workers", "people"))
        form = rng.randrange(4)
        if form == 0:
            return f"at least {n:,} {noun}"
        if form == 1:
            return f"more than {n:,} {noun}"
        return f"{n:,} {noun}"

    def percent(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"{rng.randint(2, 95)} percent"
        return f"{rng.randint(11, 950) / 10}%"

    def distance(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            return f"{rng.randint(2, 400)} kilometres"
        return f"{rng.randint(2, 250)} miles"


@dataclass
class _Ctx:
    """What a sentence's slots are drawn from: the article's event, outlet and figures."""

    gen: _Gen
    event: Event
    outlet: Outlet
    fnum: int
    others: list[Outlet]


class _Slots(dict):
    """Slot values for one sentence (or one multi-sentence unit): drawn on first use, then fixed."""

    def __init__(self, ctx: _Ctx) -> None:
        super().__init__()
        self.ctx = ctx

    def fill(self, template: str) -> str:
        return template.format_map(self) if "{" in template else template

    def _person(self, key: str) -> Person:
        if key not in self:
            taken = [self[k] for k in ("_P", "_Q", "_R") if k in self]
            people = self.ctx.event.people
            person = self.ctx.gen.rng.choice(people)
            while any(person is t for t in taken):
                person = self.ctx.gen.rng.choice(people)
            self[key] = person
        return self[key]

    def _org(self, *others: str) -> str:
        used = [self[k] for k in others]
        return self.ctx.gen.rng.choice([o for o in self.ctx.event.orgs if o not in used])

    def __missing__(self, key: str) -> str:
        value = _SLOT[key](self)
        self[key] = value
        return value


def _when(s: _Slots) -> str:
    rng = s.ctx.gen.rng
    day = _WEEKDAYS[(s.ctx.event.start + timedelta(days=rng.randint(0, 2))).weekday()]
    form = rng.randrange(9)
    return (
        f"on {day}",
        f"late on {day}",
        f"on {day} morning",
        f"early on {day}",
        f"on {day} evening",
        f"on {day} afternoon",
        "this week",
        "overnight",
        "earlier in the day",
    )[form]


def _date(s: _Slots) -> str:
    rng = s.ctx.gen.rng
    d = s.ctx.event.start - timedelta(days=rng.randint(1, 400))
    return f"{d.day} {_MONTHS[d.month - 1]}" if s.ctx.outlet.dmy else f"{_MONTHS[d.month - 1]} {d.day}"


def _fact(s: _Slots) -> str:
    kind = s.ctx.event.kind
    n = s.ctx.fnum
    form = s.ctx.gen.rng.randrange(4)
    lead = ("at least ", "more than ", "", "")[form]
    return f"{lead}{n:,} {kind.fact_noun} {kind.fact_verb}"


def _pick(options: tuple[str, ...]) -> Callable[[_Slots], str]:
    return lambda s: s.fill(s.ctx.gen.rng.choice(options))


def _pronoun(key: str, she: str, he: str) -> Callable[[_Slots], str]:
    return lambda s: she if s._person(key).female else he


def _honorific(p: Person) -> str:
    if p.title in ("Professor", "General", "Judge", "Senator", "Mayor", "Governor", "Ambassador"):
        return f"{p.title} {p.last}"
    return f"{'Ms' if p.female else 'Mr'} {p.last}"


_SLOT: dict[str, Callable[[_Slots], str]] = {
    "PN": lambda s: s._person("_P").name,
    "PA": lambda s: f"{s._person('_P').name}, {s._person('_P').role}",
    "PT": lambda s: f"{p.title} {p.name}" if (p := s._person("_P")).title else f"{p.name}, {p.role},",
    "PL": lambda s: s._person("_P").last,
    "MSP": lambda s: _honorific(s._person("_P")),
    "PR": _pronoun("_P", "she", "he"),
    "PRC": _pronoun("_P", "She", "He"),
    "PP": _pronoun("_P", "her", "his"),
    "QN": lambda s: s._person("_Q").name,
    "QA": lambda s: f"{s._person('_Q').name}, {s._person('_Q').role}",
    "QT": lambda s: f"{p.title} {p.name}" if (p := s._person("_Q")).title else f"{p.name}, {p.role},",
    "QL": lambda s: s._person("_Q").last,
    "QR": _pronoun("_Q", "she", "he"),
    "ORG": lambda s: s.ctx.gen.rng.choice(s.ctx.event.orgs),
    "ORG2": lambda s: s._org("ORG"),
    "ORG3": lambda s: s._org("ORG", "ORG2"),
    "ORG4": lambda s: s._org("ORG", "ORG2", "ORG3"),
    "RN": lambda s: s._person("_R").name,
    "CITY": lambda s: s.ctx.event.city,
    "PLACE": lambda s: s.ctx.gen.rng.choice(s.ctx.event.places),
    "PLACE2": lambda s: s.ctx.gen.rng.choice([p for p in s.ctx.event.places if p != s["PLACE"]]),
    "COUNTRY": lambda s: s.ctx.event.country,
    "COUNTRY2": lambda s: s.ctx.event.country2,
    "WHEN": _when,
    "DAY": lambda s: _WEEKDAYS[(s.ctx.event.start + timedelta(days=s.ctx.gen.rng.randint(0, 6))).weekday()],
    "DATE": _date,
    "MONTH": lambda s: _MONTHS[(s.ctx.event.start.month + s.ctx.gen.rng.randint(0, 5)) % 12],
    "YEAR": lambda s: str(s.ctx.event.start.year - s.ctx.gen.rng.randint(2, 30)),
    "EV": lambda s: s.ctx.event.ev,
    "THING": lambda s: s.ctx.gen.rng.choice(s.ctx.event.kind.things),
    "ACTION": lambda s: s.fill(s.ctx.gen.rng.choice(s.ctx.event.kind.actions)),
    "NPEOPLE": lambda s: s.ctx.gen.people_count(),
    "MONEY": lambda s: s.ctx.gen.money(),
    "DUR": lambda s: s.ctx.gen.duration(),
    "PCT": lambda s: s.ctx.gen.percent(),
    "DIST": lambda s: s.ctx.gen.distance(),
    "NTHING": lambda s: (
        f"{int(math.exp(s.ctx.gen.rng.uniform(1.0, 9.0))):,} {s.ctx.gen.rng.choice(s.ctx.event.kind.things)}"
    ),
    "NUMBIG": lambda s: f"{s.ctx.gen.rng.randint(120, 48000):,}",
    "HEIGHT": lambda s: f"{s.ctx.gen.rng.randint(3, 95) / 10} metres",
    "MAG": lambda s: f"{s.ctx.gen.rng.randint(45, 79) / 10}",
    "TEMP": lambda s: f"{s.ctx.gen.rng.randint(380, 489) / 10} degrees Celsius",
    "SPEED": lambda s: f"{s.ctx.gen.rng.randint(6, 32) * 5} kilometres an hour",
    "ORDINAL": lambda s: s.ctx.gen.rng.choice(_ORDINALS),
    "FACT": _fact,
    "FNUM": lambda s: f"{s.ctx.fnum:,}",
    "FMONEY": lambda s: s.ctx.event.fmoney,
    "QUOTE": lambda s: _cap(s.fill(s.ctx.gen.rng.choice(QUOTES))),
    "QUOTE2": lambda s: s.fill(s.ctx.gen.rng.choice([q for q in QUOTES if not q.startswith(("I ", "{"))])),
    "CLAUSE": _pick(CLAUSES),
    "FRAG": _pick(FRAGS),
    "SAYS": _pick(SAYS),
    "OUTLET": lambda s: s.ctx.gen.rng.choice(s.ctx.others).name.removeprefix("The "),
}

_MAX_TRIES = 40
# Sentence ends that sentencex takes for an abbreviation (it then joins the next sentence).
_ABBREVIATION_LIKE = (" May.",)


def _unit(ctx: _Ctx, templates: tuple[str, ...] | tuple[tuple[str, ...], ...]) -> list[str] | None:
    """One or more new sentences from a random template, or None when every try repeated one."""
    gen = ctx.gen
    for _ in range(_MAX_TRIES):
        template = gen.rng.choice(templates)
        parts = (template,) if isinstance(template, str) else template
        slots = _Slots(ctx)
        sentences = [_cap(slots.fill(part)) for part in parts]
        if (
            len(set(sentences)) == len(sentences)
            and not any(s in gen.seen for s in sentences)
            and not any(s.endswith(_ABBREVIATION_LIKE) for s in sentences)
        ):
            gen.seen.update(sentences)
            return sentences
    return None


def _body(ctx: _Ctx) -> list[list[str]]:
    rng = ctx.gen.rng
    target = rng.randint(15, 40)
    lede = _unit(ctx, ctx.event.kind.ledes) or _unit(ctx, GENERAL) or []
    sentences: list[str] = list(lede)
    tries = 0
    while len(sentences) < target and tries < target * 4:
        tries += 1
        r = rng.random()
        pool: tuple = MULTI if r < 0.12 else ctx.event.kind.extra if r < 0.27 else GENERAL
        unit = _unit(ctx, pool)
        if unit and len(sentences) + len(unit) <= 40:
            sentences.extend(unit)
    paragraphs = [sentences[:1]]
    room = 0
    for prev, sentence in zip(sentences, sentences[1:]):
        # sentencex does not split after a closing quote when a digit or an opening quote
        # follows; a paragraph break keeps such sentences apart, as a page would.
        if room == 0 or (prev.endswith("”") and not sentence[:1].isupper()):
            paragraphs.append([])
            room = rng.choice((1, 2, 2, 3))
        paragraphs[-1].append(sentence)
        room -= 1
    return paragraphs


def _headline(ctx: _Ctx) -> str:
    slots = _Slots(ctx)
    pool = ctx.event.kind.heads if ctx.gen.rng.random() < 0.7 else GENERIC_HEADS
    return _cap(slots.fill(ctx.gen.rng.choice(pool)))


def _near_copy(gen: _Gen, paragraphs: list[list[str]]) -> list[list[str]]:
    """A copy with one to three sentences changed: a number or a word."""
    rng = gen.rng
    out = [list(p) for p in paragraphs]
    positions = [(i, j) for i, p in enumerate(out) for j in range(len(p))]
    rng.shuffle(positions)
    wanted = rng.randint(1, 3)
    changed = 0
    for i, j in positions:
        if changed >= wanted:
            break
        new = _change(rng, out[i][j])
        if new and new not in gen.seen:
            gen.seen.add(new)
            out[i][j] = new
            changed += 1
    return out


def _change(rng: random.Random, sentence: str) -> str | None:
    numbers = list(_NUMBER_RE.finditer(sentence))
    words = list(_SWAP_RE.finditer(sentence))
    if numbers and (not words or rng.random() < 0.6):
        m = rng.choice(numbers)
        return sentence[: m.start()] + _other_number(rng, m.group()) + sentence[m.end() :]
    if words:
        m = rng.choice(words)
        return sentence[: m.start()] + _SWAP_MAP[m.group()] + sentence[m.end() :]
    return None


def _other_number(rng: random.Random, text: str) -> str:
    if "." in text:
        decimals = len(text.split(".")[1])
        value = float(text.replace(",", ""))
        new = value
        while f"{new:.{decimals}f}" == text:
            new = round(value * rng.uniform(0.6, 1.5) + rng.choice((-1, 1)) * 10**-decimals, decimals)
        return f"{abs(new):.{decimals}f}"
    value = int(text.replace(",", ""))
    new = value
    while new == value or new <= 0:
        new = int(value * rng.uniform(0.6, 1.5)) + rng.choice((-1, 1))
    return f"{new:,}" if "," in text else str(new)


# --- page layout -------------------------------------------------------------------------


def _stamp(rng: random.Random, outlet: Outlet, d: date) -> str:
    month = _MONTHS[d.month - 1]
    day = f"{d.day} {month} {d.year}" if outlet.dmy else f"{month} {d.day}, {d.year}"
    hh, mm = rng.randint(5, 23), rng.randint(0, 59)
    form = rng.randrange(4)
    if form == 0:
        return f"Published: {day}"
    if form == 1:
        return f"{day}, {hh:02d}:{mm:02d} GMT"
    if form == 2:
        return f"Updated {day} at {hh:02d}:{mm:02d}"
    return f"{d.isoformat()} {hh:02d}:{mm:02d}"


def _page(gen: _Gen, art: Article, headlines: list[str]) -> str:
    rng = gen.rng
    outlet = art.outlet
    junk = rng.random() < outlet.junk
    lines: list[str] = []
    if junk and rng.random() < 0.8:
        lines += [" | ".join(["Home", *rng.sample(outlet.sections, min(len(outlet.sections), rng.randint(3, 6)))]), ""]
    lines.append(f"{art.headline} | {outlet.name}" if outlet.title_suffix and junk else art.headline)
    if junk:
        if rng.random() < 0.8:
            lines.append(_stamp(rng, outlet, art.published))
        if rng.random() < 0.7:
            authors = rng.sample(outlet.reporters, min(len(outlet.reporters), rng.choice((1, 1, 1, 2))))
            lines.append("By " + " and ".join(authors))
        if rng.random() < 0.5:
            lines += rng.sample(["Share on Facebook", "Share on Twitter", "Share on WhatsApp", "Email", "Print"], 3)
    lines.append("")
    others = [h for h in headlines if h != art.headline]
    read_more_at = rng.randint(2, max(2, len(art.paragraphs) - 1)) if junk and others and rng.random() < 0.6 else -1
    advert_at = rng.randint(1, max(1, len(art.paragraphs) - 1)) if junk and rng.random() < 0.3 else -1
    for k, para in enumerate(art.paragraphs):
        if k == read_more_at:
            lines += [f"Read more: {rng.choice(others)}", ""]
        if k == advert_at:
            lines += ["Advertisement", ""]
        text = " ".join(para)
        if k == 0 and outlet.dateline:
            text = f"{art.event.city.upper()} — {text}"
        lines += [text, ""]
    if junk and others and rng.random() < 0.5:
        lines += [rng.choice(("Related stories", "More on this story", "You may also like"))]
        lines += [f"- {h}" for h in rng.sample(others, min(3, len(others)))]
        lines.append("")
    if junk and rng.random() < 0.7:
        lines.append(f"© {art.published.year} {outlet.name}. All rights reserved.")
    return "\n".join(lines).rstrip("\n") + "\n"


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


# --- entry points ------------------------------------------------------------------------


def _plan(
    n_articles: int, seed: int, n_events: int | None, outlets: int | None
) -> tuple[random.Random, _Gen, list[Outlet], list[Event], list[int]]:
    """The random state, outlets, events and each article's event, drawn first for a seed."""
    if n_articles < 1:
        raise ValueError("n_articles must be at least 1")
    rng = random.Random(seed)
    gen = _Gen(rng)
    n_events = max(1, min(n_articles, n_events if n_events is not None else round(n_articles / 20)))
    n_outlets = max(2, outlets if outlets is not None else round(math.sqrt(n_articles) * 2))
    all_outlets = gen.outlets(n_outlets)
    first = date(2021, 1, 4)
    events = [gen.event(i, first + timedelta(days=rng.randint(0, 5 * 365))) for i in range(n_events)]
    assignment = [i % n_events for i in range(n_articles)]
    rng.shuffle(assignment)
    return rng, gen, all_outlets, events, assignment


def true_events(
    n_articles: int, *, seed: int = 0, n_events: int | None = None, outlets: int | None = None
) -> dict[str, int]:
    """The event each file of a corpus generated with these arguments reports, by the number in
    its name (``0042`` of ``0042_dailyjetty.txt``): what event grouping should find."""
    _, _, _, _, assignment = _plan(n_articles, seed, n_events, outlets)
    width = max(4, len(str(n_articles - 1)))
    return {f"{i:0{width}d}": e for i, e in enumerate(assignment)}


def generate_corpus_stats(
    folder: Path,
    n_articles: int,
    *,
    seed: int = 0,
    n_events: int | None = None,
    wire_share: float = 0.2,
    near_copy_share: float = 0.1,
    outlets: int | None = None,
) -> CorpusStats:
    """:func:`generate_corpus`, returning what was written and the distinctness count."""
    started = time.perf_counter()
    rng, gen, all_outlets, events, assignment = _plan(n_articles, seed, n_events, outlets)
    n_events, n_outlets = len(events), len(all_outlets)
    seen_events: set[int] = set()
    eligible = []
    for i, e in enumerate(assignment):
        if e in seen_events:
            eligible.append(i)
        seen_events.add(e)
    n_wire = min(len(eligible), round(n_articles * wire_share))
    n_near = min(len(eligible) - n_wire, round(n_articles * near_copy_share))
    copies = rng.sample(eligible, n_wire + n_near)
    copy_kind = dict.fromkeys(copies[:n_wire], "wire") | dict.fromkeys(copies[n_wire:], "near")

    originals: dict[int, list[Article]] = defaultdict(list)
    headlines: dict[int, list[str]] = defaultdict(list)
    articles: list[Article] = []
    width = max(4, len(str(n_articles - 1)))
    for i, e in enumerate(assignment):
        event = events[e]
        kind = copy_kind.get(i, "original")
        if kind == "original":
            outlet = rng.choice(all_outlets)
            fnum = event.fnum
            if rng.random() < 0.2:  # this outlet reports another figure
                fnum = max(1, int(fnum * rng.choice((0.5, 0.7, 0.8, 1.2, 1.25, 1.5, 2.0))))
            ctx = _Ctx(gen, event, outlet, fnum, all_outlets)
            art = Article(
                i, event, outlet, event.start + timedelta(days=rng.randint(0, 3)), _headline(ctx), _body(ctx), i
            )
            originals[e].append(art)
        else:
            source = rng.choice(originals[e])
            outlet = rng.choice([o for o in all_outlets if o is not source.outlet])
            ctx = _Ctx(gen, event, outlet, event.fnum, all_outlets)
            headline = source.headline if rng.random() < 0.5 else _headline(ctx)
            if kind == "wire":
                paragraphs = [list(p) for p in source.paragraphs]
                if len(paragraphs) > 6 and rng.random() < 0.4:
                    paragraphs = paragraphs[:-1]
            else:
                paragraphs = _near_copy(gen, source.paragraphs)
            art = Article(
                i, event, outlet, source.published + timedelta(days=rng.randint(0, 1)), headline, paragraphs, source.idx
            )
            art.kind = kind
        art.file = f"{i:0{width}d}_{art.outlet.slug}.txt"
        section = rng.choice(art.outlet.sections).lower()
        p = art.published
        art.url = f"https://www.{art.outlet.slug}.example/{section}/{p:%Y/%m/%d}/{_slugify(art.headline)}-{i}"
        headlines[e].append(art.headline)
        articles.append(art)

    folder.mkdir(parents=True, exist_ok=True)
    texts: set[str] = set()
    for art in articles:
        page = _page(gen, art, headlines[art.event.idx][-8:])
        while page in texts:  # a byte-identical copy would be skipped by the reader
            if len(art.paragraphs) > 2:
                art.paragraphs = art.paragraphs[:-1]
            else:
                art.headline = f"{art.headline} ({art.outlet.name})"
            page = _page(gen, art, headlines[art.event.idx][-8:])
        texts.add(page)
        (folder / art.file).write_text(page, encoding="utf-8")
    with open(folder / "sources.csv", "w", encoding="utf-8", newline="") as fp:
        writer = csv.writer(fp)
        writer.writerow(["file", "outlet", "country", "url", "published"])
        for art in articles:
            writer.writerow([art.file, art.outlet.name, art.outlet.country, art.url, art.published.isoformat()])

    groups_of: dict[str, set[int]] = defaultdict(set)
    total = 0
    for art in articles:
        for para in art.paragraphs:
            for sentence in para:
                groups_of[sentence].add(art.group)
                total += 1
    duplicates = sum(len(g) - 1 for g in groups_of.values() if len(g) > 1)
    stats = CorpusStats(
        files=len(articles),
        events=n_events,
        outlets=n_outlets,
        originals=len(articles) - n_wire - n_near,
        wire_copies=n_wire,
        near_copies=n_near,
        sentences=total,
        distinct_sentences=len(groups_of),
        duplicates_outside_copies=duplicates,
        seconds=time.perf_counter() - started,
        folder=folder,
    )
    assert duplicates == 0, f"{duplicates} sentences repeat outside the deliberate copies"
    return stats


def generate_corpus(
    folder: Path,
    n_articles: int,
    *,
    seed: int = 0,
    n_events: int | None = None,
    wire_share: float = 0.2,
    near_copy_share: float = 0.1,
    outlets: int | None = None,
) -> None:
    """Write ``n_articles`` synthetic ``.txt`` articles and a ``sources.csv`` into ``folder``.

    See the module docstring for the properties. Deterministic for a seed.

    Raises:
        AssertionError: a sentence repeats outside the deliberate copies (a generator bug).
    """
    generate_corpus_stats(
        folder,
        n_articles,
        seed=seed,
        n_events=n_events,
        wire_share=wire_share,
        near_copy_share=near_copy_share,
        outlets=outlets,
    )


def check_with_sentencex(folder: Path) -> tuple[int, int]:
    """Split every article body in ``folder`` with sentencex and count shared sentences.

    A sentence counts as a duplicate when it occurs in two articles that are not copies of one
    another. Copy groups are recovered from the text: an article whose sentences mostly occur in
    one earlier article is in that article's group. Returns ``(sentences, duplicates)``.
    """
    from sentencex import segment

    first_owner: dict[str, int] = {}
    group: list[int] = []
    article_sentences: list[list[str]] = []
    for path in sorted(folder.glob("*.txt")):
        body = [  # paragraphs end a sentence; headlines, menus and "Read more" lines do not
            line
            for line in path.read_text(encoding="utf-8").split("\n")
            if line.endswith((".", "”")) and not line.startswith("©")
        ]
        sentences = [s.strip() for line in body for s in segment("en", line) if s.strip()]
        idx = len(group)
        owners = [first_owner[s] for s in sentences if s in first_owner]
        best = max(set(owners), key=owners.count) if owners else idx
        group.append(group[best] if owners and owners.count(best) >= len(sentences) / 2 else idx)
        for s in sentences:
            first_owner.setdefault(s, idx)
        article_sentences.append(sentences)
    groups_of: dict[str, set[int]] = defaultdict(set)
    for idx, sentences in enumerate(article_sentences):
        for s in sentences:
            groups_of[s].add(group[idx])
    total = sum(map(len, article_sentences))
    return total, sum(len(g) - 1 for g in groups_of.values() if len(g) > 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write (created if missing)")
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--events", type=int, default=None, help="number of events (default about n/20)")
    parser.add_argument("--outlets", type=int, default=None, help="number of outlets (default about 2*sqrt(n))")
    parser.add_argument("--wire-share", type=float, default=0.2)
    parser.add_argument("--near-copy-share", type=float, default=0.1)
    parser.add_argument("--check", action="store_true", help="also count duplicates on sentencex's split of the files")
    args = parser.parse_args(argv)
    stats = generate_corpus_stats(
        args.out_dir,
        args.n,
        seed=args.seed,
        n_events=args.events,
        wire_share=args.wire_share,
        near_copy_share=args.near_copy_share,
        outlets=args.outlets,
    )
    print(stats.summary())
    if args.check:
        total, duplicates = check_with_sentencex(args.out_dir)
        print(f"sentencex check: {total} sentences in the files, {duplicates} shared outside copy groups")
    return 0


if __name__ == "__main__":
    sys.exit(main())
