"""``python -m scorer`` and the ``scorer`` command.

The CLI starts with Python's cyclic garbage collector off: importing it and building the
word lists and tables allocates a few hundred thousand objects that live until the
process ends, and the collector would walk them all, twice, for nothing (about 50 ms of
a one-article ``scorer score``; bench/startup.py). A command that runs long (batch,
serve, train, evaluate) moves what start-up built out of the collector's sight
(``gc.freeze``) and turns it back on (:func:`scorer.cli.collect_garbage`); ``scorer
score`` leaves it off: reference counting frees its objects, and the peak memory of a
9 MB article is the same either way.
"""

import gc


def main() -> None:
    gc.disable()
    from .cli import run

    run()


if __name__ == "__main__":
    main()
