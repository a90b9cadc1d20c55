"""Latvian words for demo data: names, places, titles, publishers, events."""

from __future__ import annotations

MALE_FIRST = ["Jānis", "Andris", "Pēteris", "Māris", "Juris", "Aivars", "Edgars", "Kārlis", "Artūrs", "Roberts", "Dāvis", "Gustavs", "Ēriks", "Oskars", "Miķelis", "Ričards", "Valdis", "Imants", "Gunārs", "Aleksandrs", "Sergejs", "Ivars", "Krišjānis", "Rūdolfs", "Mārtiņš", "Emīls", "Markuss", "Kristaps", "Niks", "Ralfs", "Tomass", "Intars", "Uldis", "Ģirts", "Egīls", "Raimonds", "Vilnis", "Zigmārs", "Ojārs", "Arvīds", "Voldemārs", "Leonīds", "Anatolijs", "Jurģis", "Lūkass"]
FEMALE_FIRST = ["Anna", "Marija", "Līga", "Ilze", "Inese", "Kristīne", "Dace", "Sandra", "Ieva", "Laura", "Elīza", "Emīlija", "Sofija", "Paula", "Alise", "Katrīna", "Madara", "Zane", "Agnese", "Evita", "Rūta", "Ligita", "Vija", "Biruta", "Skaidrīte", "Ausma", "Dzidra", "Ināra", "Vizma", "Gunta", "Daiga", "Sarmīte", "Terēze", "Estere", "Amēlija", "Līva", "Keita", "Ērika", "Ņina", "Aija", "Ilona", "Baiba", "Zaiga", "Jolanta", "Iveta", "Santa", "Signe", "Ruta", "Valentīna"]
# (masculine, feminine) forms of the same family name.
SURNAMES = (
    ("Bērziņš", "Bērziņa"), ("Kalniņš", "Kalniņa"), ("Ozoliņš", "Ozoliņa"),
    ("Jansons", "Jansone"), ("Ozols", "Ozola"), ("Liepiņš", "Liepiņa"),
    ("Krūmiņš", "Krūmiņa"), ("Balodis", "Balode"), ("Eglītis", "Eglīte"),
    ("Zariņš", "Zariņa"), ("Pētersons", "Pētersone"), ("Vītols", "Vītola"),
    ("Kļaviņš", "Kļaviņa"), ("Kārkliņš", "Kārkliņa"), ("Vanags", "Vanaga"),
    ("Zvirbulis", "Zvirbule"), ("Ābols", "Ābola"), ("Šmits", "Šmite"),
    ("Ķēniņš", "Ķēniņa"), ("Grīnbergs", "Grīnberga"), ("Rozītis", "Rozīte"),
    ("Sproģis", "Sproģe"), ("Dzenis", "Dzene"), ("Lācis", "Lāce"),
    ("Mežs", "Meža"), ("Gailītis", "Gailīte"), ("Siliņš", "Siliņa"),
    ("Čakste", "Čakste"), ("Puriņš", "Puriņa"), ("Žagars", "Žagare"),
    ("Ivanovs", "Ivanova"), ("Petrovs", "Petrova"), ("Romanovskis", "Romanovska"),
    ("Līcis", "Līce"), ("Upītis", "Upīte"), ("Strautiņš", "Strautiņa"),
    ("Kazāks", "Kazāka"), ("Skudra", "Skudra"), ("Liepa", "Liepa"), ("Priede", "Priede"),
)
VILLAGES = ("Rožupe", "Rožupe", "Rožupe", "Sila", "Upenieki", "Kalnieši", "Dzelmes", "Vanagi")
STREETS = ("Skolas iela", "Dārza iela", "Liepu iela", "Pagasta iela", "Ezera iela", "Meža iela")
MAIL_DOMAINS = ("inbox.lv", "gmail.com", "apollo.lv", "tvnet.lv", "outlook.com")

TITLE_NOUNS = (
    "mājas", "upe", "dārzs", "ceļš", "sapnis", "vasara", "ziema", "mežs", "zvaigzne",
    "pasaka", "laiva", "dziesma", "vējš", "saule", "pūce", "lapsa", "lācis", "ezers",
    "pilsēta", "sēta", "gaisma", "atmiņas", "noslēpums", "draugs", "ābele", "putni",
)
# Definite adjectives in the feminine singular (`agree` gives the noun's gender and number)
# and nouns in the genitive that qualify any noun unchanged (Zelta, Rudens).
TITLE_ADJECTIVES = (
    "Baltā", "Klusā", "Zaļā", "Pēdējā", "Vecā", "Mazā", "Lielā", "Zelta", "Tālā",
    "Slepenā", "Jaunā", "Dzidrā", "Sarkanā", "Rudens", "Pavasara",
)


def agree(adjective: str, noun: str) -> str:
    """The definite adjective in the noun's gender and number, as the noun's ending tells:
    Baltais ceļš, Baltā upe, Baltie putni, Baltās mājas; Zelta … stays as it is."""
    if not adjective.endswith("ā"):
        return adjective
    stem = adjective[:-1]
    if noun.endswith(("as", "es")):
        return stem + "ās"
    if noun.endswith("i"):
        return stem + "ie"
    if noun.endswith(("s", "š")):
        return stem + "ais"
    return adjective
NONFICTION_TITLES = (
    ("Biškopība iesācējiem", "638.1"), ("Dārzkopība mazdārziņā", "635"),
    ("Latvijas vēsture 20. gadsimtā", "94(474.3)"), ("Latgales virtuve", "641.5"),
    ("Ārstniecības augi Latvijā", "615.32"), ("Bērna psiholoģija", "159.922.7"),
    ("Datorprasmes senioriem", "004"), ("Putni Latvijas mežos", "598.2"),
    ("Koka mājas atjaunošana", "69"), ("Sēņu atlants", "582.28"),
    ("Latviešu tautasdziesmas", "398.8"), ("Zivju ceļvedis", "597"),
)
HERITAGE_TITLES = (
    "Rožupes pagasta vēsture", "Līvānu novada ļaudis", "Rožupes skolai 100",
    "Dubnas krastos", "Atmiņas par Rožupes muižu", "Latgales novada dziesmas",
)
PERIODICALS = (
    ("Ieva", "1407-0529"), ("Santa", "1407-1274"), ("Ilustrētā Zinātne", "1691-0214"),
    ("Dārza Pasaule", "1407-4850"), ("Līvānu Novada Vēstis", "1691-5151"),
    ("Mans Mazais", "1407-4923"), ("Latvijas Avīze", "1407-3692"),
)
PUBLISHERS = (
    "Zvaigzne ABC", "Jāņa Rozes apgāds", "Liels un mazs", "Pētergailis", "Nordik",
    "Dienas Grāmata", "Mansards", "Zinātne", "Jumava", "Latvijas Mediji", "Madris",
)
AUDIOVISUAL_TITLES = ("Latviešu multfilmu izlase", "Dziesmu svētki", "Pasakas klausīšanai")
GAME_TITLES = ("Galda spēle „Ceļojums pa Latviju”", "Puzle „Rīgas skati”", "Erudīts")

EVENT_TEMPLATES = (
    ("reading", True, "Pasaku rīts mazajiem lasītājiem"),
    ("reading", False, "Literārā pēcpusdiena: {author} un viņa grāmatas"),
    ("lesson", True, "Bibliotekārā stunda {grade}. klasei"),
    ("club", True, "Grāmatu draugu klubiņš"),
    ("workshop", True, "Radošā darbnīca „Ziemassvētku apsveikumi”"),
    ("workshop", False, "Rokdarbu pēcpusdiena"),
    ("meeting", False, "Tikšanās ar rakstnieci {author}"),
    ("exhibition", False, "Izstāde „Rožupes pagasts fotogrāfijās”"),
    ("exhibition", True, "Bērnu zīmējumu izstāde „Mana mīļākā grāmata”"),
    ("other", False, "Dzejas dienas Rožupē"),
)
# Events of a season, with the months they belong to and what the same slot holds in
# other months (same kind and audience, so the attendance drawn stays the same).
SEASONAL_EVENTS = {
    "Radošā darbnīca „Ziemassvētku apsveikumi”": (
        (11, 12), "Radošā darbnīca „Rotaļlietas no dabas materiāliem”"),
    "Dzejas dienas Rožupē": ((9,), "Dzejas pēcpusdiena Rožupē"),
}
EVENT_PLACES = ("Rožupes bibliotēka", "Rožupes bibliotēkas lasītava", "Rožupes tautas nams")
REFERENCE_TOPICS = (
    "Biškopība", "Dzimtas vēsture", "Pašvaldības pakalpojumi", "Receptes", "Mājas darbi",
    "Latvijas vēsture", "E-pakalpojumi", "Dārza darbi",
)
