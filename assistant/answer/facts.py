"""What a sentence asserts that must travel unchanged into a claim about it, read in English,
French, Indonesian and Chinese (the corpus languages): quantities (digits with their scale, and
number words), dates (weekdays, months, "two weeks ago"), places (countries, regions, a few
cities, with their adjectives), negation, and causes.

Each extractor returns comparable keys, so a claim in one language can be checked against a
sentence in another: "500 万欧元" and "5 millions d'euros" both hold the quantity 5e6, "hari
Kamis" and "jeudi" the weekday 4, "Jerman" and "Germany" the place ``germany``.
"""
from __future__ import annotations

import re

# -- quantities ------------------------------------------------------------------------------
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SCALES = {"thousand": 1e3, "ribu": 1e3, "mille": 1e3, "千": 1e3, "k": 1e3, "万": 1e4, "百万": 1e6, "千万": 1e7, "million": 1e6,
          "millions": 1e6, "juta": 1e6, "m": 1e6, "mn": 1e6, "亿": 1e8, "billion": 1e9, "billions": 1e9,
          "milliard": 1e9, "milliards": 1e9, "miliar": 1e9, "bn": 1e9}
SCALED = re.compile(r"(\d+(?:[.,]\d+)*)\s*(" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")(?![a-z\u00c0-\u024f])",
                    re.IGNORECASE)
# A scale ends where a Latin word would go on ("100 mètres" is no 100 million). An abbreviated
# scale right before a Chinese character is a unit of measure: "只显示100m内" is 100 metres
# (Chinese writes millions as 百万 or 万).
ABBREVIATED = {"k", "m", "mn", "bn"}
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Number words. "one"/"un"/"satu"/"一" are left out: they are mostly articles and pronouns.
WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "dozen": 12, "twice": 2, "thrice": 3,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12, "vingt": 20, "trente": 30, "douzaine": 12, "dizaine": 10,
    "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9,
    "sepuluh": 10, "sebelas": 11, "selusin": 12,
}
WORD = re.compile(r"\b(" + "|".join(WORDS) + r")(?:\s+(puluh|belas))?\b", re.IGNORECASE)
ZH_DIGITS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# A Chinese numeral counts only before a measure word: 六天, 两次, 十二项 (not 一对一, 统一).
ZH_NUMBER = re.compile(r"([二两三四五六七八九十]{1,3})(?=\s*(?:天|日|次|年|个|項|项|周|岁|名|倍|人|小时|分钟|星期|条|家))")


# A scale with an article or one Chinese numeral for its number: "almost a billion users", "un
# milliard", "satu miliar", "sejuta", "近十亿", "两万": one (or that many) of the scale. A scale
# alone ("millions of posts") states no amount.
ONE_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "mille": 1e3, "milliard": 1e9, "ribu": 1e3,
             "juta": 1e6, "miliar": 1e9}
ONE_SCALED = re.compile(r"\b(?:(?:a|one|un|une|satu)\s+|se)(" + "|".join(ONE_SCALE) + r")\b", re.IGNORECASE)
ZH_SCALED = re.compile(r"(?<![\d.,])([一二两三四五六七八九十]{1,3})\s*(万|亿)")


def _zh_value(text: str) -> int:
    if "十" in text:
        tens, _, ones = text.partition("十")
        return ZH_DIGITS.get(tens, 1) * 10 + ZH_DIGITS.get(ones, 0)
    return ZH_DIGITS.get(text, 0)


def _readings(number: str) -> set[float]:
    """"5,1" is 5.1 in French and Indonesian, "86,000" is 86000 in English: both are kept when
    every group after a separator has three digits; "5.1" is 5.1 only (not 51: "€5.1m" is no
    "5100 万")."""
    out = set()
    grouped = all(len(group) == 3 for group in re.split(r"[.,]", number)[1:])
    for form in (number.replace(",", "."), re.sub(r"[.,]", "", number) if grouped else ""):
        try:
            out.add(float(form))
        except ValueError:
            pass
    return out


def quantities(text: str) -> tuple[list[set[float]], set[float]]:
    """(one set of possible values per quantity stated, every value the text holds). A scaled
    number ("5 millions", "500 万", "€5.1m") states and holds its value only: "950 亿" (95
    billion) is not held by "950 million", nor "5 infractions" by "5 millions d'euros"."""
    text = DATES_ZH_MONTH.sub(" ", text)  # "8 月" is August, not a quantity
    stated, held = [], set()
    scaled = {m.start(1): m for m in SCALED.finditer(text)
              if not (m.group(2).lower() in ABBREVIATED and _HAN.match(text, m.end()))}
    for m in NUMBER.finditer(text):
        values = _readings(m.group())
        if m.start() in scaled:
            factor = SCALES[scaled[m.start()].group(2).lower()]
            values = {round(v * factor, 3) for v in values}
        stated.append(values)
        held |= values
    for m in WORD.finditer(text):
        value = WORDS[m.group(1).lower()]
        value = value * 10 if (m.group(2) or "").lower() == "puluh" else value + 10 if m.group(2) else value
        stated.append({float(value)})
        held.add(float(value))
    for m in ZH_NUMBER.finditer(text):
        stated.append({float(_zh_value(m.group(1)))})
        held.add(float(_zh_value(m.group(1))))
    for value in _scale_words(text):
        stated.append({value})
        held.add(value)
    return stated, held


def _scale_words(text: str) -> list[float]:
    """The amounts a scale states with an article or a Chinese numeral for its number (``ONE_SCALED``)."""
    return ([ONE_SCALE[m.group(1).lower()] for m in ONE_SCALED.finditer(text)]
            + [float(_zh_value(m.group(1)) * SCALES[m.group(2)]) for m in ZH_SCALED.finditer(text)])


# -- dates -------------------------------------------------------------------------------------
WEEKDAYS = [("monday", "lundi", "senin", "周一|星期一|礼拜一"), ("tuesday", "mardi", "selasa", "周二|星期二|礼拜二"),
            ("wednesday", "mercredi", "rabu", "周三|星期三|礼拜三"), ("thursday", "jeudi", "kamis", "周四|星期四|礼拜四"),
            ("friday", "vendredi", "jumat|jum'at", "周五|星期五|礼拜五"), ("saturday", "samedi", "sabtu", "周六|星期六|礼拜六"),
            ("sunday", "dimanche", "hari minggu", "周日|周天|星期日|星期天|礼拜天")]
MONTHS = [("january", "janvier", "januari"), ("february", "février", "februari"), ("march", "mars", "maret"),
          ("april", "avril", "april"), ("may", "mai", "mei"), ("june", "juin", "juni"), ("july", "juillet", "juli"),
          ("august", "août", "agustus"), ("september", "septembre", "september"), ("october", "octobre", "oktober"),
          ("november", "novembre", "november"), ("december", "décembre", "desember")]
ZH_MONTHS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
DATES_ZH_MONTH = re.compile(r"(?<!个)(?<!個)(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])\s*月(?!份?内)")
UNITS = {"day": r"days?|jours?|hari|天|日", "week": r"weeks?|semaines?|minggu|pekan|周|星期|礼拜",
         "month": r"months?|mois|bulan|个月|個月", "year": r"years?|ans?|années?|tahun|年|岁|歲"}
NUMBER_OR_WORD = r"(\d+|" + "|".join(WORDS) + r"|[二两三四五六七八九十]{1,3})"
# "39 years old" is "39-year-old": a hyphen joins them as well as a space
SPANS = [(unit, re.compile(NUMBER_OR_WORD + r"[\s-]*(?:" + pattern + r")(?![a-z\u00c0-\u024f])", re.IGNORECASE))
         for unit, pattern in UNITS.items()]
WEEKDAY = [(f"weekday {n}", re.compile(rf"\b({en}|{fr}|{id_})\b|{zh}", re.IGNORECASE))
           for n, (en, fr, id_, zh) in enumerate(WEEKDAYS, start=1)]
MONTH = [(f"month {n}", re.compile(rf"\b({'|'.join(names)})\b", re.IGNORECASE)) for n, names in enumerate(MONTHS, 1)]
# "May" and "mars" are also a verb and a planet: as months they must stand next to a day or a year.
AMBIGUOUS_MONTHS = {"may", "mars"}


def _count(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return WORDS.get(word) or _zh_value(word)


def dates(text: str) -> set[str]:
    """Weekdays, months and spans ("2 week") named in the text."""
    found = {key for key, pattern in WEEKDAY if pattern.search(text)}
    for key, pattern in MONTH:
        for m in pattern.finditer(text):
            if m.group(1).lower() not in AMBIGUOUS_MONTHS or re.search(rf"\d\s*{m.group(1)}|{m.group(1)}\s*\d", text):
                found.add(key)
    for m in DATES_ZH_MONTH.finditer(text):
        number = m.group(1)
        found.add(f"month {int(number) if number.isdigit() else ZH_MONTHS.index(number) + 1}")
    for unit, pattern in SPANS:
        for m in pattern.finditer(text):
            count = _count(m.group(1))
            if 0 < count < 1000:  # "2022 年" is a year, not a span of 2022 years
                found.add(f"{count} {unit}")
    return found


def counts_outside_spans(text: str, spans: set[str]) -> str:
    """The text with its spans of days, weeks and months blanked, but for those in ``spans``
    ("2 week"): "dua minggu yang lalu" holds no count of 2 for "inculpé de 2 infractions". Years
    are left: "the 39-year-old" gives an age that a claim may write "Durov, 39,"."""
    for unit, pattern in SPANS:
        if unit != "year":
            text = pattern.sub(lambda m, unit=unit: m.group(0) if f"{_count(m.group(1))} {unit}" in spans else " ", text)
    return text


# How often: "twice a week", "deux fois par semaine", "dua kali seminggu", "每周两次", "daily". A
# period counts only where it says how often ("a day after" and "sehari setelah" are no period);
# "quotidien" alone is also a newspaper, "Daily" a name, so those are left out.
_TIMES = r"(?:once|twice|thrice|times?)\s+(?:a|an|per|each|every)\s+"
_PERIODS = {
    "day": (r"(?i:" + _TIMES + r"day|\b(?:per|each|every)\s+day|\bpar\s+jour|chaque\s+jour|tous\s+les\s+jours|"
            r"quotidiennement|kali\s+(?:dalam\s+)?sehari|\b(?:per|setiap|tiap)\s+hari\b|\bharian\b)|\bdaily\b|每天|每日|天天"),
    "week": (r"(?i:" + _TIMES + r"week|\b(?:per|each|every)\s+week|\bpar\s+semaine|chaque\s+semaine|toutes\s+les\s+semaines|"
             r"hebdomadaire|kali\s+(?:dalam\s+)?se(?:minggu|pekan)|\b(?:per|setiap|tiap)\s+(?:minggu|pekan)\b|\bmingguan\b)|"
             r"\bweekly\b|每周|每星期|每个星期|每礼拜"),
    "month": (r"(?i:" + _TIMES + r"month|\b(?:per|each|every)\s+month|\bpar\s+mois|chaque\s+mois|tous\s+les\s+mois|"
              r"mensuel|kali\s+(?:dalam\s+)?sebulan|\b(?:per|setiap|tiap)\s+bulan\b|\bbulanan\b)|\bmonthly\b|每月|每个月|月活"),
    "year": (r"(?i:" + _TIMES + r"year|\b(?:per|each|every)\s+year|\bpar\s+an\b|par\s+année|chaque\s+année|tous\s+les\s+ans|"
             r"annuel|kali\s+(?:dalam\s+)?setahun|\b(?:per|setiap|tiap)\s+tahun\b|\btahunan\b)|\b(?:yearly|annually|annual)\b|每年"),
}
PERIODS = {period: re.compile(pattern) for period, pattern in _PERIODS.items()}


def periods(text: str) -> set[str]:
    """How often the text says something happens: "per day", "per week", ... ("deux fois par
    semaine" -> {"week"})."""
    return {period for period, pattern in PERIODS.items() if pattern.search(text)}


CURRENCIES = re.compile(r"(?i)\b(?:euros?|dollars?|pounds?|livres?|dolar|pound)\b|[€$£]|欧元|美元|英镑")


def without_values(text: str) -> str:
    """The text with its quantities, dates and spans blanked, with their scales, units and
    currencies: what it says besides its values ("Uang jaminannya adalah 5 juta euro." -> "Uang
    jaminannya adalah  .")."""
    patterns = [SCALED, *(p for _, p in SPANS), *(p for _, p in WEEKDAY), *(p for _, p in MONTH),
                DATES_ZH_MONTH, ZH_NUMBER, WORD, NUMBER, CURRENCIES]
    for pattern in patterns:
        text = pattern.sub(" ", text)
    return text


def date_words(text: str) -> set[str]:
    """The weekday and month names of the text, lower-cased (the name rule leaves them to ``dates``)."""
    words = {m.group(0).lower() for _, p in WEEKDAY + MONTH for m in p.finditer(text)}
    return {w for w in words if w.isascii() or not _HAN.search(w)}


# -- places --------------------------------------------------------------------------------------
# Countries, regions and cities with their adjectives; Latin forms match at a word start.
PLACES = {
    "france": ("france", "french", "français", "francais", "française", "prancis", "法国", "法國"),
    "russia": ("russia", "russian", "russie", "russe", "rusia", "俄罗斯", "俄羅斯", "俄国"),
    "iran": ("iran", "伊朗"),
    "china": ("china", "chinese", "chine", "chinois", "cina", "tiongkok", "中国", "中國"),
    "germany": ("germany", "german", "allemagne", "allemand", "jerman", "德国", "德國"),
    "uk": ("uk", "u.k.", "britain", "british", "united kingdom", "royaume-uni", "britannique", "inggris", "英国", "英國"),
    "us": ("u.s.", "usa", "united states", "american", "états-unis", "etats-unis", "américain", "amerika", "美国", "美國"),
    "europe": ("eu", "europe", "european", "ue", "union européenne", "européen", "eropa", "欧盟", "欧洲", "歐盟", "歐洲"),
    "south korea": ("korea", "korean", "corée", "coréen", "韩国", "韓國", "南韩"),
    "japan": ("japan", "japanese", "japon", "japonais", "jepang", "日本"),
    "india": ("india", "indian", "inde", "indien", "印度"),
    "indonesia": ("indonesia", "indonesian", "indonésie", "indonésien", "印度尼西亚", "印度尼西亞", "印尼"),
    "vietnam": ("vietnam", "viet nam", "viêt nam", "vietnamese", "vietnamien", "越南"),
    "singapore": ("singapore", "singapour", "singapura", "新加坡"),
    "malaysia": ("malaysia", "malaisie", "马来西亚", "馬來西亞"),
    "thailand": ("thailand", "thai", "thaïlande", "thaï", "泰国", "泰國"),
    "philippines": ("philippines", "filipina", "菲律宾", "菲律賓"),
    "australia": ("australia", "australian", "australie", "australien", "澳大利亚", "澳洲"),
    "canada": ("canada", "canadian", "kanada", "canadien", "加拿大"),
    "brazil": ("brazil", "brésil", "brasil", "巴西"),
    "ukraine": ("ukraine", "ukrainian", "ukrainien", "ukraina", "乌克兰"),
    "italy": ("italy", "italian", "italie", "italien", "italia", "意大利"),
    "spain": ("spain", "spanish", "espagne", "espagnol", "spanyol", "西班牙"),
    "israel": ("israel", "israël", "israeli", "israélien", "以色列"),
    "uae": ("emirates", "émirats", "uea", "阿联酋"),
    "dubai": ("dubai", "dubaï", "迪拜"),
    "abu dhabi": ("abu dhabi", "abou dhabi", "阿布扎比"),
    "paris": ("paris", "巴黎"),
    "moscow": ("moscow", "moscou", "moskow", "莫斯科"),
    "london": ("london", "londres", "伦敦"),
    "east asia": ("east asia", "asie de l'est", "asia timur", "东亚", "東亞"),
    "southeast asia": ("southeast asia", "south-east asia", "asie du sud-est", "asia tenggara", "东南亚", "東南亞"),
}
# Longer names first, and each match blanked, so "southeast asia" is not also "east asia".
_PLACE_FORMS = sorted(((form, key) for key, forms in PLACES.items() for form in forms), key=lambda f: -len(f[0]))
_INFLECTION = r"(?:s|e|es|n|ne|nes|ns|an|ans|ian|ians|ien|iens|ienne|iennes|ais|aise|aises|se)?"
# "AS" (Amerika Serikat) is Indonesian for the US only in capitals.
_US_ID = re.compile(r"\bAS\b")


def places(text: str) -> set[str]:
    found = {"us"} if _US_ID.search(text) else set()
    low = text.lower().replace("’", "'")
    for form, key in _PLACE_FORMS:
        pattern = re.escape(form)
        if re.match(r"[^\W\d_]", form) and not _HAN.search(form):
            # a whole word, or the form with an inflection: "russes", "iranian", not "index" or "euros"
            pattern = rf"(?<![\w-]){pattern}{'' if len(form) <= 3 else _INFLECTION}(?![\w])"
        if re.search(pattern, low):
            found.add(key)
            low = re.sub(pattern, " ", low)
    return found


def place_words(text: str) -> set[str]:
    """The Latin-script words of the places named in the text (the name rule leaves them to ``places``)."""
    low = text.lower()
    found = {w for key in places(text) for form in PLACES[key] for w in form.split() if w in low}
    return found | ({"as"} if _US_ID.search(text) else set())
