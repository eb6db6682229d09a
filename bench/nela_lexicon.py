"""nela-features' lexicon features on a JSONL corpus, for a side-by-side speed figure.

Run with a Python that has ``nela_features`` installed (it pins old NLTK and vaderSentiment
releases, so give it its own virtual environment):

    python -m venv /tmp/nela && /tmp/nela/bin/pip install nela_features
    /tmp/nela/bin/python bench/nela_lexicon.py ../shared/data/fakehealth-text/articles.jsonl

nela-features tokenises with NLTK's ``word_tokenize``, whose 'punkt' data is downloaded on
first use; offline that fails, so this script hands nela the tokens of a simple regex
tokeniser instead and runs only the lexicon-based groups (bias, affect, moral), which need
no NLTK data. Prints one JSON line: articles, seconds, articles/s, peak RSS.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time

TOKEN_RE = re.compile(r"\w+(?:[-']\w+)*|[^\w\s]")


def main(path: str, limit: int | None = None) -> None:
    from nela_features.nela_features import NELAFeatureExtractor

    nela = NELAFeatureExtractor()
    texts = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                texts.append(json.loads(line)["text"])
    texts = texts[:limit] if limit else texts
    t0 = time.perf_counter()
    for text in texts:
        tokens = TOKEN_RE.findall(text)
        words = nela.Functions.get_filtered_words(tokens)
        if not words:
            continue
        nela.extract_bias(text, tokens=tokens, words=words)
        nela.extract_affect(text, tokens=tokens, words=words)
        nela.extract_moral(text, words=words)
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "tool": "nela-features (bias, affect, moral lexicons)",
        "articles": len(texts), "seconds": round(seconds, 2),
        "articles_per_second": round(len(texts) / seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)
