using FactTracker.Figures;

namespace FactTracker.Extraction.Languages;

/// <summary>English as newsrooms write it: wire copy, live blogs, official statements. Every English word the engine knows is here.</summary>
public static class English
{
    public static Language Language { get; } = new()
    {
        Name = "en",

        NumberWords = new Dictionary<string, int>
        {
            ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
            ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13,
            ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18,
            ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fourty"] = 40, ["fifty"] = 50,
            ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
        },
        GroupMultipliers = new Dictionary<string, long> { ["hundred"] = 100 },
        ScaleWords = new Dictionary<string, long>
        {
            ["thousand"] = 1_000, ["million"] = 1_000_000, ["billion"] = 1_000_000_000,
        },
        DecimalMark = '.',
        GroupSeparators = ",\u00A0\u202F\u2009",
        ScaleSuffixes = new Dictionary<string, long>
        {
            ["k"] = 1_000, ["m"] = 1_000_000, ["mn"] = 1_000_000, ["bn"] = 1_000_000_000,
        },
        OneBeforeMultiplier = ["a", "an"],
        NumberJoiners = ["and"],
        CountNouns = new Dictionary<string, long> { ["dozen"] = 12 },
        VagueTerms = new Dictionary<string, string>
        {
            // Keys of FactTracker.Figures.VagueTerms, which fixes the bounds.
            ["a dozen"] = "a dozen",
            ["dozens"] = "dozens",
            ["scores"] = "scores",
            ["hundreds"] = "hundreds",
            ["thousands"] = "thousands",
            ["tens of thousands"] = "tens of thousands",
            ["hundreds of thousands"] = "hundreds of thousands",
            ["millions"] = "millions",
            // Not in the Figures table by these words, but the same quantities.
            ["several dozen"] = "dozens", ["a few dozen"] = "dozens",
            ["several hundred"] = "hundreds", ["a few hundred"] = "hundreds", ["many hundreds"] = "hundreds",
            ["several thousand"] = "thousands", ["a few thousand"] = "thousands", ["many thousands"] = "thousands",
            ["several million"] = "millions", ["a few million"] = "millions",
        },

        Qualifiers = new Dictionary<string, string>
        {
            ["more than"] = ValueKinds.AtLeast, ["over"] = ValueKinds.AtLeast, ["at least"] = ValueKinds.AtLeast,
            ["upwards of"] = ValueKinds.AtLeast, ["upward of"] = ValueKinds.AtLeast, ["in excess of"] = ValueKinds.AtLeast,
            ["no fewer than"] = ValueKinds.AtLeast, ["no less than"] = ValueKinds.AtLeast, ["not less than"] = ValueKinds.AtLeast,
            ["well over"] = ValueKinds.AtLeast, ["just over"] = ValueKinds.AtLeast, ["a minimum of"] = ValueKinds.AtLeast,
            ["well above"] = ValueKinds.AtLeast, ["above"] = ValueKinds.AtLeast, ["a little over"] = ValueKinds.AtLeast,
            ["slightly more than"] = ValueKinds.AtLeast, ["passed"] = ValueKinds.AtLeast, ["topped"] = ValueKinds.AtLeast,
            ["exceeded"] = ValueKinds.AtLeast, ["surpassed"] = ValueKinds.AtLeast,

            ["up to"] = ValueKinds.AtMost, ["fewer than"] = ValueKinds.AtMost, ["less than"] = ValueKinds.AtMost,
            ["no more than"] = ValueKinds.AtMost, ["not more than"] = ValueKinds.AtMost, ["at most"] = ValueKinds.AtMost,
            ["under"] = ValueKinds.AtMost, ["just under"] = ValueKinds.AtMost, ["as many as"] = ValueKinds.AtMost,
            ["a maximum of"] = ValueKinds.AtMost, ["below"] = ValueKinds.AtMost,

            ["about"] = ValueKinds.Approximate, ["around"] = ValueKinds.Approximate, ["some"] = ValueKinds.Approximate,
            ["roughly"] = ValueKinds.Approximate, ["nearly"] = ValueKinds.Approximate, ["almost"] = ValueKinds.Approximate,
            ["approximately"] = ValueKinds.Approximate, ["approx ."] = ValueKinds.Approximate, ["approx"] = ValueKinds.Approximate,
            ["an estimated"] = ValueKinds.Approximate, ["estimated"] = ValueKinds.Approximate, ["close to"] = ValueKinds.Approximate,
            ["circa"] = ValueKinds.Approximate, ["more or less"] = ValueKinds.Approximate, ["an approximate"] = ValueKinds.Approximate,
            ["an estimate of"] = ValueKinds.Approximate,
            ["close on"] = ValueKinds.Approximate, ["getting on for"] = ValueKinds.Approximate,
            ["a total of"] = ValueKinds.Exact, ["exactly"] = ValueKinds.Exact, ["precisely"] = ValueKinds.Exact,
        },
        RangeOpeners = ["between", "from"],
        RangeJoiners = ["and", "to", "or", "-", "–", "—"],
        FromWords = ["from"],
        ToWords = ["to"],
        ChangeWords =
        [
            "rose", "risen", "rise", "rises", "rising", "climbed", "climbs", "climbing", "jumped", "jumps", "increased",
            "increases", "grew", "grown", "revised", "revising", "raised", "raising", "lowered", "lowering", "fell",
            "fallen", "falls", "dropped", "drops", "decreased", "corrected", "updated", "changed", "up", "down",
            "upward", "upwards", "downward", "downwards", "went", "gone", "moved", "leapt", "soared", "surged",
        ],
        DeltaBefore = ["another", "further", "additional", "by", "extra", "plus"],
        DeltaAfter = ["more", "additional", "further", "new", "extra", "fresh"],
        OldValueBefore = ["previous", "earlier", "initial", "original", "former", "prior", "from"],

        MetricPhrases =
        [
            // killed
            new("killed", Metrics.Killed), new("killing", Metrics.Killed), new("kills", Metrics.Killed), new("kill", Metrics.Killed),
            new("dead", Metrics.Killed, IsNoun: true), new("died", Metrics.Killed), new("die", Metrics.Killed),
            new("deaths", Metrics.Killed, IsNoun: true), new("death toll", Metrics.Killed, IsNoun: true),
            new("toll", Metrics.Killed, IsNoun: true), new("fatalities", Metrics.Killed, IsNoun: true),
            new("lost their lives", Metrics.Killed), new("lost their life", Metrics.Killed), new("have lost their lives", Metrics.Killed),
            new("bodies", Metrics.Killed, IsNoun: true), new("bodies recovered", Metrics.Killed, IsNoun: true),
            new("bodies were recovered", Metrics.Killed, IsNoun: true), new("bodies have been recovered", Metrics.Killed, IsNoun: true),
            new("bodies found", Metrics.Killed, IsNoun: true), new("bodies were found", Metrics.Killed, IsNoun: true),
            new("were shot dead", Metrics.Killed), new("shot dead", Metrics.Killed), new("killed outright", Metrics.Killed),
            new("number of dead", Metrics.Killed, IsNoun: true), new("number of deaths", Metrics.Killed, IsNoun: true),
            new("dead bodies", Metrics.Killed, IsNoun: true), new("people killed", Metrics.Killed),
            new("perished", Metrics.Killed), new("confirmed dead", Metrics.Killed), new("fatality", Metrics.Killed, IsNoun: true),
            new("drowned", Metrics.Killed), new("liquidated", Metrics.Killed), new("died in custody", Metrics.Killed),
            // injured
            new("injured", Metrics.Injured, IsNoun: true), new("injuring", Metrics.Injured), new("injures", Metrics.Injured),
            new("injure", Metrics.Injured), new("wounded", Metrics.Injured, IsNoun: true), new("wounding", Metrics.Injured),
            new("hurt", Metrics.Injured), new("hurting", Metrics.Injured), new("injuries", Metrics.Injured, IsNoun: true),
            new("injury toll", Metrics.Injured, IsNoun: true), new("suffered injuries", Metrics.Injured),
            new("sustained injuries", Metrics.Injured), new("were injured", Metrics.Injured), new("number of injured", Metrics.Injured, IsNoun: true),
            new("treated for injuries", Metrics.Injured), new("treated for wounds", Metrics.Injured), new("treated for burns", Metrics.Injured),
            new("with injuries", Metrics.Injured), new("with gunshot wounds", Metrics.Injured), new("with stab wounds", Metrics.Injured),
            new("with wounds", Metrics.Injured), new("with burns", Metrics.Injured), new("with bullet wounds", Metrics.Injured),
            // hospitalized
            new("hospitalized", Metrics.Hospitalized), new("hospitalised", Metrics.Hospitalized),
            new("hospitalizations", Metrics.Hospitalized, IsNoun: true), new("hospitalisations", Metrics.Hospitalized, IsNoun: true),
            new("admitted to hospital", Metrics.Hospitalized), new("admitted to hospitals", Metrics.Hospitalized),
            new("admitted to the hospital", Metrics.Hospitalized), new("taken to hospital", Metrics.Hospitalized),
            new("taken to hospitals", Metrics.Hospitalized), new("rushed to hospital", Metrics.Hospitalized),
            new("taken to the hospital", Metrics.Hospitalized), new("treated in hospital", Metrics.Hospitalized),
            new("remain in hospital", Metrics.Hospitalized), new("remained in hospital", Metrics.Hospitalized),
            new("remains in hospital", Metrics.Hospitalized), new("still in hospital", Metrics.Hospitalized),
            new("are in hospital", Metrics.Hospitalized), new("were in hospital", Metrics.Hospitalized),
            new("in intensive care", Metrics.Hospitalized), new("in critical condition", Metrics.Hospitalized),
            new("in a critical condition", Metrics.Hospitalized), new("in serious condition", Metrics.Hospitalized),
            new("in a serious condition", Metrics.Hospitalized), new("in critical care", Metrics.Hospitalized),
            new("to hospital", Metrics.Hospitalized), new("to hospitals", Metrics.Hospitalized), new("to the hospital", Metrics.Hospitalized),
            new("to a hospital", Metrics.Hospitalized), new("in hospital", Metrics.Hospitalized), new("in hospitals", Metrics.Hospitalized),
            // arrested
            new("arrested", Metrics.Arrested), new("arresting", Metrics.Arrested), new("arrests", Metrics.Arrested, IsNoun: true),
            new("detained", Metrics.Arrested), new("detaining", Metrics.Arrested), new("detentions", Metrics.Arrested, IsNoun: true),
            new("taken into custody", Metrics.Arrested), new("held in custody", Metrics.Arrested), new("in custody", Metrics.Arrested),
            new("rounded up", Metrics.Arrested), new("jailed", Metrics.Arrested), new("imprisoned", Metrics.Arrested),
            // Passive only: "300 people held a vigil" is no arrest.
            new("were held", Metrics.Arrested, AfterNumberOnly: true), new("are held", Metrics.Arrested, AfterNumberOnly: true),
            new("been held", Metrics.Arrested, AfterNumberOnly: true), new("being held", Metrics.Arrested, AfterNumberOnly: true),
            // missing
            new("missing", Metrics.Missing, IsNoun: true), new("unaccounted for", Metrics.Missing),
            new("remain unaccounted for", Metrics.Missing), new("disappeared", Metrics.Missing),
            // displaced
            new("displaced", Metrics.Displaced, IsNoun: true), new("displacing", Metrics.Displaced),
            new("evacuated", Metrics.Displaced), new("evacuating", Metrics.Displaced), new("evacuees", Metrics.Displaced, IsNoun: true),
            new("fled their homes", Metrics.Displaced), new("have fled their homes", Metrics.Displaced),
            new("forced to flee", Metrics.Displaced), new("forced from their homes", Metrics.Displaced),
            new("forced out of their homes", Metrics.Displaced), new("made homeless", Metrics.Displaced),
            new("left homeless", Metrics.Displaced), new("uprooted", Metrics.Displaced),
            new("lost their homes", Metrics.Displaced), new("sought refuge", Metrics.Displaced), new("sought shelter", Metrics.Displaced),
            // Not a bare "fled": "three gunmen fled the scene" displaced no one.
            new("have fled", Metrics.Displaced, AfterNumberOnly: true), new("had fled", Metrics.Displaced, AfterNumberOnly: true),
            new("fled the fighting", Metrics.Displaced), new("fled the violence", Metrics.Displaced), new("fled the country", Metrics.Displaced),
            new("fled the city", Metrics.Displaced), new("fled the region", Metrics.Displaced), new("fled the area", Metrics.Displaced),
            new("fled abroad", Metrics.Displaced), new("fled across the border", Metrics.Displaced), new("fled to safety", Metrics.Displaced), new("in shelters", Metrics.Displaced), new("in emergency shelters", Metrics.Displaced),
            new("in temporary shelters", Metrics.Displaced), new("in evacuation centres", Metrics.Displaced),
            new("in evacuation centers", Metrics.Displaced), new("in relief camps", Metrics.Displaced),
            new("in temporary accommodation", Metrics.Displaced), new("homeless", Metrics.Displaced),
        ],
        TotalNouns = ["total", "figure", "tally", "count", "number", "toll", "overall figure", "official figure", "official count", "overall total"],
        LeftBridges =
        [
            "to", "at", "of", "is", "was", "were", "are", "has", "have", "had", "been", "now", "stands", "stood", "stand",
            "rose", "risen", "rise", "rises", "climbed", "climbs", "jumped", "jumps", "reached", "reaches", "reach", "hit",
            "hits", "increased", "increases", "grew", "grown", "went", "gone", "up", "down", "revised", "raised", "lowered",
            "upward", "upwards", "downward", "downwards", "officially", "put", "the", "already", "reportedly", "numbered",
            "numbers", "totalled", "totaled", "totals", "included", "includes", "include", "amounted", "amounts", "as",
            "given", "set", "remains", "remained", "currently", ":", "climbing", "rising", "reaching", "bringing", "brings",
            "brought", "taking", "takes", "took", "pushing", "pushed", "pushes", "raising", "so", "far", "thus", "confirmed",
            "there", "lowering", "corrected", "updated", "stands", "stood", "now", "today", "tonight", "overall", "toll's",
            "fell", "fallen", "dropped", "decreased", "declined", "also", "later", "earlier", "again", "since", "then", "all",
        ],
        AdverbEndings = ["ly"],
        RightFillers =
        [
            "were", "was", "are", "is", "have", "has", "had", "been", "being", "be", "reportedly", "also", "now", "so",
            "far", "still", "all", "later", "allegedly", "believed", "thought", "understood", "known", "said", "reported",
            "to", "remain", "remained", "remains", "since", "already", "subsequently", "who", "that", "confirmed",
            "officially", "either", "both", "each", "then", "eventually", "feared", "presumed", "say", "says", "were being",
            "apparently", "probably", "themselves", "listed", "as", "declared", "found", "placed", "living", "staying",
            "sheltering", "housed", "lying", "got", "get", "getting", "became", "become", "went", "gone", "being", "been", "who",
        ],
        PhraseStops =
        [
            "in", "on", "at", "near", "outside", "inside", "from", "with", "for", "by", "after", "before", "during",
            "since", "across", "into", "onto", "through", "toward", "towards", "against", "while", "when", "where",
            "as", "than", "because", "and", "or", "but", "nor", "which", "whose", "if", "unless", "although", "though",
            "without", "within", "per", "via", "among", "amid", "amongst", "over", "under", "about", "around", "behind",
            "beyond", "despite", "until", "till", "upon", "like", "unlike",
        ],
        OfWords = ["of"],
        Determiners = ["the", "a", "an", "their", "its", "his", "her", "our", "these", "those", "whom", "them"],
        SubsetMarkers = ["those", "the", "them", "whom", "these"],
        Modals =
        [
            "could", "may", "might", "would", "will", "expected", "likely", "projected", "forecast", "predicted",
            "predicts", "warned", "warns", "fear", "fears", "if", "should", "possibly", "potentially", "risk", "threaten",
            "threatens", "threatened", "planned", "plans", "intends", "hope", "hopes", "wanted", "aim", "aims",
        ],
        InclusionMarkers = ["including", "among them", "among whom", "of whom", "of them", "among those", "among the"],

        Subjects = new Dictionary<string, string>
        {
            ["people"] = "people", ["persons"] = "people", ["person"] = "people", ["individuals"] = "people",
            ["others"] = "people", ["victims"] = "people", ["men"] = "people", ["women"] = "people", ["man"] = "people",
            ["woman"] = "people", ["citizens"] = "people", ["nationals"] = "people", ["survivors"] = "people",
            ["patients"] = "people", ["passengers"] = "people", ["members"] = "people", ["family members"] = "people",
            ["relatives"] = "people", ["staff"] = "people", ["employees"] = "people", ["workers"] = "people",
            ["crew"] = "people", ["crew members"] = "people", ["pilgrims"] = "people", ["worshippers"] = "people",
            ["fans"] = "people", ["spectators"] = "people", ["locals"] = "residents", ["foreigners"] = "people",
            ["miners"] = "people", ["suspects"] = "people", ["adults"] = "people", ["victim"] = "people",
            ["security forces"] = "security-forces", ["security force"] = "security-forces",
            ["security personnel"] = "security-forces", ["security officers"] = "security-forces",
            ["security service"] = "security-forces", ["law enforcement officers"] = "security-forces",
            ["law enforcement personnel"] = "security-forces", ["law enforcement"] = "security-forces",
            ["national guard"] = "security-forces", ["national guardsmen"] = "security-forces",
            ["police"] = "police", ["police officers"] = "police", ["policemen"] = "police", ["policewomen"] = "police",
            ["officers"] = "police", ["riot police"] = "police", ["gendarmes"] = "police", ["police officer"] = "police",
            ["soldiers"] = "soldiers", ["troops"] = "soldiers", ["servicemen"] = "soldiers", ["service members"] = "soldiers",
            ["military personnel"] = "soldiers", ["peacekeepers"] = "soldiers", ["soldier"] = "soldiers", ["conscripts"] = "soldiers",
            ["demonstrators"] = "demonstrators", ["protesters"] = "demonstrators", ["protestors"] = "demonstrators",
            ["rioters"] = "demonstrators", ["marchers"] = "demonstrators", ["activists"] = "demonstrators",
            ["civilians"] = "civilians", ["non-combatants"] = "civilians",
            ["children"] = "children", ["child"] = "children", ["kids"] = "children", ["minors"] = "children",
            ["babies"] = "children", ["infants"] = "children", ["boys"] = "children", ["girls"] = "children",
            ["schoolchildren"] = "children", ["teenagers"] = "children",
            ["journalists"] = "journalists", ["reporters"] = "journalists", ["photographers"] = "journalists",
            ["media workers"] = "journalists", ["journalist"] = "journalists", ["camera operators"] = "journalists",
            ["residents"] = "residents", ["inhabitants"] = "residents", ["villagers"] = "residents",
            ["health workers"] = "health-workers", ["healthcare workers"] = "health-workers", ["medics"] = "health-workers",
            ["doctors"] = "health-workers", ["nurses"] = "health-workers", ["paramedics"] = "health-workers",
            ["medical staff"] = "health-workers", ["medical workers"] = "health-workers", ["health care workers"] = "health-workers",
            ["aid workers"] = "aid-workers", ["humanitarian workers"] = "aid-workers", ["aid staff"] = "aid-workers",
            ["migrants"] = "migrants", ["refugees"] = "migrants", ["asylum seekers"] = "migrants",
            ["prisoners"] = "prisoners", ["inmates"] = "prisoners", ["detainees"] = "prisoners",
            ["students"] = "students", ["pupils"] = "students",
            ["tourists"] = "tourists", ["visitors"] = "tourists",
            ["firefighters"] = "firefighters", ["firemen"] = "firefighters", ["rescue workers"] = "rescuers", ["rescuers"] = "rescuers",
            ["militants"] = "militants", ["gunmen"] = "militants", ["fighters"] = "militants", ["insurgents"] = "militants",
            ["attackers"] = "militants", ["rebels"] = "militants",
        },
        DefaultSubject = "people",

        ThingNouns =
        [
            "homes", "houses", "house", "home", "buildings", "building", "apartments", "flats", "shops", "stores",
            "businesses", "cars", "vehicles", "trucks", "lorries", "buses", "tanks", "aircraft", "planes", "jets",
            "helicopters", "drones", "rockets", "missiles", "shells", "bombs", "rounds", "shots", "bullets", "ships",
            "boats", "schools", "hospitals", "clinics", "villages", "towns", "cities", "districts", "regions",
            "provinces", "countries", "nations", "streets", "roads", "bridges", "km", "kilometres", "kilometers",
            "miles", "metres", "meters", "feet", "foot", "kg", "kilograms", "tonnes", "tons", "litres", "liters",
            "barrels", "hectares", "acres", "degrees", "seconds", "minutes", "hours", "hour", "days", "day", "weeks",
            "week", "months", "month", "years", "year", "decades", "times", "points", "seats", "votes", "ballots",
            "flights", "trains", "tents", "beds", "ambulances", "cases", "incidents", "attacks", "strikes",
            "airstrikes", "protests", "rallies", "sites", "locations", "checkpoints", "stations", "pages", "posts",
            "tweets", "videos", "photos", "images", "messages", "calls", "complaints", "charges", "counts", "cattle",
            "sheep", "animals", "livestock", "dogs", "cows", "horses", "birds", "fires", "blazes", "explosions",
            "blasts", "structures", "properties", "dwellings", "storeys", "floors", "rooms", "doses", "vaccines",
            "tests", "samples", "meals", "parcels", "trucks", "containers", "weapons", "guns", "rifles", "kilos",
            "cm", "mm", "mph", "kph", "km/h", "mw", "gw", "kw", "followers", "views", "likes", "signatures",
            "lanes", "floors", "units", "pieces", "items", "bags", "boxes", "crates", "sandbags", "generators",
            "laws", "articles", "decrees", "measures", "rules", "goals", "medals", "games", "matches", "meetings",
            "talks", "sessions", "events", "conferences", "elections", "questions", "interviews", "hearings",
            "gallons", "kilometre", "kilometer", "mile", "metre", "meter", "bus", "car", "vehicle", "times",
            "nights", "night", "mornings", "afternoons", "evenings", "weekends", "quarters", "storey", "storey-high",
            "acre", "square", "cubic", "mosques", "churches", "temples", "markets", "factories", "plants", "mines",
            "wells", "farms", "fields", "reactors", "households", "families", "family",
        ],
        Months =
        [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        ],
        AmbiguousMonths = ["may", "march", "mar", "jan", "dec", "sep"],
        Weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun"],
        TimeAfter = ["am", "pm", "a.m.", "p.m.", "a.m", "p.m", "gmt", "utc", "bst", "cet", "est", "edt", "pst", "hrs", "h", "o'clock", "o’clock", "local time", "hours local time", "in the morning", "in the evening", "at night", "tonight", "tomorrow"],
        AgeBefore = ["aged", "age", "ages", "ageing", "aging", "age of"],
        AgeAfter = ["years old", "year old", "-year-old", "-years-old", "year-old", "years-old", "- year - old", "-month-old", "months old", "month old", "-year-olds", "year-olds"],
        AgeLimits = ["under", "over", "above", "below"],
        RatioWords = ["in", "out of", "of every", "in every"],
        PercentAfter = ["%", "percent", "per cent", "pc", "percentage", "per-cent", "‰"],
        CurrencyWords =
        [
            "dollars", "dollar", "usd", "us$", "euros", "euro", "eur", "pounds", "pound", "sterling", "gbp", "tenge",
            "kzt", "rubles", "roubles", "ruble", "rouble", "rub", "yuan", "renminbi", "rmb", "yen", "jpy", "francs",
            "franc", "rupees", "rupee", "inr", "dirhams", "dirham", "shekels", "shekel", "lira", "liras", "lire",
            "pesos", "peso", "rand", "naira", "hryvnias", "hryvnia", "uah", "won", "cents", "pence", "dinars", "dinar",
            "riyals", "riyal", "manat", "som", "soms", "lari", "dram", "zloty", "kroner", "krona", "kronor", "bitcoin",
            "bitcoins", "btc",
        ],
        CurrencySymbols = ["$", "€", "£", "¥", "₸", "₽", "₹", "₴", "₺", "₩", "₦", "¢"],
        LabelsBefore =
        [
            "article", "section", "flight", "route", "highway", "no", "nr", "page", "gate", "unit", "block", "district",
            "chapter", "paragraph", "resolution", "platform", "line", "level", "phase", "category", "grade", "room",
            "ward", "zone", "sector", "item", "point", "version", "model", "type", "class", "bus", "channel", "hall",
            "terminal", "building", "floor", "apartment", "flat", "street", "avenue", "road", "lane", "hospital",
            "school", "kilometre", "km", "mile", "exit", "junction", "pier", "dock", "camp", "base", "regiment",
            "brigade", "battalion", "division", "squad", "number", "magnitude", "size", "code", "decree", "law",
            "order", "case", "file", "tier", "act", "protocol", "covid", "sars", "iss", "apollo", "top", "fig", "figure", "table", "annex", "appendix", "step", "stage", "round",
            "game", "match", "week", "day", "year", "season", "episode", "part", "volume", "issue", "vol", "ch", "p",
            "pp", "para", "art", "sec", "tel", "phone", "fax", "ext", "box", "po", "suite", "storey", "row", "seat",
            "track", "reactor", "station", "checkpoint", "polling", "precinct",
        ],
        NoneBefore = ["no"],

        AccordingTo = ["according to", "as reported by", "citing", "quoting"],
        SpeechVerbs =
        [
            "said", "says", "say", "reported", "reports", "report", "added", "adds", "confirmed", "confirms", "confirm",
            "told", "tells", "estimate", "announce", "claim",
            "announced", "announces", "stated", "states", "estimated", "estimates", "put the", "puts the",
            "counted", "counts", "recorded", "registered", "tallied", "wrote", "writes", "tweeted", "posted",
            "declared", "claimed", "claims", "insisted", "noted", "explained", "revealed", "disclosed",
            "acknowledged", "admitted", "warned", "updated", "revised", "gave", "gives", "published", "released",
            "put its", "put their", "put his", "put her", "puts its",
        ],
        NotSpeechBefore = ["was", "were", "is", "are", "been", "be", "being", "the", "a", "an", "widely", "not", "unconfirmed", "reportedly", "of"],
        SourceFillers =
        [
            "has", "have", "had", "also", "later", "earlier", "separately", "previously", "officially", "again",
            "itself", "themselves", "himself", "herself", "for its part", "for their part", "for his part",
            "for her part", "meanwhile", "then", "now", "has also", "had also", "subsequently", "initially",
            "first", "since", "separately", "today", "yesterday", "overnight", "late", "early", "on thursday",
            "on monday", "on tuesday", "on wednesday", "on friday", "on saturday", "on sunday",
        ],
        ReportNouns =
        [
            "report", "reports", "figures", "figure", "data", "statement", "statements", "tally", "tallies",
            "count", "counts", "statistics", "stats", "estimates", "estimate", "update", "updates", "bulletin",
            "briefing", "toll", "list", "records", "record", "survey", "assessment", "numbers", "post", "tweet",
            "message", "release", "press release", "communique", "communiqué", "source", "sources", "footage",
        ],
        ReportLinks = ["by", "from"],
        SourceEnds =
        [
            "on", "in", "at", "during", "via", "through", "after", "before", "since", "when", "while", "who",
            "which", "that", "as", "yesterday", "today", "tonight", "following", "because", "where", "whose",
            "until", "published", "released", "issued", "cited", "quoted",
        ],
        ClauseBoundaries =
        [
            "that", "which", "while", "but", "as", "when", "after", "before", "because", "if", "since", "where",
            "although", "though", "so", "and", "or", "whereas", "who", "whom", "then", "said", "says", "reported",
            "told", "added", "than", "however",
        ],
        ClauseOpeners =
        [
            "on", "this", "last", "later", "earlier", "meanwhile", "separately", "also", "then", "late", "early",
            "today", "yesterday", "overnight", "now", "monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday", "morning", "afternoon", "evening", "night", "in", "in a statement",
            "in a separate statement", "however", "but", "and", "so", "still", "moreover", "furthermore", "additionally",
        ],
        Pronouns = ["he", "she", "they", "it", "we", "i", "you", "who", "which", "one", "this", "that", "these", "those", "some", "others", "both", "many"],
        SourceDroppedArticles = ["the"],

        Abbreviations =
        [
            "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "prof", "jr", "sr",
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "approx",
            "est", "vs", "inc", "ltd", "co", "corp", "dept", "univ", "ave", "maj", "cmdr", "adm", "pres", "gov", "rev",
            "fig", "vol", "etc", "al", "e.g", "i.e", "pp", "p", "para", "art", "sec", "mt", "ft", "ca", "cf", "ch",
        ],
    };
}
