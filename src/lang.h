/* lang.h - BCP 47 language tags: canonical form and English names. */
#ifndef TPLAY_LANG_H
#define TPLAY_LANG_H

#include <stdbool.h>

/* Longest tag tplay keeps, with its NUL (RFC 5646 asks for at least 35). */
#define LANG_TAG_MAX 64

/*
 * Put the canonical BCP 47 form of in into out: ISO 639-2/B and /T codes
 * become the 639-1 code where one exists (ger, deu -> de), an extended
 * language subtag replaces its prefix (zh-yue -> yue), the script is title
 * case, the region upper case, everything else lower case.
 * Returns false, with out set to "", when in is not a well-formed tag with
 * a known ISO 639 language (or a private-use one).
 */
bool lang_canonicalize(const char *in, char out[LANG_TAG_MAX]);

/*
 * RFC 4647 §3.4 lookup fallback: remove the last subtag of a canonical tag
 * in place, and a singleton left in front of it ("zh-Hant-TW" -> "zh-Hant",
 * "en-a-bbb" -> "en").  Returns false when nothing is left to remove, or
 * when only a singleton would be left ("x-klingon" -> "", so a private
 * use range never widens to every "x-" tag).
 */
bool lang_truncate(char *tag);

/*
 * RFC 4647 §3.3.1 basic filtering: true when the canonical range equals the
 * canonical tag or is a prefix of it that ends at a subtag boundary ("de"
 * matches "de-CH", not "den").
 */
bool lang_prefix_match(const char *range, const char *tag);

/* English name of the tag's primary language ("de-CH" -> "German"), or NULL. */
const char *lang_name(const char *tag);

#endif
