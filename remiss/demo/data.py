"""The demonstration data, as data: Stockholms stad, its register and the seed case KS 2020/132.
(Not parsed from the seed document: the reply is rendered from this, issue 3.)"""

from __future__ import annotations

from typing import Any

# (name, kind, e-mail, case prefix)
ISSUERS = [
    ("Finansdepartementet", "ministry", "fi.registrator@regeringskansliet.se", "Fi"),
    ("Justitiedepartementet", "ministry", "ju.registrator@regeringskansliet.se", "Ju"),
    ("Socialdepartementet", "ministry", "s.registrator@regeringskansliet.se", "S"),
    ("Utbildningsdepartementet", "ministry", "u.registrator@regeringskansliet.se", "U"),
    ("Näringsdepartementet", "ministry", "n.registrator@regeringskansliet.se", "N"),
    ("Arbetsmarknadsdepartementet", "ministry", "a.registrator@regeringskansliet.se", "A"),
    ("Miljödepartementet", "ministry", "m.registrator@regeringskansliet.se", "M"),
    ("Infrastrukturdepartementet", "ministry", "i.registrator@regeringskansliet.se", "I"),
    ("Boverket", "agency", "registraturen@boverket.se", ""),
    ("Naturvårdsverket", "agency", "registrator@naturvardsverket.se", ""),
    ("Sveriges Kommuner och Regioner", "organisation", "info@skr.se", ""),
]

MUNICIPALITY = "Stockholms stad"
UNITS = [
    ("Rotel I", "rotel"),
    ("Rotel II", "rotel"),
    ("Rotel III", "rotel"),
    ("Rotel IV", "rotel"),
    ("Rotel V", "rotel"),
    ("Stadsledningskontoret", "kontor"),
    ("Stadsbyggnadskontoret", "kontor"),
    ("Trafikkontoret", "kontor"),
    ("Utbildningsförvaltningen", "forvaltning"),
    ("Socialförvaltningen", "forvaltning"),
    ("Miljöförvaltningen", "forvaltning"),
    ("Kulturförvaltningen", "forvaltning"),
    ("Arbetsmarknadsförvaltningen", "forvaltning"),
    ("Södermalms stadsdelsnämnd", "namnd"),
    ("Kungsholmens stadsdelsnämnd", "namnd"),
    ("Rinkeby-Kista stadsdelsnämnd", "namnd"),
    ("Skarpnäcks stadsdelsnämnd", "namnd"),
    ("Stockholms Stadshus AB", "bolag"),
]
PARTIES = [
    ("M", "Moderaterna"),
    ("L", "Liberalerna"),
    ("C", "Centerpartiet"),
    ("KD", "Kristdemokraterna"),
    ("MP", "Miljöpartiet de gröna"),
    ("S", "Socialdemokraterna"),
    ("V", "Vänsterpartiet"),
    ("SD", "Sverigedemokraterna"),
    ("Fi", "Feministiskt initiativ"),
]
# (name, party, title)
PEOPLE = [
    ("Anna König Jerlmyr", "M", "Finansborgarråd"),
    ("Dennis Wedin", "M", "Borgarråd"),
    ("Jan Jönsson", "L", "Borgarråd"),
    ("Karin Ernlund", "C", "Borgarråd"),
    ("Erik Slottner", "KD", "Borgarråd"),
    ("Daniel Helldén", "MP", "Borgarråd"),
    ("Karin Wanngård", "S", "Oppositionsborgarråd"),
    ("Clara Lindblom", "V", "Oppositionsborgarråd"),
    ("Jan Valeskog", "S", "Ledamot"),
    ("Torun Boucher", "V", "Ledamot"),
    ("Rashid Mohammed", "V", "Ledamot"),
    ("Alexandra Mattsson Åkerström", "M", "Ledamot"),
    ("Emilia Bjuggren", "S", "Ledamot"),
    ("Sissela Nordling Blanco", "Fi", "Ersättare"),
    ("Ulla Hamilton", "M", "Ersättare"),
    ("Peter Svensson", "SD", "Ersättare"),
]
PREPARATORY = (
    "Borgarrådsberedningen",
    [
        ("Anna König Jerlmyr", True),
        ("Dennis Wedin", False),
        ("Jan Jönsson", False),
        ("Karin Ernlund", False),
        ("Erik Slottner", False),
        ("Daniel Helldén", False),
        ("Karin Wanngård", False),
        ("Clara Lindblom", False),
    ],
)
DECIDING_ORDINARY = [
    "Anna König Jerlmyr",
    "Dennis Wedin",
    "Jan Jönsson",
    "Karin Ernlund",
    "Erik Slottner",
    "Daniel Helldén",
    "Karin Wanngård",
    "Jan Valeskog",
    "Torun Boucher",
    "Rashid Mohammed",
    "Alexandra Mattsson Åkerström",
    "Emilia Bjuggren",
]
DECIDING_SUBSTITUTES = ["Sissela Nordling Blanco", "Ulla Hamilton", "Peter Svensson"]

SEED_CASE: dict[str, Any] = {
    "serial": 132,
    "registered": "2020-01-24",
    "issuer": "Finansdepartementet",
    "issuer_dnr": "Fi2019/03090",
    "report_ref": "SOU 2019:43",
    "report_title": (
        "Med tillit följer bättre resultat – tillitsbaserad styrning och ledning i staten"
    ),
    "received": "2020-01-24",
    "deadline": "2020-04-24",
    "unit": "Rotel I",
    "presenter": "Anna König Jerlmyr",
    "office_due": "2020-03-13",
    "statement_date": "2019-03-04",  # as the seed says: before the referral was issued
    "statement_summary": (
        "Stadsledningskontoret svarar att det finns vinster för medarbetare och medborgare "
        "med tillitsbaserad styrning och ledning."
    ),
    "decision_text": "Remissen besvaras med hänvisning till vad som sägs i stadens promemoria.",
    "memo_date": "2020-04-01",
    # The decision dates are not in the seed; these are plausible meeting days.
    "preparatory_date": "2020-04-08",
    "preparatory_decision": "Borgarrådsberedningen tillstyrker föredragande borgarrådets förslag.",
    "board_date": "2020-04-22",
    "board_decision": ("Kommunstyrelsen beslutar i enlighet med borgarrådsberedningens förslag."),
    "proposals": [
        (
            "1",
            "Stöd till statliga myndigheter om tillitsbaserad styrning och ledning, "
            "genom Arbetsgivarverket",
            "Tillitsdelegationen föreslår att regeringen inrättar ett stöd till statliga "
            "myndigheter. Stödet ska bestå av information och kunskap om tillitsbaserad styrning "
            "och ledning, en plattform för erfarenhetsutbyte och samarbete, processtöd samt "
            "kompetensutveckling. Arbetsgivarverket föreslås få i uppdrag att tillhandahålla "
            "stödet riktat till statliga myndigheter.",
        ),
        (
            "2",
            "En regeringsnära utvecklingsmiljö (RUM)",
            "Regeringen tillsätter en kommitté som får i uppdrag att skapa en arena, RUM, för att "
            "kunna överväga och identifiera eventuella lösningar på komplexa "
            "samhällsutmaningar.",
        ),
    ],
}

# Earlier, closed cases: (serial, registered, issuer, issuer dnr, ref, title, deadline, unit)
CLOSED_CASES = [
    (412, "2015-04-20", "Finansdepartementet", "Fi2015/01902", "SOU 2015:24",
     "En kommunallag för framtiden", "2015-09-30", "Rotel I"),
    (903, "2015-09-01", "Näringsdepartementet", "N2015/4746/PUB", "SOU 2015:58",
     "EU och kommunernas bostadspolitik", "2015-12-15", "Rotel IV"),
    (1021, "2015-10-12", "Arbetsmarknadsdepartementet", "A2015/01880/ARM", "Ds 2015:36",
     "Genomförande av EU:s direktiv om fri rörlighet för arbetstagare", "2016-01-15", "Rotel V"),
    (388, "2016-06-30", "Finansdepartementet", "Fi2016/02475", "SOU 2016:48",
     "Regional indelning – tre nya län", "2016-10-31", "Rotel I"),
    (611, "2017-06-15", "Miljödepartementet", "M2017/01400/Kl", "SOU 2017:42",
     "Vem har ansvaret?", "2017-09-29", "Rotel III"),
    (705, "2018-07-02", "Finansdepartementet", "Fi2018/02511/SFÖ", "SOU 2018:47",
     "Med tillit växer handlingsutrymmet – tillitsbaserad styrning och ledning av "
     "välfärdssektorn", "2018-11-30", "Rotel I"),
    (590, "2019-07-05", "Justitiedepartementet", "Ju2019/02212/L4", "SOU 2019:34",
     "Förbättrat skydd för totalförsvarsverksamhet", "2019-11-01", "Rotel I"),
    (811, "2020-10-01", "Socialdepartementet", "S2020/07339/SOF", "SOU 2020:47",
     "Hållbar socialtjänst – En ny socialtjänstlag", "2021-01-15", "Rotel II"),
]  # fmt: skip

# Open referrals this year, placed relative to today so the start page shows days left:
# (days ago received, days to deadline, issuer, title, unit, proposals)
OPEN_REFERRALS = [
    (40, -3, "Utbildningsdepartementet", "Promemorian Vissa skollagsfrågor – del 5",
     "Rotel II", ["Ändrade regler om skolskjuts", "Förlängd tid för betygsättning"]),
    (30, 6, "Infrastrukturdepartementet", "Promemorian Ett enklare regelverk för färdtjänst",
     "Rotel III", ["Gemensam nationell färdtjänstlag", "Regional samordning"]),
    (21, 15, "Socialdepartementet", "Promemorian Stärkt stöd till anhöriga",
     "Rotel V", ["Anhörigstöd som skyldighet", "Nationellt kunskapsstöd"]),
    (14, 28, "Boverket", "Förslag till ändrade föreskrifter om tillgänglighet i bostäder",
     "Rotel IV", ["Ändrade mått för hygienrum"]),
    (5, 45, "Finansdepartementet", "Promemorian Kommunal beredskap vid elbrist",
     "Rotel I", ["Planering för prioriterad elförsörjning", "Statlig ersättning"]),
]  # fmt: skip

# A referral decided by the board and waiting to be sent, so the send-check and the reply
# with a statement from each body can be tried at once. Dates are days before today.
DECIDED_REFERRAL: dict[str, Any] = {
    "issuer": "Näringsdepartementet",
    "issuer_dnr": "N{year}/01187",
    "report_title": "Promemorian Enklare tillstånd för uteserveringar",
    "received_ago": 44,
    "due_in": 5,
    "unit": "Rotel I",
    "proposals": [
        ("1", "Anmälan i stället för tillstånd för säsongsvisa uteserveringar",
         "supports", "Staden tillstyrker förslaget. Det minskar handläggningen för små företag."),
        ("2", "En nationell avgiftsnivå för upplåtelse av offentlig plats",
         "opposes", "Staden avstyrker förslaget: avgiften bör även fortsatt bestämmas lokalt."),
    ],
    "matter": (
        "Näringsdepartementet har remitterat promemorian Enklare tillstånd för uteserveringar "
        "till Stockholms stad. Promemorian föreslår att säsongsvisa uteserveringar ska kunna "
        "anmälas i stället för att kräva tillstånd, och att avgiften för upplåtelse av "
        "offentlig plats ska bestämmas nationellt."
    ),
    "preparation": (
        "Ärendet har beretts av stadsledningskontoret i samråd med trafikkontoret."
    ),
    "views": (
        "Jag välkomnar förslaget om anmälan för säsongsvisa uteserveringar. Det gör det "
        "enklare för stadens restauranger och kaféer, och staden behåller möjligheten att "
        "ställa krav på framkomlighet och tillgänglighet. Däremot avstyrker jag en nationell "
        "avgiftsnivå. Avgiften för offentlig plats speglar markens värde i staden och bör "
        "bestämmas av kommunen."
    ),
    "decision_text": "Remissen besvaras med hänvisning till vad som sägs i promemorian.",
    "memo_ago": 18,
    "preparatory_ago": 11,
    "preparatory_decision": "Borgarrådsberedningen tillstyrker föredragande borgarrådets förslag.",
    "preparatory_statement": (
        ["Karin Wanngård"],
        "Vi delar bedömningen att anmälan räcker för säsongsvisa uteserveringar, men staden "
        "måste samtidigt säkra att gångytorna hålls fria för personer med funktionsnedsättning.",
    ),
    "board_ago": 4,
    "board_decision": "Kommunstyrelsen beslutar i enlighet med borgarrådsberedningens förslag.",
    "board_reservation": (
        ["Jan Valeskog", "Emilia Bjuggren"],
        "Vi reserverar oss mot beslutet till förmån för ett svar som även tillstyrker en "
        "nationell avgiftsnivå, så att villkoren blir lika i hela landet.",
    ),
}  # fmt: skip

# username, role, first name, last name, organisation, unit, person
DEMO_USERS = [
    ("registrator", "registrar", "Rebecka", "Registrator", MUNICIPALITY, None, None),
    ("handlaggare", "case_officer", "Hanna", "Handläggare", MUNICIPALITY, "Rotel I", None),
    ("kontor", "office_respondent", "Kim", "Kontorsson", MUNICIPALITY, "Stadsledningskontoret",
     None),
    ("politiker", "politician", "Anna", "König Jerlmyr", MUNICIPALITY, "Rotel I",
     "Anna König Jerlmyr"),
    ("departement", "issuer_official", "Dag", "Departementsson", "Finansdepartementet", None,
     None),
    ("admin", "administrator", "Ada", "Administratör", MUNICIPALITY, None, None),
]  # fmt: skip
DEMO_PASSWORD = "demo"  # noqa: S105 - documented demo password, refused in production

# Finansdepartementet's own referral in the demo (issuer side): title, reference, proposals,
# the bodies chosen (two of them use Remiss or could; the others get e-mail).
OUTGOING_REFERRAL = (
    "En samlad tillsyn över kommunernas ekonomi",
    "SOU 2026:21",
    ["En ny tillsynsmyndighet", "Avgifter för tillsynen", "Ikraftträdande den 1 januari 2028"],
    ["Stockholms stad", "Boverket", "Naturvårdsverket", "Sveriges Kommuner och Regioner"],
)
