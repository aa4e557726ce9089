"""A corpus with planted disagreements: invented places and firms whose amounts, counts and dates
two files (in different languages) state differently, around sentences that agree.

``CONFLICTS``: (question, its language, the two files, a value each states) — the question is
asked in a third language where it can be, so the versions must be found across languages.
"""
from __future__ import annotations

from pathlib import Path

import pytest

FILES = {
    "en/varnholm.txt": (
        "The Varnholm bridge crosses the Selda river north of the old town. "
        "The Varnholm bridge is 1,240 metres long. It was painted green in its first years.\n\n"
        "The Orvel museum stands beside the bridge. The Orvel museum has five rooms. "
        "A ticket to the Halden observatory costs 14 euros. The observatory opens at night only."
    ),
    "fr/varnholm.txt": (
        "Le pont de Varnholm traverse la Selda au nord de la vieille ville. "
        "Le pont de Varnholm mesure 1 310 mètres. Il fut d'abord peint en vert.\n\n"
        "Le musée Orvel se trouve à côté du pont. Le musée Orvel possède trois salles. "
        "Le billet pour l'observatoire de Halden coûte 18 euros. L'observatoire n'ouvre que la nuit."
    ),
    "id/kelora.txt": (
        "Kelora adalah perusahaan perkapalan dari kota Brenn. "
        "Perusahaan Kelora mempekerjakan 4.500 karyawan. Kantornya menghadap pelabuhan.\n\n"
        "Denda untuk perusahaan Brisko sebesar 15 juta euro. Brisko mengajukan banding. "
        "Pasar Sendang buka setiap hari Kamis. Pembangunan terowongan Vilda berlangsung delapan tahun."
    ),
    "en/kelora.txt": (
        "Kelora is a shipping company based in the town of Brenn. "
        "Kelora employs 5,200 people. Its offices look over the harbour.\n\n"
        "The Sendang market opens every Friday. Matro was founded in 2001 by two brothers. "
        "Ostrava Nova has 86,000 inhabitants. The Lumen festival takes place in June."
    ),
    "zh/matro.txt": (
        "马特罗公司位于布伦镇。马特罗公司成立于1998年。\n\n"
        "新奥斯特拉瓦有9万居民。维尔达隧道的施工持续了六年。隧道连接两座山谷。"
    ),
    # one subject, figures of two things: no disagreement (e-readers against laptops or librarians)
    "en/dorrin.txt": "The Dorrin library lends 25 e-readers to its members. It opens at nine every morning.",
    "fr/dorrin.txt": "La bibliothèque de Dorrin prête 25 liseuses à ses membres.",
    "id/dorrin.txt": "Perpustakaan Dorrin meminjamkan 12 laptop kepada anggotanya. Gedungnya berada di dekat sungai Brenn.",
    "zh/dorrin.txt": "多林图书馆雇用了十二名馆员。",
    "fr/brisko.txt": (
        "Brisko est une entreprise de transport routier. "
        "L'amende infligée à Brisko s'élève à 12 millions d'euros. Brisko a fait appel.\n\n"
        "Le festival Lumen a lieu en juillet. Il attire des musiciens de toute la région."
    ),
}

# (question, language, files, values): every one must be answered as a disagreement.
CONFLICTS = [
    ("Berapa panjang jembatan Varnholm?", "id", ("en/varnholm.txt", "fr/varnholm.txt"), ("1,240", "1 310")),
    ("How many people does Kelora employ?", "en", ("id/kelora.txt", "en/kelora.txt"), ("4.500", "5,200")),
    ("Matro 公司是哪一年成立的？", "zh", ("zh/matro.txt", "en/kelora.txt"), ("1998", "2001")),
    ("How much was the fine imposed on Brisko?", "en", ("fr/brisko.txt", "id/kelora.txt"), ("12", "15")),
    ("Combien d'habitants compte Ostrava Nova ?", "fr", ("en/kelora.txt", "zh/matro.txt"), ("86,000", "9万")),
    ("In which month does the Lumen festival take place?", "en", ("en/kelora.txt", "fr/brisko.txt"), ("June", "juillet")),
    ("Quel jour le marché de Sendang est-il ouvert ?", "fr", ("id/kelora.txt", "en/kelora.txt"), ("Kamis", "Friday")),
    ("Berapa ruangan yang dimiliki museum Orvel?", "id", ("en/varnholm.txt", "fr/varnholm.txt"), ("five", "trois")),
    ("维尔达隧道的施工持续了多少年？", "zh", ("zh/matro.txt", "id/kelora.txt"), ("六年", "delapan")),
    ("Combien coûte un billet pour l'observatoire de Halden ?", "fr", ("en/varnholm.txt", "fr/varnholm.txt"), ("14", "18")),
]

# (question, language, file, value): a sentence of another file about the same subject, near it by
# e5, gives a figure of another thing; without the model's yes/no on that sentence each was
# answered as a disagreement. The answer is the file's figure alone.
LOOK_ALIKES = [
    pytest.param("Combien de liseuses la bibliothèque de Dorrin prête-t-elle ?", "fr", "fr/dorrin.txt", "25",
                 marks=pytest.mark.xfail(strict=True, reason="the 1.5B model reads '12 laptop' as an answer to "
                                         "'combien de liseuses' (P(yes) 0.86, evals/tuning/conflicts/probe.txt)")),
    ("Berapa laptop yang dipinjamkan perpustakaan Dorrin?", "id", "id/dorrin.txt", "12"),
    ("Dorrin 图书馆有多少名馆员？", "zh", "zh/dorrin.txt", "十二"),
]

# Questions whose files agree (or that ask for no value): no disagreement may be announced.
AGREEING = [
    ("Which river does the Varnholm bridge cross?", "en"),
    ("Di kota mana Kelora berada?", "id"),
]


def write_corpus(root: Path) -> Path:
    for name, text in FILES.items():
        path = Path(root) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    return Path(root)
