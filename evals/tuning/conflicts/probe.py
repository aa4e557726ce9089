"""The bundled model's P(yes) that a sentence alone answers a question (``Judge.answers``), for the
rivals a disagreement is made of (planted in tests/fixture_conflicts.py, and the seeds' user
counts) and for sentences of the same subject that give a figure of another thing (written for
this probe, but the seeds' "selusin pelanggaran" of documents dev d038). Chooses
``conflicts.MIN_RIVAL_YES``. Writes probe.txt beside it.

    .venv/bin/python evals/tuning/conflicts/probe.py
"""
from pathlib import Path

from assistant.answer.judge import judge_for_settings
from assistant.settings import Settings

BILLION = "Almost a billion users globally use Telegram as means of communication and as a source of vital information."
DOZEN = "Dia didakwa dengan selusin pelanggaran sehubungan dengan kejahatan yang dilakukan menggunakan Telegram"
RIVALS = [  # (question, a sentence of another file with another value of what it asks)
    ("How many users does Telegram have?", BILLION),
    ("Telegram 目前有多少用户？", BILLION),
    ("Combien d'utilisateurs Telegram compte-t-il ?", BILLION),
    ("How many people does Kelora employ?", "Perusahaan Kelora mempekerjakan 4.500 karyawan."),
    ("Berapa panjang jembatan Varnholm?", "Le pont de Varnholm mesure 1 310 mètres."),
    ("维尔达隧道的施工持续了多少年？", "Pembangunan terowongan Vilda berlangsung delapan tahun."),
    ("Combien coûte un billet pour l'observatoire de Halden ?", "Le billet pour l'observatoire de Halden coûte 18 euros."),
    ("Quel jour le marché de Sendang est-il ouvert ?", "The Sendang market opens every Friday."),
    ("Matro 公司是哪一年成立的？", "Matro was founded in 2001 by two brothers."),
]
OTHER_THINGS = [  # (question, a sentence of the same subject that counts something else)
    ("Menurut regulator media Korea Selatan, berapa item materi eksploitasi seksual yang dihapus Telegram atas permintaannya?",
     DOZEN + ", dan dibebaskan dengan jaminan beberapa hari kemudian."),
    ("How many people does Kelora employ?", "Kelora owns 12 ships."),
    ("How many people does Kelora employ?", "Kelora memiliki 40 kapal."),
    ("Berapa panjang jembatan Varnholm?", "The Varnholm bridge opened 1,500 days late."),
    ("Combien coûte un billet pour l'observatoire de Halden ?", "L'observatoire de Halden possède 25 télescopes."),
    ("维尔达隧道的施工持续了多少年？", "The Vilda tunnel is 12 kilometres long."),
    ("Telegram 目前有多少用户？", "Telegram removed 25 items of sexual exploitation material."),
    ("How many users does Telegram have?", "Durov was charged with a dozen offences."),
    ("Quel jour le marché de Sendang est-il ouvert ?", "Le marché de Sendang compte 300 étals."),
    ("Matro 公司是哪一年成立的？", "Matro opened its second office in 2010."),
    ("Combien d'infractions Durov est-il accusé ?", "Durov a été libéré sous caution de 5 millions d'euros."),
    ("Berapa uang jaminan Durov?", DOZEN + "."),
    ("杜罗夫被指控了多少项罪名？", "Durov was released on bail of 5 million euros."),
    ("Combien de liseuses la bibliothèque de Dorrin prête-t-elle ?",
     "Perpustakaan Dorrin meminjamkan 12 laptop kepada anggotanya."),
    ("Berapa laptop yang dipinjamkan perpustakaan Dorrin?", "La bibliothèque de Dorrin prête 25 liseuses à ses membres."),
    ("Dorrin 图书馆有多少名馆员？", "La bibliothèque de Dorrin prête 25 liseuses à ses membres."),
    ("How many e-readers does the Dorrin library lend?",
     "Perpustakaan Dorrin meminjamkan 12 laptop kepada anggotanya."),
]


def main() -> None:
    judge = judge_for_settings(Settings())
    lines = ["| kind | P(yes) | question | sentence |", "|---|---|---|---|"]
    for kind, pairs in (("rival", RIVALS), ("other thing", OTHER_THINGS)):
        for question, sentence in pairs:
            lines.append(f"| {kind} | {judge.answers(question, [sentence]):.3f} | {question} | {sentence} |")
    out = Path(__file__).with_name("probe.txt")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
