/* mix.h - the enabled audio tracks, mixed live.  One libavfilter graph
 * holds every audio track from load time on; enabling and disabling only
 * changes amix's per-input weights, so a toggle never reinitialises the
 * decoders, never seeks and never stalls the picture.  The weights reach
 * the running graph through its azmq filter (a ZeroMQ socket in a private
 * folder); libmpv recreates the graph on every seek, and then its asendcmd
 * filter re-reads the current weights from a file in the same folder.
 * A track's gain rides on its weight (a factor, 10^(dB/20)).  With
 * ducking, the tracks that duck (descriptions, say) are mixed apart,
 * and a copy of them is the key of a sidechain compressor on the
 * others' mix; the weights of four named amix instances then say what
 * is heard, how loud, and whether it ducks. */
#ifndef TPLAY_MIX_H
#define TPLAY_MIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mix;

/*
 * Prepare a mix of ntracks inputs, enabled[i] saying which are heard:
 * create the private folder "tplay-<uid>-<pid>-" and six random
 * characters (mode 0700) in the first of $XDG_RUNTIME_DIR, $TMPDIR and
 * /tmp where that works, write the weights file and connect the socket.  The folder and its files are
 * registered with crash.h, so a fatal signal removes them too; and the
 * folders of this user's tplays that are gone (killed with SIGKILL) are
 * removed from those three places first.  Returns NULL with a message in
 * *err (caller frees) on failure.
 */
struct mix *mix_create(size_t ntracks, const bool *enabled, char **err);

/* Remove the socket and the folder.  NULL is fine. */
void mix_destroy(struct mix *m);

/*
 * The lavfi-complex graph for libmpv: video track vid (or none when vid
 * < 0) passed through, audio tracks aids[0..ntracks) mixed at full level
 * (amix without normalisation, then a limiter so the sum never clips).
 * The caller frees the string.
 */
char *mix_graph(const struct mix *m, int64_t vid, const int64_t *aids);

/*
 * Before mix_graph, for the graph it builds: each track's gain in dB,
 * gain[0..ntracks), and the ducking chain: while the tracks key[i]
 * sound (and are enabled), the others go down by duck_db (< 0); ducking
 * says whether it starts on.  There is a chain only when some tracks are
 * keys, some are not, and duck_db < 0.  Written to the file only (no
 * graph listens yet).  0, or -1 with *err when the file cannot be
 * written.
 */
int mix_prepare(struct mix *m, const bool *key, double duck_db, bool ducking,
                const double *gain, char **err);

/* Before mix_graph: meter each track in the graph with l (levels.h),
 * after its way in from libmpv; the weights (the gain) come after, so a
 * meter reads the track as it comes and the screen adds the gain.  The
 * mix owns l from here on, and frees it in mix_destroy, which comes
 * only once the graph is gone. */
struct levels;
void mix_meter(struct mix *m, struct levels *l);

/* The meters mix_meter gave, or NULL. */
struct levels *mix_levels(const struct mix *m);

/* Whether the graph has the ducking chain (mix_prepare made it). */
bool mix_can_duck(const struct mix *m);

/* Ducking on or off, live (nothing without the chain).  0, or -1 with
 * *err as mix_set. */
int mix_set_ducking(struct mix *m, bool on, char **err);

/* Each track's gain in dB, db[0..ntracks): applied like mix_set. */
int mix_set_gains(struct mix *m, const double *db, char **err);

/* Make enabled[0..ntracks) the heard set: written to the file at once and
 * sent to the graph when it can take it.  Never blocks.  0, or -1 with
 * *err when the file cannot be written. */
int mix_set(struct mix *m, const bool *enabled, char **err);

/* A descriptor to poll for input; then call mix_service. */
int mix_fd(const struct mix *m);

/* Take the graph's replies and send what is waiting.  Never blocks.
 * Returns the graph's answer when it has just refused the wanted set
 * (ENOSYS in libavfilter's words; the file still has it, so the next
 * seek applies it), else NULL. */
const char *mix_service(struct mix *m);

/* The graph was rebuilt (libmpv does so on every seek): it read the file,
 * and a request in flight may be lost, so resend it. */
void mix_reset(struct mix *m);

/* True when the graph has confirmed the last set (false while paused:
 * the graph only listens while audio flows). */
bool mix_applied(const struct mix *m);

/* The set the graph has confirmed, into heard[0..ntracks): what is heard
 * now, which lags the set asked for until the graph answers (and while
 * paused). */
void mix_heard(const struct mix *m, bool *heard);

/* The socket's ZeroMQ endpoint ("ipc://..."), for tests and logs. */
const char *mix_endpoint(const struct mix *m);

/* The weights wanted now, for tests and logs: "1 0 0.251189" (a factor
 * per track), or with the ducking chain the four instances' weights
 * joined by " | " (bed, voices, key, out). */
const char *mix_weights(const struct mix *m);

#endif
