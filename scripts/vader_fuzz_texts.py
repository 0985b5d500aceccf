#!/usr/bin/env python3
"""Write random token soup for a differential check of the VADER port:
lexicon words, negations, degree adverbs, idiom words, emoji, non-ASCII
letters and punctuation, in random case, joined by assorted whitespace.
Unrealistic on purpose: it reaches the rules' corners that comments rarely do.

  python3 scripts/vader_fuzz_texts.py SEED COUNT /tmp/fuzz.txt
  python3 scripts/vader_oracle.py --corpus /tmp/fuzz.txt --out /tmp/fuzz.tsv
  VADER_ORACLE_TSV=/tmp/fuzz.tsv cargo test -p vocal-domain --release \\
      sentiment_corpus -- --ignored --nocapture
"""

import random
import sys

import vaderSentiment.vaderSentiment as vader

RULE_WORDS = list(vader.NEGATE) + list(vader.BOOSTER_DICT) + [
    "but", "BUT", "But", "no", "No", "NO", "least", "at", "very", "never", "so", "this", "without", "doubt",
    "kind", "of", "sort", "the", "shit", "bomb", "bad", "ass", "bus", "stop", "yeah", "right", "kiss", "death",
    "to", "die", "for", "beating", "heart", "just", "enough", "or", "nor"]
PLAIN = ["the", "service", "agent", "was", "is", "it", "and", "I", "we", "a", "wait", "bill"]
NON_ASCII = ["café", "naïve", "ÉTÉ", "Straße", "ΣΟΦΟΣ", "ǅx", "İstanbul", "ﬁne", "Ⅻ", "ǈ", "𝐆𝐎𝐎𝐃", "ß", "ＧＯＯＤ"]
PUNCTUATION = list("!?.,;:'\"()-_*&^%$#@[]{}<>/\\|~`+=")
# No line breaks: the corpus holds one text per line.
SPACES = [" ", " ", " ", " ", "  ", "\t", "\u00a0", "\u2003", "\x1c", "\x85", "\u200b"]


def main():
    seed, count, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    analyzer = vader.SentimentIntensityAnalyzer()
    lexicon = list(analyzer.lexicon)
    emoji = [e for e in analyzer.emojis if len(e) == 1]

    def punctuation():
        return "".join(rng.choice(PUNCTUATION) for _ in range(rng.randint(1, 3)))

    def token():
        roll = rng.random()
        pool = (lexicon if roll < 0.35 else RULE_WORDS if roll < 0.65 else emoji if roll < 0.72
                else NON_ASCII if roll < 0.78 else None if roll < 0.85 else PLAIN)
        word = rng.choice(pool) if pool else punctuation()
        case = rng.random()
        word = word.upper() if case < 0.12 else word.capitalize() if case < 0.2 else word
        if rng.random() < 0.25:
            word += punctuation()
        if rng.random() < 0.1:
            word = rng.choice(PUNCTUATION) + word
        return word

    texts = []
    for _ in range(count):
        words = [token() for _ in range(rng.randint(1, 14))]
        texts.append("".join(w + (rng.choice(SPACES) if rng.random() < 0.9 else "") for w in words))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(texts) + "\n")


if __name__ == "__main__":
    main()
