#!/usr/bin/env python3
"""Score test sentences with the reference VADER (vaderSentiment 3.3.2) and
write the fixtures the Rust port is checked against:

  crates/domain/src/text/sentiment/oracle_cases.tsv     the reference's own
      examples, sentences built from its word lists, and the hand-written
      sentences in scripts/vader_oracle_sentences.txt;
  crates/domain/src/text/sentiment/oracle_comments.tsv  a few thousand
      synthetic customer comments, generated deterministically from templates.

Usage (from the repository root):
  pip install vaderSentiment==3.3.2   # or the wheel; needs `requests` to import
  python3 scripts/vader_oracle.py
  cargo test -p vocal-domain sentiment -- --nocapture

To check the port on any other texts (one per line, e.g. an export of real
comments), score them into a file of the same shape and point the ignored
test at it:
  python3 scripts/vader_oracle.py --corpus comments.txt --out /tmp/oracle.tsv
  VADER_ORACLE_TSV=/tmp/oracle.tsv cargo test -p vocal-domain --release \
      sentiment_corpus -- --ignored --nocapture

Each fixture line is: compound, pos, neu, neg (Python's repr of the rounded
floats), then the text with backslash, tab, CR and LF escaped as \\ \t \r \n.
"""

import importlib.metadata
import pathlib
import platform
import random
import sys

import vaderSentiment.vaderSentiment as vader

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates/domain/src/text/sentiment"
COMMENTS = 3000
SEED = 20140601  # ICWSM-14

# The examples of vaderSentiment.py's __main__ block and README.
REFERENCE_EXAMPLES = [
    "VADER is smart, handsome, and funny.",
    "VADER is smart, handsome, and funny!",
    "VADER is very smart, handsome, and funny.",
    "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "The book was good.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all",
    "Sentiment analysis has never been good.",
    "Sentiment analysis has never been this good!",
    "Most automated sentiment analysis tools are shit.",
    "With VADER, sentiment analysis is the shit!",
    "Other sentiment analysis tools can be quite bad.",
    "On the other hand, VADER is quite bad ass",
    "VADER is such a badass!",
    "Without a doubt, excellent idea.",
    "Roger Dodger is one of the most compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Not such a badass after all.",
    "Without a doubt, an excellent idea.",
    "It was one of the worst movies I've seen, despite good reviews. Unbelievably bad acting!! "
    "Poor direction. VERY poor production. The movie was bad. Very bad movie. VERY BAD movie!",
    "It was one of the worst movies I've seen, despite good reviews.",
    "Unbelievably bad acting!!",
    "Poor direction.",
    "VERY poor production.",
    "The movie was bad.",
    "Very bad movie.",
    "VERY BAD movie!",
    "balloons", "cake", "candles", "happy birthday", "friends", "laughing", "smiling", "party",
    "riot", "fire", "fight", "blood", "mob", "war", "police", "tear gas",
    "I'm surprised to see just how amazingly helpful VADER is!",
]

# Whitespace and oddities a file of sentences cannot hold.
AWKWARD = [
    "good\tservice", "bad\nservice", "  padded good  ", "good\r\nbad", "nice\u00a0work", "fine\u2003here",
    "good\x1cbad", "\u3000great\u3000", "GOOD bad", "GOOD BAD", "ǅ good", "ΣΟΦΟΣ is bad", "back\\slash good",
]


def from_word_lists():
    """A sentence per negation, degree adverb and idiom of the reference."""
    out = []
    for word in vader.NEGATE:
        out += [f"The service was {word} good.", f"{word} bad at all", f"It is {word} really that helpful"]
    for word in vader.BOOSTER_DICT:
        out += [f"The agent was {word} helpful.", f"{word} rude staff", f"It was {word.upper()} awful, the rest fine"]
    for idiom in list(vader.SPECIAL_CASES) + list(vader.SENTIMENT_LADEN_IDIOMS):
        out += [f"Honestly this one is {idiom}", f"{idiom} and good", f"not really {idiom} at all"]
    return out


def hand_written():
    path = ROOT / "scripts/vader_oracle_sentences.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    return [line for line in lines if line and not line.startswith("#")]


def comments(n):
    """Synthetic but realistic survey comments, the same on every run."""
    rng = random.Random(SEED)
    subjects = ["the agent", "the staff", "support", "the technician", "your app", "the website", "delivery",
                "the billing team", "the manager", "customer service", "the call centre", "the chat bot",
                "the engineer", "the driver", "the store", "the checkout", "the product", "the refund process",
                "Sarah", "the helpdesk", "the installer", "the onboarding", "the new plan", "the invoice"]
    good = ["helpful", "friendly", "great", "excellent", "amazing", "polite", "quick", "fast", "professional",
            "kind", "patient", "brilliant", "good", "nice", "lovely", "efficient", "reliable", "fantastic",
            "awesome", "superb", "pleasant", "easy", "clear", "happy to help", "knowledgeable", "perfect"]
    bad = ["rude", "slow", "useless", "terrible", "awful", "unhelpful", "late", "confusing", "broken",
           "horrible", "poor", "bad", "disappointing", "frustrating", "annoying", "dismissive", "careless",
           "expensive", "wrong", "impossible", "a nightmare", "a joke", "pathetic", "incompetent", "worse"]
    plain = ["ok", "fine", "average", "alright", "as expected", "on time", "there", "new", "different",
             "the same as last year", "quiet", "busy", "open", "closed"]
    boosters = ["very", "really", "extremely", "so", "super", "incredibly", "absolutely", "totally", "quite",
                "kind of", "somewhat", "slightly", "a bit", "barely", "hardly", "pretty", "most", "VERY", "REALLY"]
    negations = ["not", "never", "wasn't", "isn't", "not very", "not at all", "hardly ever", "no longer",
                 "didn't seem", "wasnt", "never so", "not so", "without doubt"]
    verbs = ["was", "is", "were", "has been", "seemed", "felt", "looked", "sounded"]
    openers = ["", "", "", "Honestly, ", "Overall ", "To be fair, ", "Well, ", "Sadly ", "Luckily ", "TBH ",
               "As always, ", "First time: ", "Again, ", "Yet again ", "Finally, ", "Hmm, ", "Wow, ", "Ugh, "]
    closers = ["", "", "", ".", ".", ".", "!", "!!", "!!!", "?", "??", "...", " :)", " :(", " :D", " lol",
               " 😀", " 😡", " 👍", " 👎", " 🙏", " 😞", " ❤", " 🤬", " 😂", ". Thanks!", ". Never again.",
               ". Would recommend.", ". Would not recommend.", ". No problem.", ". Not bad.", " smh"]
    extras = ["I waited {n} minutes on hold", "it took {n} days to get a reply", "they charged me twice",
              "my refund took {n} weeks", "nobody called me back", "the issue was fixed in {n} minutes",
              "I got a discount", "they sorted it out the same day", "I had to explain it {n} times",
              "the parcel arrived damaged", "the order arrived early", "the price went up again",
              "I was transferred {n} times", "the line was busy all day", "they apologised",
              "they gave me a free upgrade", "the bill was wrong", "I lost {n} hours of work"]
    joins = [" but ", " and ", ", but ", ". But ", " although ", " though ", "; ", " so ", ", however ", " and yet "]

    def phrase(kind):
        subject = rng.choice(subjects)
        verb = rng.choice(verbs)
        words = {"good": good, "bad": bad, "plain": plain}[kind]
        adjective = rng.choice(words)
        roll = rng.random()
        if roll < 0.25:
            adjective = f"{rng.choice(boosters)} {adjective}"
        elif roll < 0.4:
            adjective = f"{rng.choice(negations)} {adjective}"
        elif roll < 0.45:
            adjective = adjective.upper()
        elif roll < 0.5:
            adjective = f"{adjective} and {rng.choice(words)}"
        return f"{subject} {verb} {adjective}"

    def extra():
        return rng.choice(extras).format(n=rng.choice([2, 3, 5, 10, 20, 45, 90]))

    out, seen = [], set()
    while len(out) < n:
        shape = rng.random()
        kind = rng.choice(["good", "good", "bad", "bad", "plain"])
        if shape < 0.3:
            body = phrase(kind)
        elif shape < 0.6:
            body = phrase(kind) + rng.choice(joins) + phrase(rng.choice(["good", "bad", "plain"]))
        elif shape < 0.8:
            body = extra() + rng.choice(joins) + phrase(kind)
        elif shape < 0.9:
            body = phrase(kind) + rng.choice([". ", ", ", " - "]) + extra()
        else:
            body = rng.choice(["no problem", "never again", "not bad", "thanks", "thank you so much",
                               "no complaints", "meh", "could be better", "keep up the good work",
                               "worst experience ever", "best service ever", "no help at all"])
        text = rng.choice(openers) + body + rng.choice(closers)
        if rng.random() < 0.05:
            text = text.upper()
        text = text[0].upper() + text[1:] if rng.random() < 0.8 else text
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def escape(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def write(path, texts, analyzer):
    seen, unique = set(), []
    for text in texts:
        if text not in seen:
            seen.add(text)
            unique.append(text)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# vaderSentiment {importlib.metadata.version('vaderSentiment')} on Python "
                f"{platform.python_version()}, by scripts/vader_oracle.py; do not edit\n")
        f.write("# compound\tpos\tneu\tneg\ttext\n")
        for text in unique:
            s = analyzer.polarity_scores(text)
            f.write(f"{s['compound']!r}\t{s['pos']!r}\t{s['neu']!r}\t{s['neg']!r}\t{escape(text)}\n")
    print(f"{path}: {len(unique)} texts", file=sys.stderr)


def main():
    version = importlib.metadata.version("vaderSentiment")
    if version != "3.3.2":
        sys.exit(f"the oracle is vaderSentiment 3.3.2, found {version}")
    analyzer = vader.SentimentIntensityAnalyzer()
    args = sys.argv[1:]
    if args:
        if len(args) != 4 or args[0] != "--corpus" or args[2] != "--out":
            sys.exit("usage: vader_oracle.py [--corpus TEXTS.txt --out ORACLE.tsv]")
        texts = pathlib.Path(args[1]).read_text(encoding="utf-8").split("\n")
        write(pathlib.Path(args[3]).resolve(), [text for text in texts if text.strip()], analyzer)
        return
    write(OUT / "oracle_cases.tsv", REFERENCE_EXAMPLES + AWKWARD + from_word_lists() + hand_written(), analyzer)
    write(OUT / "oracle_comments.tsv", comments(COMMENTS), analyzer)


if __name__ == "__main__":
    main()
