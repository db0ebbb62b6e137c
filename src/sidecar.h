/* sidecar.h - subtitle files beside a film ("movie.en.srt", in the film's
 * folder or its Subs/ or subs/ folder) and those named by --sub-file: what
 * their names say (language, forced, captions). */
#ifndef TPLAY_SIDECAR_H
#define TPLAY_SIDECAR_H

#include "lang.h"

#include <stdbool.h>
#include <stddef.h>

struct sidecar {
    char *path;                   /* the file to load */
    char *name;                   /* what it is called: relative to the
                                   * film's folder ("Subs/movie.en.srt"),
                                   * or a --sub-file as given; untrusted */
    char language[LANG_TAG_MAX];  /* canonical BCP 47 from the name, or "" */
    bool forced;                  /* a ".forced." part */
    bool captions;                /* a ".sdh.", ".cc." or ".hi." part */
    const char *codec;            /* libmpv's codec name for its extension:
                                   * "subrip", "webvtt" or "ass" */
};

struct sidecar_list {
    struct sidecar *items;
    size_t count;
};

/*
 * Read a subtitle file's name (its last path component): the extension
 * (.srt, .vtt, .ass, .ssa, any case) gives the codec; the dot-separated
 * parts before it, read from the end, give the flags ("forced"; "sdh",
 * "cc" or "hi" for captions: "hi" is never Hindi here, write "hin") and
 * the language (the last part that is a BCP 47 tag with a known
 * language), stopping at the first part that is neither.  When stem is
 * given, the name must be stem, a dot, then those parts and the
 * extension, and only those parts are read; without it the first part is
 * never read (it is the film's name).  Returns false, *out untouched,
 * when the name is not such a file's.  out->path and out->name are not
 * set.
 */
bool sidecar_parse_name(const char *name, const char *stem,
                        struct sidecar *out);

/*
 * Append to list the sidecars of the film at path: in its folder, then in
 * Subs/, then in subs/ (the same folder once), each folder's files in
 * byte order of their names; regular files only (links followed).  A URL
 * or a descriptor ("-", "fd://N") has none.
 */
void sidecar_find(const char *film, struct sidecar_list *list);

/* Append the file at path (--sub-file), its name read as
 * sidecar_parse_name without a stem; an extension it does not know gives
 * codec NULL (libmpv then finds what it is). */
void sidecar_add_file(struct sidecar_list *list, const char *path);

void sidecar_list_free(struct sidecar_list *list);

#endif
