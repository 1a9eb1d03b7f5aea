#!/usr/bin/env python3
"""Writes a generated news archive as JSON Lines, one record {id, path, date, text[, format]} a line.

The articles are made of sentence templates of our own around the people, places and figures of factlint's
bundled reference data, so every bundled rule has something to find at a realistic rate, next to plenty of
prose that is fine. The output depends only on --articles and --seed: two runs write the same bytes.

    python3 generate_archive.py --articles 100000 > archive.jsonl
"""

import argparse
import datetime
import json
import random
import sys

PEOPLE = [
    ("U.S. President", "Donald Trump"),
    ("Russian President", "Vladimir Putin"),
    ("Ukrainian President", "Volodymyr Zelenskyy"),
    ("Turkey's Foreign Minister", "Hakan Fidan"),
    ("U.S. Secretary of State", "Marco Rubio"),
    ("Russian Foreign Minister", "Sergey Lavrov"),
    ("Ukrainian Defence Minister", "Rustem Umerov"),
    ("British Prime Minister", "Keir Starmer"),
    ("French President", "Emmanuel Macron"),
]
PLACES = ["Istanbul", "Kyiv", "Berlin", "Geneva", "Ankara", "Warsaw", "Brussels", "London", "Paris", "Vienna"]
TOPICS = ["the talks", "the ceasefire plan", "the prisoner exchange", "the grain corridor", "the sanctions package",
          "the energy agreement", "the reconstruction fund", "the border crossings", "the aid convoy"]
VERBS = ["discussed", "reviewed", "criticised", "welcomed", "questioned", "outlined", "defended", "postponed"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


def filler(rng):
    place, topic, verb = rng.choice(PLACES), rng.choice(TOPICS), rng.choice(VERBS)
    return rng.choice([
        f"Delegations {verb} {topic} in {place} for several hours.",
        f"The meeting in {place} {verb} {topic}, according to a statement from the organisers.",
        f"Negotiators are expected to return to {place} next week to continue work on {topic}.",
        f"Local residents in {place} followed the news closely as {topic} moved ahead.",
        f"Both sides {verb} {topic} and agreed to meet again, the foreign ministry said in a statement.",
        f"A draft text on {topic} was circulated among the delegations in {place}.",
    ])


def hit(rng, day):
    """A sentence some rule is expected to flag (or, sometimes, its correct twin)."""
    title, name = rng.choice(PEOPLE)
    weekday = rng.choice(WEEKDAYS)
    shown = day + datetime.timedelta(days=rng.randint(1, 6))
    month = MONTHS[shown.month - 1]
    return rng.choice([
        f"Former {title} {name} said the process would take time.",
        f"{title} {name} {rng.choice(VERBS)} {rng.choice(TOPICS)}.",
        f"Observers believe further meetings could take place in {rng.choice(PLACES)}.",
        "Diplomatic experts say a lasting deal will require compromise.",
        f"Officials said {rng.choice(TOPICS)} would be signed soon.",
        "This will be the largest prisoner swap since the start of the conflict.",
        "According to the UN, the war in Ukraine has displaced over 12 million people.",
        "In Ukraine, the war has left thousands more injured or killed.",
        f"The next round is on {weekday}, {month} {shown.day}.",
        f"Talks resumed in Kiev on {weekday}.",
        "Turnout was 64 percent.",
        f"“This is a slow process,” said {rng.choice(['Anna Petrova', 'Marek Nowak', 'Lena Fischer'])}, "
        f"an analyst based in {rng.choice(PLACES)}.",
        "Zelenskyy met the delegation. Later, Zelensky said the talks were useful.",
    ])


def article(rng, number):
    day = datetime.date(2017, 1, 1) + datetime.timedelta(days=rng.randint(0, 3061))
    paragraphs = []
    for _ in range(rng.randint(4, 8)):
        sentences = [hit(rng, day) if rng.random() < 0.15 else filler(rng) for _ in range(rng.randint(2, 4))]
        paragraphs.append(" ".join(sentences))
    headline = f"{rng.choice(TOPICS).capitalize()} in {rng.choice(PLACES)}"
    record = {"id": f"a{number:07d}", "path": f"archive/{day.year}/{day.month:02d}/a{number:07d}.md",
              "date": day.isoformat()}
    if number % 10 == 0:
        record["format"] = "text"
        record["path"] = record["path"][:-3] + ".txt"
        record["text"] = headline + "\n" + "\n".join(paragraphs) + "\n"
    else:
        record["text"] = f"# {headline}\n\n" + "\n\n".join(paragraphs) + "\n"
    return record


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    for number in range(1, args.articles + 1):
        out.write(json.dumps(article(rng, number), ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
