/* resume.h - "watch later": where each file was left, with its enabled
 * audio tracks and its volume, kept under $XDG_STATE_HOME/tplay/ so that
 * the next start of the same file resumes there.
 *
 * The state is one text file, DIR/resume (RESUME_FILE):
 *
 *     tplay resume 1
 *     KEY<TAB>position=SECONDS<TAB>volume=PERCENT<TAB>audio=ID,ID...<TAB>gain=ID:DB,...
 *     ...
 *
 * The first line names the format; then one line per file, the most
 * recent first, at most RESUME_MAX_ENTRIES.  KEY is the file's key
 * (resume_key), then come NAME=VALUE fields in any order: position
 * (required), volume, audio (the enabled tracks' ids) and gain (the
 * tracks whose gain is not 0 dB, each ID, ':' and its dB, '-' before a
 * negative one, a '+' allowed; the ID ends at the item's last ':') when recorded.  A reader ignores
 * fields it does not know, so a later tplay can add some and an earlier
 * one still reads its lines (tplays before the gain field ignore it); and lines
 * of other files are rewritten byte for byte, so this one never drops
 * what a later one wrote.  KEY, the ids and every value escape '%',
 * TAB, LF, CR, ',', '=' and the other bytes below 0x20 and 0x7F as %XX
 * (two upper-case hex digits); other bytes are kept.  Numbers are written
 * with three decimals and a '.', whatever the locale.  A line that cannot
 * be read (no key, no valid position, longer than RESUME_MAX_LINE, a NUL
 * byte) is skipped, and dropped at the next rewrite.
 *
 * Writers take an exclusive flock on DIR/resume.lock (polling for it,
 * for at most RESUME_LOCK_MS: a tplay stopped while it held the lock
 * must not hang the others' quit), read the file, write DIR/resume.new,
 * fsync it and rename it over DIR/resume: two tplays quitting at once
 * both keep their entries, and a crash leaves the old file or the new
 * one, never half of one.  Readers take no lock.
 */
#ifndef TPLAY_RESUME_H
#define TPLAY_RESUME_H

#include <stddef.h>

#define RESUME_FILE "resume"
#define RESUME_FORMAT 1            /* the "tplay resume N" this one writes */
#define RESUME_MAX_ENTRIES 1000    /* files remembered; the oldest go */
#define RESUME_MAX_KEY 4096        /* bytes: a longer name is not kept */
#define RESUME_MAX_TRACKS 64       /* ids kept for one file */
#define RESUME_MAX_LINE 16384      /* bytes of one line, escaped */
#define RESUME_MAX_BYTES (16L << 20) /* above the most the bounds allow */
#define RESUME_LOCK_MS 2000        /* how long a writer waits for another */

struct resume_entry {
    double position; /* seconds from the start: finite, >= 0 */
    double volume;   /* percent, as libmpv's "volume"; < 0: not recorded */
    char **tracks;   /* the enabled audio tracks by track.h's id; owned */
    size_t ntracks;  /* 0: not recorded, choose tracks as usual */
    struct resume_gain {
        char *id;    /* the track, by track.h's id; owned */
        double db;   /* its gain, not 0 */
    } *gains;        /* owned */
    size_t ngains;   /* 0: every track at 0 dB */
};

/*
 * The folder for the state: "$XDG_STATE_HOME/tplay" when that is an
 * absolute path, else "$HOME/.local/state/tplay" when $HOME is one, else
 * NULL (the XDG Base Directory rules).  A new string the caller frees.
 * Nothing is created.
 */
char *resume_dir(void);

/*
 * The key path is remembered under: the real path (realpath) of a local
 * file, a file:// URL's path included; a URL as it is written.  NULL when
 * there is nothing to remember it by: "-", fd://, a path realpath cannot
 * resolve (a file that is gone), or a key longer than RESUME_MAX_KEY.  A
 * new string the caller frees.
 */
char *resume_key(const char *path);

/*
 * Find key in dir's state.  1 with *out filled (the caller frees it with
 * resume_entry_free), 0 when there is none (no folder, no file, no such
 * line), -1 with a one-line message in *err (caller frees) naming the
 * file and what to do, when it exists but cannot be read: no permission,
 * more than RESUME_MAX_BYTES, a later format.  Unless 1 is returned,
 * *out is empty as resume_entry_free leaves it, so freeing it is always
 * safe.
 */
int resume_load(const char *dir, const char *key, struct resume_entry *out,
                char **err);

/*
 * Remember e for key as the most recent entry, replacing any it had, and
 * keep at most RESUME_MAX_ENTRIES (the least recent go).  dir and its
 * missing parents are created (mode 0700).  At most RESUME_MAX_TRACKS
 * ids, and as many gains, are kept.  0, or -1 with a one-line message in *err (caller frees):
 * a folder or file that cannot be made, read or written, another tplay
 * holding the lock for RESUME_LOCK_MS, a key longer than RESUME_MAX_KEY,
 * a line longer than RESUME_MAX_LINE, a position that is negative or
 * not a number; the file is then as it was.
 */
int resume_save(const char *dir, const char *key, const struct resume_entry *e,
                char **err);

/* Forget key (the file was played to its end), as resume_save writes.
 * 0 also when there was nothing to forget (nothing is created then), or
 * -1 with a message in *err. */
int resume_forget(const char *dir, const char *key, char **err);

/* Free e's tracks and gains and empty it: no tracks, position 0, volume -1.
 * Idempotent. */
void resume_entry_free(struct resume_entry *e);

#endif
