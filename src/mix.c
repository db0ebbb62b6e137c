/* mix.c - live weights for the one audio graph (see mix.h for the plan,
 * and docs/design.md "Toggling and mixing" for the measurements behind it). */
#include "mix.h"

#include "crash.h"
#include "lavfi.h"
#include "levels.h"
#include "strbuf.h"
#include "xmem.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

/* The ducking chain, measured with Debian 12's libavfilter 9 on a steady
 * sine under a sine in 1 s bursts (docs/design.md "Gain and ducking"):
 * the key, rectified so that its delayed copies cannot cancel, is held
 * 250 ms by five echoes (no pumping between words); the compressor then
 * lowers the bed by 25 dB or more within 5 ms for a key louder than
 * -40 dBFS (a room tone at -60 dBFS moves it 1.5 dB) and lets it go in
 * 50 ms, and the out mix blends the bed and its compressed copy so the
 * depth is at most the setting's. */
#define MIX_HOLD "aeval=abs(val(ch)):c=same," \
                 "aecho=1:1:50|100|150|200|250:1|1|1|1|1"
#define MIX_DUCKER "sidechaincompress=threshold=0.003:ratio=20:attack=5:" \
                   "release=50"

/* The amix instances the weights go to: one for the plain graph, four
 * for the ducking one. */
enum { MIX_TRACKS, MIX_BED = 0, MIX_VOICE, MIX_KEY, MIX_OUT, MIX_TARGETS };
static const char *const mix_target_names[] = {
    "amix@tplay_bed", "amix@tplay_voice", "amix@tplay_key", "amix@tplay_out",
};

struct mix_target {
    struct strbuf want;  /* weights wanted: "1 0 0.251189" */
    struct strbuf filed; /* weights in the file: what a new graph reads */
    struct strbuf heard; /* weights the running graph confirmed */
};

struct mix {
    size_t ntracks;
    bool *enabled;       /* the set asked for */
    double *gain;        /* dB per track */
    bool *key;           /* tracks that duck the others */
    double duck_db;      /* depth, < 0 when the graph can duck */
    bool ducking;        /* on now */
    bool duck_graph;     /* the graph has the ducking chain */
    size_t ntargets;
    char dir[256];       /* the private folder */
    char file[300];      /* weights for asendcmd, rewritten by rename */
    char sock[300];      /* the azmq socket's path */
    char endpoint[310];  /* "ipc://" + sock */
    int crash[4];        /* crash_add_path handles: the files, the folder */
    void *ctx, *req;     /* libzmq context and REQ socket */
    struct mix_target t[MIX_TARGETS];
    struct strbuf all;   /* every target's wanted weights, for logs */
    struct strbuf sent;  /* weights of the request in flight */
    size_t sent_to;      /* and its target */
    bool busy;           /* a request waits for its reply */
    bool applied;        /* the graph confirmed `want` */
    char refused[64];    /* the graph's answer refusing `want`, or "" */
    struct levels *levels; /* the meters in the graph, or NULL */
};

/* The names the private folder holds. */
static const char *const mix_files[] = { "weights", "weights.new", "mix.sock" };
#define MIX_NFILES (sizeof mix_files / sizeof mix_files[0])

/* The folders the private folder may go in, best first: the user's
 * runtime folder, $TMPDIR, /tmp.  Returns how many are in out[0..3). */
static size_t mix_bases(const char *out[3])
{
    const char *v[] = { getenv("XDG_RUNTIME_DIR"), getenv("TMPDIR"), "/tmp" };
    size_t n = 0;

    for (size_t i = 0; i < 3; i++) {
        bool seen = false;

        /* A socket path must fit in sun_path with our names added. */
        if (!v[i] || v[i][0] != '/' || strlen(v[i]) >= 60)
            continue;
        for (size_t k = 0; k < n; k++)
            seen = seen || strcmp(out[k], v[i]) == 0;
        if (!seen)
            out[n++] = v[i];
    }
    return n;
}

/* The pid in a private folder's name, "tplay-<uid>-<pid>-" and six
 * characters mkdtemp chose, when
 * the name is one and its uid is ours; else 0. */
/* mkdtemp's template ends in six 'X', which it replaces. */
static const char mix_mkdtemp_tail[] = { 'X', 'X', 'X', 'X', 'X', 'X', '\0' };

static long mix_folder_pid(const char *name)
{
    char *end;
    unsigned long uid;
    long pid;

    if (strncmp(name, "tplay-", 6) != 0 || name[6] < '0' || name[6] > '9')
        return 0;
    errno = 0;
    uid = strtoul(name + 6, &end, 10);
    if (errno || *end != '-' || uid != (unsigned long)getuid() ||
        end[1] < '0' || end[1] > '9')
        return 0;
    pid = strtol(end + 1, &end, 10);
    if (errno || pid <= 0 || *end != '-' || strlen(end + 1) != 6)
        return 0;
    for (const char *p = end + 1; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
              (*p >= 'A' && *p <= 'Z')))
            return 0;
    return pid;
}

/* Remove the private folders a tplay that died without cleaning up (a
 * SIGKILL, a power cut) left in base: named as ours, for our uid, owned
 * by us, and whose process is gone.  Only our own file names go; a
 * folder holding anything else stays. */
static void mix_clean_stale(const char *base)
{
    DIR *d = opendir(base);
    struct dirent *e;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        long pid = mix_folder_pid(e->d_name);
        char dir[CRASH_PATH_MAX], f[CRASH_PATH_MAX + 16];
        struct stat st;

        if (pid <= 0 || pid == (long)getpid())
            continue;
        snprintf(dir, sizeof dir, "%s/%s", base, e->d_name);
        if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode) ||
            st.st_uid != getuid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* alive (or not ours to ask about) */
        for (size_t i = 0; i < MIX_NFILES; i++) {
            snprintf(f, sizeof f, "%s/%s", dir, mix_files[i]);
            unlink(f);
        }
        rmdir(dir);
    }
    closedir(d);
}

/* Create the private folder in the first of the bases that takes it
 * (the runtime folder may be missing, read-only or full).  0, or -1
 * with *err. */
static int mix_make_folder(struct mix *m, char **err)
{
    const char *bases[3];
    size_t n = mix_bases(bases);
    int last = ENOENT;

    for (size_t i = 0; i < n; i++)
        mix_clean_stale(bases[i]);
    for (size_t i = 0; i < n; i++) {
        snprintf(m->dir, sizeof m->dir, "%s/tplay-%lu-%ld-%s", bases[i],
                 (unsigned long)getuid(), (long)getpid(), mix_mkdtemp_tail);
        if (mkdtemp(m->dir))
            return 0;
        last = errno;
    }
    m->dir[0] = '\0';
    {
        struct strbuf tried = STRBUF_INIT;

        for (size_t i = 0; i < n; i++) {
            bool seen = false;

            for (size_t k = 0; k < i; k++)
                seen = seen || strcmp(bases[k], bases[i]) == 0;
            if (!seen)
                strbuf_addf(&tried, "%s%s", tried.len ? ", " : "", bases[i]);
        }
        *err = xasprintf("mixing is off: cannot create a private folder in "
                         "%s (%s); make $TMPDIR or /tmp writable to mix "
                         "tracks", strbuf_str(&tried), strerror(last));
        strbuf_free(&tried);
    }
    return -1;
}

const char *mix_service(struct mix *m);

/* The command target of t: the one amix, or a named one. */
static const char *mix_target(const struct mix *m, size_t t)
{
    return m->duck_graph ? mix_target_names[t] : "amix";
}

/* One weight: 0 for a track not heard, else its gain as a factor. */
static void mix_add_weight(struct strbuf *sb, bool on, double db)
{
    if (sb->len)
        strbuf_addc(sb, ' ');
    if (!on)
        strbuf_addc(sb, '0');
    else if (db == 0)
        strbuf_addc(sb, '1');
    else
        strbuf_addf(sb, "%.6f", pow(10, db / 20));
}

/* Work out every target's wanted weights from the set, the gains and
 * the ducking. */
static void mix_wants(struct mix *m)
{
    for (size_t t = 0; t < MIX_TARGETS; t++)
        strbuf_reset(&m->t[t].want);
    for (size_t i = 0; i < m->ntracks; i++) {
        bool voice = m->duck_graph && m->key[i];

        mix_add_weight(&m->t[voice ? MIX_VOICE : MIX_BED].want,
                       m->enabled[i], m->gain[i]);
        if (voice)
            mix_add_weight(&m->t[MIX_KEY].want, m->enabled[i] && m->ducking,
                           0);
    }
    if (m->duck_graph) {
        /* The bed, its ducked copy, the voices: the ducked bed is all but
         * silent, so the bed's share is the depth. */
        double a = m->ducking ? pow(10, m->duck_db / 20) : 1;

        strbuf_addf(&m->t[MIX_OUT].want, "%.6f %.6f 1", a, 1 - a);
    }
    strbuf_reset(&m->all);
    for (size_t t = 0; t < m->ntargets; t++)
        strbuf_addf(&m->all, "%s%s", t ? " | " : "", strbuf_str(&m->t[t].want));
}

/* Write the weights for the next graph asendcmd builds: whole or not at
 * all (rename), so a graph never reads half a line. */
static int mix_write_file(struct mix *m, char **err)
{
    char tmp[320];
    FILE *f;
    int ok;

    snprintf(tmp, sizeof tmp, "%s.new", m->file);
    f = fopen(tmp, "w");
    if (!f) {
        *err = xasprintf("cannot write %s: %s", tmp, strerror(errno));
        return -1;
    }
    /* From time 0 on, once: the first frame a new graph sees.  A frame
     * stamped before 0 (codec priming) keeps the graph's own weights, which
     * are all 0: a few ms of silence at a seek, never the wrong tracks. */
    fputs("0 ", f);
    for (size_t t = 0; t < m->ntargets; t++)
        fprintf(f, "%s[enter] %s weights '%s'", t ? ", " : "",
                mix_target(m, t), strbuf_str(&m->t[t].want));
    fputs(";\n", f);
    ok = fclose(f) == 0;
    if (!ok || rename(tmp, m->file) < 0) {
        *err = xasprintf("cannot write %s: %s", m->file, strerror(errno));
        unlink(tmp);
        return -1;
    }
    for (size_t t = 0; t < m->ntargets; t++) {
        strbuf_reset(&m->t[t].filed);
        strbuf_adds(&m->t[t].filed, strbuf_str(&m->t[t].want));
    }
    return 0;
}

/* Send the first target the graph has not confirmed. */
static void mix_send(struct mix *m)
{
    struct strbuf msg = STRBUF_INIT;
    size_t t = 0;

    while (t < m->ntargets && strcmp(strbuf_str(&m->t[t].want),
                                     strbuf_str(&m->t[t].heard)) == 0)
        t++;
    if (t == m->ntargets) {
        m->applied = true;
        return;
    }
    strbuf_addf(&msg, "%s weights '%s'", mix_target(m, t),
                strbuf_str(&m->t[t].want));
    /* REQ_RELAXED lets a new request go even when the graph that had the
     * last one is gone; a full queue (EAGAIN) is retried by mix_service. */
    if (zmq_send(m->req, msg.buf, msg.len, ZMQ_DONTWAIT) >= 0) {
        m->busy = true;
        m->sent_to = t;
        strbuf_reset(&m->sent);
        strbuf_adds(&m->sent, strbuf_str(&m->t[t].want));
    }
    strbuf_free(&msg);
}

struct mix *mix_create(size_t ntracks, const bool *enabled, char **err)
{
    struct mix *m = xcalloc(1, sizeof *m);
    int one = 1, zero = 0, ivl = 10;

    m->ntracks = ntracks;
    m->ntargets = 1;
    m->enabled = xcalloc(ntracks + 1, sizeof *m->enabled);
    m->gain = xcalloc(ntracks + 1, sizeof *m->gain);
    m->key = xcalloc(ntracks + 1, sizeof *m->key);
    memcpy(m->enabled, enabled, ntracks * sizeof *enabled);
    for (size_t i = 0; i < 4; i++)
        m->crash[i] = -1;
    if (mix_make_folder(m, err) < 0)
        goto fail;
    snprintf(m->file, sizeof m->file, "%s/weights", m->dir);
    snprintf(m->sock, sizeof m->sock, "%s/mix.sock", m->dir);
    snprintf(m->endpoint, sizeof m->endpoint, "ipc://%s", m->sock);
    /* A signal that kills tplay removes them too (crash.h). */
    for (size_t i = 0; i < MIX_NFILES; i++) {
        char f[sizeof m->dir + 16];

        snprintf(f, sizeof f, "%s/%s", m->dir, mix_files[i]);
        m->crash[i] = crash_add_path(f, false);
    }
    m->crash[3] = crash_add_path(m->dir, true);
    mix_wants(m);
    if (mix_write_file(m, err) < 0)
        goto fail;
    m->ctx = zmq_ctx_new();
    m->req = m->ctx ? zmq_socket(m->ctx, ZMQ_REQ) : NULL;
    if (!m->req ||
        zmq_setsockopt(m->req, ZMQ_LINGER, &zero, sizeof zero) < 0 ||
        zmq_setsockopt(m->req, ZMQ_REQ_RELAXED, &one, sizeof one) < 0 ||
        zmq_setsockopt(m->req, ZMQ_REQ_CORRELATE, &one, sizeof one) < 0 ||
        /* The graph (the server) comes back after each seek: find it
         * fast. */
        zmq_setsockopt(m->req, ZMQ_RECONNECT_IVL, &ivl, sizeof ivl) < 0 ||
        zmq_connect(m->req, m->endpoint) < 0) {
        *err = xasprintf("cannot set up the mixer's socket %s: %s",
                         m->endpoint, zmq_strerror(zmq_errno()));
        goto fail;
    }
    m->applied = true; /* the graph starts from the file */
    strbuf_adds(&m->t[0].heard, strbuf_str(&m->t[0].filed));
    return m;
fail:
    mix_destroy(m);
    return NULL;
}

void mix_destroy(struct mix *m)
{
    if (!m)
        return;
    if (m->req)
        zmq_close(m->req);
    if (m->ctx)
        zmq_ctx_term(m->ctx);
    if (m->dir[0]) {
        for (size_t i = 0; i < MIX_NFILES; i++) {
            char f[sizeof m->dir + 16];

            snprintf(f, sizeof f, "%s/%s", m->dir, mix_files[i]);
            unlink(f);
        }
        rmdir(m->dir);
        for (size_t i = 0; i < 4; i++)
            crash_remove_path(m->crash[i]);
    }
    for (size_t t = 0; t < MIX_TARGETS; t++) {
        strbuf_free(&m->t[t].want);
        strbuf_free(&m->t[t].filed);
        strbuf_free(&m->t[t].heard);
    }
    strbuf_free(&m->all);
    strbuf_free(&m->sent);
    levels_destroy(m->levels); /* the graph that wrote there is gone */
    free(m->enabled);
    free(m->gain);
    free(m->key);
    free(m);
}

int mix_prepare(struct mix *m, const bool *key, double duck_db, bool ducking,
                const double *gain, char **err)
{
    size_t nkey = 0;

    for (size_t i = 0; i < m->ntracks; i++)
        nkey += key[i];
    memcpy(m->gain, gain, m->ntracks * sizeof *gain);
    /* Something to duck, something to duck with, and a depth. */
    m->duck_graph = nkey > 0 && nkey < m->ntracks && duck_db < 0;
    if (m->duck_graph) {
        memcpy(m->key, key, m->ntracks * sizeof *key);
        m->duck_db = duck_db;
        m->ducking = ducking;
        m->ntargets = MIX_TARGETS;
    }
    mix_wants(m);
    if (mix_write_file(m, err) < 0)
        return -1;
    /* No graph runs yet: the one to come starts from the file. */
    for (size_t t = 0; t < MIX_TARGETS; t++) {
        strbuf_reset(&m->t[t].heard);
        strbuf_adds(&m->t[t].heard, strbuf_str(&m->t[t].filed));
    }
    m->applied = true;
    return 0;
}

/* Track i's way into the mix: through its meter when there are meters,
 * else straight from libmpv (track 0 after its asendcmd). */
static void mix_add_input(struct strbuf *g, const struct mix *m, size_t i,
                          const int64_t *aids)
{
    if (m->levels)
        strbuf_addf(g, " [tplay_m%zu]", i);
    else if (i == 0)
        strbuf_adds(g, " [tplay_a0]");
    else
        strbuf_addf(g, " [aid%lld]", (long long)aids[i]);
}

/* Inputs of the chain whose tracks are (voice) or are not (!voice) keys,
 * as labels; the keys' copies for the sidechain with prefix "k". */
static void mix_inputs(struct strbuf *g, const struct mix *m, bool voice,
                       const int64_t *aids, const char *prefix)
{
    for (size_t i = 0; i < m->ntracks; i++) {
        if (m->duck_graph && m->key[i] != voice)
            continue;
        if (m->duck_graph && voice)
            strbuf_addf(g, " [tplay_%s%zu]", prefix, i);
        else
            mix_add_input(g, m, i, aids);
    }
}

char *mix_graph(const struct mix *m, int64_t vid, const int64_t *aids)
{
    struct strbuf g = STRBUF_INIT;
    size_t nkey = 0;

    for (size_t i = 0; m->duck_graph && i < m->ntracks; i++)
        nkey += m->key[i];
    if (vid >= 0) /* routed, so the graph's refresh seek is exact */
        strbuf_addf(&g, "[vid%lld] null [vo]; ", (long long)vid);
    strbuf_addf(&g, "[aid%lld] asendcmd=f=", (long long)aids[0]);
    lavfi_add_escaped(&g, m->file, 2);
    strbuf_adds(&g, " [tplay_a0];");
    for (size_t i = 0; m->levels && i < m->ntracks; i++) {
        if (i == 0)
            strbuf_adds(&g, " [tplay_a0] ");
        else
            strbuf_addf(&g, " [aid%lld] ", (long long)aids[i]);
        levels_add_filter(m->levels, i, &g);
        strbuf_addf(&g, " [tplay_m%zu];", i);
    }
    if (!m->duck_graph) {
        mix_inputs(&g, m, false, aids, "");
        /* weights=0: silent until asendcmd sets the wanted ones. */
        strbuf_addf(&g, " amix=inputs=%zu:normalize=0:weights=0,"
                    "azmq=bind_address=", m->ntracks);
        lavfi_add_escaped(&g, m->endpoint, 2);
        strbuf_adds(&g, ",alimiter=limit=1:level=disabled [ao]");
        return strbuf_detach(&g);
    }
    /* Each key track twice: heard, and for the sidechain. */
    for (size_t i = 0; i < m->ntracks; i++) {
        if (!m->key[i])
            continue;
        mix_add_input(&g, m, i, aids);
        strbuf_addf(&g, " asplit [tplay_v%zu] [tplay_k%zu];", i, i);
    }
    mix_inputs(&g, m, false, aids, "");
    strbuf_addf(&g, " amix@tplay_bed=inputs=%zu:normalize=0:weights=0,"
                "asplit [tplay_b1] [tplay_b2];", m->ntracks - nkey);
    mix_inputs(&g, m, true, aids, "k");
    strbuf_addf(&g, " amix@tplay_key=inputs=%zu:normalize=0:weights=0,"
                MIX_HOLD " [tplay_sc];", nkey);
    strbuf_adds(&g, " [tplay_b2] [tplay_sc] " MIX_DUCKER " [tplay_c];");
    mix_inputs(&g, m, true, aids, "v");
    strbuf_addf(&g, " amix@tplay_voice=inputs=%zu:normalize=0:weights=0"
                " [tplay_v];", nkey);
    strbuf_adds(&g, " [tplay_b1] [tplay_c] [tplay_v] amix@tplay_out=inputs=3:"
                "normalize=0:weights=0,azmq=bind_address=");
    lavfi_add_escaped(&g, m->endpoint, 2);
    strbuf_adds(&g, ",alimiter=limit=1:level=disabled [ao]");
    return strbuf_detach(&g);
}

/* Make the wanted weights the file's, and send them when the graph can
 * take them. */
static int mix_update(struct mix *m, char **err)
{
    mix_wants(m);
    m->applied = false;
    m->refused[0] = '\0';
    if (mix_write_file(m, err) < 0)
        return -1;
    mix_service(m); /* sends it, unless a request waits for its reply */
    return 0;
}

int mix_set(struct mix *m, const bool *enabled, char **err)
{
    memcpy(m->enabled, enabled, m->ntracks * sizeof *enabled);
    return mix_update(m, err);
}

int mix_set_gains(struct mix *m, const double *db, char **err)
{
    memcpy(m->gain, db, m->ntracks * sizeof *db);
    return mix_update(m, err);
}

int mix_set_ducking(struct mix *m, bool on, char **err)
{
    if (!m->duck_graph)
        return 0;
    m->ducking = on;
    return mix_update(m, err);
}

void mix_meter(struct mix *m, struct levels *l)
{
    levels_destroy(m->levels);
    m->levels = l;
}

struct levels *mix_levels(const struct mix *m)
{
    return m->levels;
}

bool mix_can_duck(const struct mix *m)
{
    return m->duck_graph;
}

int mix_fd(const struct mix *m)
{
    int fd = -1;
    size_t len = sizeof fd;

    zmq_getsockopt(m->req, ZMQ_FD, &fd, &len);
    return fd;
}

/* Whether every target's wanted weights are confirmed. */
static bool mix_all_heard(const struct mix *m)
{
    for (size_t t = 0; t < m->ntargets; t++)
        if (strcmp(strbuf_str(&m->t[t].want), strbuf_str(&m->t[t].heard)))
            return false;
    return true;
}

const char *mix_service(struct mix *m)
{
    char reply[sizeof m->refused];
    const char *refused = NULL;

    for (;;) {
        int events = 0, n;
        size_t len = sizeof events;
        struct mix_target *t;

        /* ZMQ_FD is edge-triggered: read until ZMQ_EVENTS says empty. */
        if (zmq_getsockopt(m->req, ZMQ_EVENTS, &events, &len) < 0 ||
            !(events & ZMQ_POLLIN))
            break;
        /* n is the whole reply's length, even when cut to the buffer. */
        if ((n = zmq_recv(m->req, reply, sizeof reply - 1, ZMQ_DONTWAIT)) < 0)
            break;
        reply[(size_t)n < sizeof reply - 1 ? (size_t)n : sizeof reply - 1] =
            '\0';
        m->busy = false;
        t = &m->t[m->sent_to];
        if (strcmp(strbuf_str(&m->sent), strbuf_str(&t->want)) != 0)
            continue; /* an older set's answer: the wanted one goes next */
        /* azmq answers "<code> <text>": 0 is done. */
        if (strncmp(reply, "0 ", 2) == 0) {
            strbuf_reset(&t->heard);
            strbuf_adds(&t->heard, strbuf_str(&t->want));
            m->applied = mix_all_heard(m);
        } else {
            snprintf(m->refused, sizeof m->refused, "%s", reply);
            refused = m->refused;
        }
    }
    /* A refused set is not sent again: the next set or seek may do. */
    if (!m->busy && !m->applied && !m->refused[0])
        mix_send(m);
    return refused;
}

void mix_reset(struct mix *m)
{
    m->refused[0] = '\0';
    for (size_t t = 0; t < m->ntargets; t++) { /* the new graph read the file */
        strbuf_reset(&m->t[t].heard);
        strbuf_adds(&m->t[t].heard, strbuf_str(&m->t[t].filed));
    }
    /* The graph may have read the file before the request in flight was
     * written there: send that one again. */
    if (m->busy)
        strbuf_reset(&m->t[m->sent_to].heard);
    m->applied = mix_all_heard(m);
    m->busy = false;
    if (!m->applied)
        mix_send(m);
}

bool mix_applied(const struct mix *m)
{
    return m->applied;
}

void mix_heard(const struct mix *m, bool *heard)
{
    const char *w[MIX_TARGETS];

    for (size_t t = 0; t < MIX_TARGETS; t++)
        w[t] = strbuf_str(&m->t[t].heard);
    /* The weights, in track order within each target. */
    for (size_t i = 0; i < m->ntracks; i++) {
        const char **p = &w[m->duck_graph && m->key[i] ? MIX_VOICE : MIX_BED];
        char *end;
        double v = strtod(*p, &end);

        heard[i] = end != *p && v != 0;
        *p = end;
    }
}

const char *mix_endpoint(const struct mix *m)
{
    return m->endpoint;
}

const char *mix_weights(const struct mix *m)
{
    return strbuf_str(&m->all);
}
