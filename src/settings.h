/* settings.h - every setting a user can change, one row each: its
 * [section] key in tplay.conf, the name commands use, its type and range,
 * its default, the step a live key takes, the command-line option that
 * sets it, and a line of help.  Config parsing (config.c), the command
 * line (cli.c), the live keys (ui/monitor.c), the shipped tplay.conf and
 * the tests all read this table: no default or range is written anywhere
 * else. */
#ifndef TPLAY_SETTINGS_H
#define TPLAY_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

/* What a value is, and the C type it is kept in inside struct config. */
enum setting_type {
    SETTING_BOOL,      /* bool: yes or no */
    SETTING_INT,       /* int: a whole number from min to max */
    SETTING_DOUBLE,    /* double: a number from min to max */
    SETTING_CHOICE,    /* an enum: the index of its name in choices */
    SETTING_DEVICE,    /* char[size]: an ALSA device name */
    SETTING_LANGUAGES, /* BCP 47 tags in order, and a size_t count */
    SETTING_KINDS,     /* enum track_kind[SELECT_MAX_KINDS], size_t count */
    SETTING_LANGUAGE,  /* char[size]: one canonical BCP 47 tag, or "" */
    SETTING_TEXT_KINDS, /* enum text_kind[TEXT_KIND_COUNT], size_t count:
                          subtitles, captions, descriptions */
};

/* How a live key moves a number (SETTING_INT and SETTING_DOUBLE). */
enum setting_step {
    SETTING_STEP_NONE,     /* not changed while playing */
    SETTING_STEP_ADD,      /* a step adds step */
    SETTING_STEP_MULTIPLY, /* a step multiplies by step (a musical
                              interval); see settings_apply */
};

/* What a command does to a number. */
enum setting_op {
    SETTING_OP_SET,      /* the value becomes arg */
    SETTING_OP_ADD,      /* arg is added */
    SETTING_OP_MULTIPLY, /* the value is multiplied by arg */
    SETTING_OP_STEP,     /* arg (rounded to whole) steps of the row's own */
};

struct setting {
    const char *section;   /* "mic": the [section] of tplay.conf */
    const char *key;       /* "gain": its key there */
    const char *name;      /* "mic-gain": the name commands use */
    enum setting_type type;
    double min, max;       /* SETTING_INT and SETTING_DOUBLE: the range */
    const char *dflt;      /* the default, as tplay.conf writes it */
    const char *const *choices; /* SETTING_CHOICE: the names, NULL-ended */
    const char *unit;      /* "Hz", "dB", "%", or "" */
    enum setting_step step_kind;
    double step;           /* what one live step adds or multiplies by */
    double step_floor;     /* SETTING_STEP_MULTIPLY: the lowest value
                              above min a step lands on */
    const char *option;    /* "--mic-gain", or NULL: none sets it */
    const char *option_arg; /* its argument's name ("DB"), NULL: it takes
                              none and sets option_value */
    const char *option_value;
    const char *option_help; /* the option's help, NULL: help's */
    const char *help;      /* one line, lowercase, no full stop */
    size_t offset;         /* where struct config (config.h) keeps it */
    size_t count_offset;   /* SETTING_LANGUAGES, SETTING_KINDS,
                              SETTING_TEXT_KINDS: the count */
    size_t size;           /* SETTING_DEVICE, SETTING_LANGUAGE: the
                              buffer's size */
};

/* The i-th row, in tplay.conf's order; NULL past the last. */
const struct setting *settings_at(size_t i);

/* The row of [section] key, of a command's name, or of a command-line
 * option ("--mic-gain"); NULL if there is none. */
const struct setting *settings_find(const char *section, const char *key);
const struct setting *settings_find_name(const char *name);
const struct setting *settings_find_option(const char *option);

/* True for SETTING_INT and SETTING_DOUBLE. */
bool settings_is_number(const struct setting *s);

/*
 * Read text as the number s takes: all of it a number within s's range,
 * and whole for SETTING_INT.  True and the value in *out, else false and
 * *out untouched.
 */
bool settings_parse_number(const struct setting *s, const char *text,
                           double *out);

/* The default of a number setting, as a number. */
double settings_default_number(const struct setting *s);

/* v (a number, not NaN) held within s's range, and rounded to whole for
 * SETTING_INT. */
double settings_clamp(const struct setting *s, double v);

/*
 * The value op with arg makes of v, held within s's range.  A step of
 * SETTING_STEP_MULTIPLY cannot leave or reach 0 by multiplying: up from
 * below step_floor it lands on step_floor, down from step_floor or below
 * it lands on min; down from above step_floor it stops at step_floor
 * first.  SETTING_OP_STEP on a row without a step, an arg that is NaN,
 * or a result that is (0 times infinity) leave v as it is.
 */
double settings_apply(const struct setting *s, enum setting_op op,
                      double arg, double v);

#endif
