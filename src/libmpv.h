/* libmpv.h - libmpv loaded when playback starts, not when tplay starts.
 *
 * Linking libmpv costs every run its hundred-odd shared libraries, whose
 * loading alone takes longer than `ffprobe -show_streams` takes in all;
 * --list-tracks needs none of them.  So tplay links none: libmpv.c
 * defines the client API functions tplay calls (those of <mpv/client.h>
 * and <mpv/render.h>, with their own names and prototypes), each passing
 * the call on to libmpv.so.2, which libmpv_load opens.  Callers write
 * plain libmpv code; they only call libmpv_load first. */
#ifndef TPLAY_LIBMPV_H
#define TPLAY_LIBMPV_H

/* The library libmpv_load opens: the client API 2.x of Debian's libmpv2. */
#define LIBMPV_SONAME "libmpv.so.2"

/*
 * Open libmpv.so.2 and find every function tplay calls, once per process
 * (later calls give the first call's answer; safe from any thread).
 * Returns 0, or -1 with a message in *err (caller frees) saying what is
 * missing and what to install.  Any mpv_* call before a successful
 * libmpv_load is a bug and fatal().
 */
int libmpv_load(char **err);

#endif
