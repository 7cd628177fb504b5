"""The words that make a stated number approximate or a bound, in one place: claim extraction
reads them around a number ("some 20%", "$200 billion or more"), claim fusion turns them into
the interval of values the number allows."""

# Before the number ("some 20%", "more than 300").
APPROX_BEFORE = ("some", "about", "around", "roughly", "approximately", "nearly", "almost", "over", "more than",
                 "less than", "fewer than", "up to", "at least", "at most", "close to", "upwards of", "an estimated",
                 "just over", "just under", "well over", "under", "below", "above", "as many as", "as much as",
                 "in excess of", "circa", "approx.")
# After the number ("$200 billion or more").
APPROX_AFTER = ("or more", "or so", "or less", "plus")

# The approximations that are bounds: the value is at least / at most the number stated.
AT_LEAST = ("more than", "over", "at least", "or more", "upwards of", "just over", "well over", "above",
            "in excess of", "plus", "as many as", "as much as")
AT_MOST = ("less than", "fewer than", "up to", "at most", "under", "below", "just under", "or less")
