/* tags.h - what an audio-only file says of itself, as lines to show. */
#ifndef TPLAY_TAGS_H
#define TPLAY_TAGS_H

#include <stddef.h>
#include <stdint.h>

/* The file's tags and its sound's figures.  Strings are untrusted (from
 * the file), owned, NULL when the file does not say; numbers 0 then. */
struct tags {
    char *title, *artist, *album, *date;
    char *codec;          /* libmpv's codec name of the audio track */
    int64_t bitrate;      /* bits per second */
    int64_t samplerate;   /* Hz */
    int64_t channels;
};

#define TAGS_MAX_LINES 8

/* One line of the block: a label, and the value, owned (untrusted text
 * from the file: the UI sanitizes it as it draws). */
struct tags_line {
    const char *label;
    char *value;
};

/* The lines for t, in a fixed order (title, artist, album, date, codec,
 * bitrate, sample rate, channels), leaving out what t does not know;
 * returns how many went into out.  Free them with tags_lines_free. */
size_t tags_lines(const struct tags *t, struct tags_line out[TAGS_MAX_LINES]);
void tags_lines_free(struct tags_line *lines, size_t n);

/* Free t's strings and zero it. */
void tags_free(struct tags *t);

#endif
