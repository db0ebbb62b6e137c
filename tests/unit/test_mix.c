/* test_mix.c - the mixer's graph text, its weights file, and its
 * conversation with the graph over a real ZeroMQ socket (a REP socket in
 * the test stands in for FFmpeg's azmq filter). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "deadline.h"
#include "lavfi.h"
#include "mix.h"
#include "strbuf.h"

#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zmq.h>

static void test_escaping_per_level(void **state)
{
    static const struct {
        const char *in;
        int levels;
        const char *out;
    } cases[] = {
        { "/tmp/a/b", 2, "/tmp/a/b" },
        { "ipc:///x", 1, "ipc\\:///x" },
        { "ipc:///x", 2, "ipc\\\\\\:///x" },
        { "a'b", 1, "a\\'b" },
        { "a,b;c[d]e=f g", 1, "a\\,b\\;c\\[d\\]e\\=f\\ g" },
        { "back\\slash", 2, "back\\\\\\\\slash" },
        { "", 2, "" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;

        lavfi_add_escaped(&sb, cases[i].in, cases[i].levels);
        assert_string_equal(strbuf_str(&sb), cases[i].out);
        strbuf_free(&sb);
    }
}

static char *test_read(const char *path)
{
    static char buf[512];
    FILE *f = fopen(path, "r");
    size_t n;

    assert_non_null(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* The weights file's path: after "asendcmd=f=" in the graph, unescaped
 * (mkdtemp names need no escaping). */
static void test_file_of(const char *graph, char *out, size_t n)
{
    const char *p = strstr(graph, "asendcmd=f=") + strlen("asendcmd=f=");
    size_t len = strcspn(p, " ");

    assert_true(len < n);
    memcpy(out, p, len);
    out[len] = '\0';
}

static void test_graph_and_weights_file(void **state)
{
    bool on[3] = { true, false, true };
    int64_t aids[3] = { 1, 2, 3 };
    char *err = NULL, file[256];
    struct mix *m = mix_create(3, on, &err);
    char *g;
    struct stat st;

    (void)state;
    assert_non_null(m);
    g = mix_graph(m, 1, aids);
    assert_non_null(strstr(g, "[vid1] null [vo]; [aid1] asendcmd=f="));
    assert_non_null(strstr(g, "[tplay_a0] [aid2] [aid3] amix=inputs=3:"
                              "normalize=0:weights=0,azmq=bind_address="));
    assert_non_null(strstr(g, ",alimiter=limit=1:level=disabled [ao]"));
    test_file_of(g, file, sizeof file);
    assert_string_equal(test_read(file),
                        "0 [enter] amix weights '1 0 1';\n");
    /* The folder is the user's alone. */
    *strrchr(file, '/') = '\0';
    assert_int_equal(stat(file, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    free(g);

    g = mix_graph(m, -1, aids); /* no picture: no video chain */
    assert_null(strstr(g, "[vo]"));
    assert_int_equal(strncmp(g, "[aid1] asendcmd", 15), 0);
    test_file_of(g, file, sizeof file);
    on[1] = true;
    on[2] = false;
    assert_int_equal(mix_set(m, on, &err), 0);
    assert_string_equal(test_read(file),
                        "0 [enter] amix weights '1 1 0';\n");
    assert_string_equal(mix_weights(m), "1 1 0");
    free(g);
    mix_destroy(m);
    /* Gone with the mixer. */
    *strrchr(file, '/') = '\0';
    assert_int_not_equal(stat(file, &st), 0);
}

/* A gain rides on its track's weight; with a descriptions track the
 * graph grows the ducking chain, and four named amix take the weights. */
static void test_gains_and_ducking(void **state)
{
    bool on[3] = { true, false, true }, key[3] = { false, false, true };
    double db[3] = { 0, -6, -12 };
    int64_t aids[3] = { 1, 2, 3 };
    char *err = NULL, file[256];
    struct mix *m = mix_create(3, on, &err);
    char *g;
    bool heard[3];

    (void)state;
    assert_non_null(m);
    assert_int_equal(mix_set_gains(m, db, &err), 0);
    assert_string_equal(mix_weights(m), "1 0 0.251189");
    assert_int_equal(mix_prepare(m, key, 0, true, db, &err), 0); /* 0: off */
    assert_false(mix_can_duck(m));
    assert_string_equal(mix_weights(m), "1 0 0.251189");
    assert_true(mix_applied(m)); /* the graph to come reads the file */
    assert_int_equal(mix_prepare(m, key, -12, true, db, &err), 0);
    assert_true(mix_can_duck(m));
    /* bed (tracks 1, 2), voices (3), key (3), out (bed at -12 dB). */
    assert_string_equal(mix_weights(m),
                        "1 0 | 0.251189 | 1 | 0.251189 0.748811 1");
    g = mix_graph(m, -1, aids);
    assert_non_null(strstr(g, "[aid3] asplit [tplay_v2] [tplay_k2];"));
    assert_non_null(strstr(g, "[tplay_a0] [aid2] amix@tplay_bed=inputs=2:"));
    assert_non_null(strstr(g, "[tplay_k2] amix@tplay_key=inputs=1:"));
    assert_non_null(strstr(g, "[tplay_b2] [tplay_sc] sidechaincompress="));
    assert_non_null(strstr(g, "[tplay_b1] [tplay_c] [tplay_v] amix@tplay_out="
                              "inputs=3:normalize=0:weights=0,azmq="));
    test_file_of(g, file, sizeof file);
    assert_string_equal(test_read(file),
                        "0 [enter] amix@tplay_bed weights '1 0', "
                        "[enter] amix@tplay_voice weights '0.251189', "
                        "[enter] amix@tplay_key weights '1', "
                        "[enter] amix@tplay_out weights "
                        "'0.251189 0.748811 1';\n");
    mix_heard(m, heard);
    assert_true(heard[0] && !heard[1] && heard[2]);
    /* Off: the key is silent and the bed goes out whole. */
    assert_int_equal(mix_set_ducking(m, false, &err), 0);
    assert_string_equal(mix_weights(m), "1 0 | 0.251189 | 0 | 1.000000 "
                                        "0.000000 1");
    free(g);
    mix_destroy(m);
}

/* Receive one request on rep within ms; "" when none came. */
static const char *test_recv_within(void *rep, long ms)
{
    static char buf[128];
    zmq_pollitem_t it = { rep, 0, ZMQ_POLLIN, 0 };
    int n;

    if (zmq_poll(&it, 1, ms) <= 0)
        return "";
    n = zmq_recv(rep, buf, sizeof buf - 1, 0);
    buf[n < 0 ? 0 : n] = '\0';
    return buf;
}

/* The request that must come to rep, however long it takes to. */
static const char *test_recv(void *rep)
{
    return test_recv_within(rep, (long)deadline_ms(DEADLINE_MS));
}

/* That no request comes to rep for a second (a wrong one comes at once). */
static const char *test_recv_none(void *rep)
{
    return test_recv_within(rep, 1000);
}

/* Poll the mixer's descriptor a while and service it; count a refusal. */
static void test_service_once(struct mix *m, int *refusals,
                              const char **refused)
{
    struct pollfd pfd = { mix_fd(m), POLLIN, 0 };
    const char *r;

    poll(&pfd, 1, 20);
    if ((r = mix_service(m)) != NULL) {
        *refused = r;
        (*refusals)++;
    }
}

/* Let the mixer take the reply that applies the set: service until it
 * says so (a failed wait shows in the caller's assert_true). */
static void test_service(struct mix *m)
{
    int64_t end = deadline_at();
    int refusals = 0;
    const char *refused = NULL;

    while (!mix_applied(m) && deadline_now_ms() < end)
        test_service_once(m, &refusals, &refused);
    assert_int_equal(refusals, 0);
}

/* Service the mixer until it sends rep a request; return it ("" if none
 * came in time), and how many refusals it reported meanwhile, the last
 * in *refused. */
static const char *test_service_until_sent(struct mix *m, void *rep,
                                           int *refusals,
                                           const char **refused)
{
    int64_t end = deadline_at();
    const char *got = "";

    *refusals = 0;
    while (!got[0] && deadline_now_ms() < end) {
        test_service_once(m, refusals, refused);
        got = test_recv_within(rep, 0);
    }
    return got;
}

/* Service the mixer until it reports a refusal; then a second longer,
 * whatever comes.  Returns how many refusals it reported in all, the
 * last in *refused. */
static int test_service_until_refused(struct mix *m, const char **refused)
{
    int64_t end = deadline_at(), calm;
    int reports = 0;

    while (reports == 0 && deadline_now_ms() < end)
        test_service_once(m, &reports, refused);
    for (calm = deadline_now_ms() + 1000; deadline_now_ms() < calm;)
        test_service_once(m, &reports, refused);
    return reports;
}

/* The graph's end: a REP socket on the mixer's endpoint. */
static void *test_graph(void *ctx, const struct mix *m)
{
    void *rep = zmq_socket(ctx, ZMQ_REP);
    int zero = 0;

    zmq_setsockopt(rep, ZMQ_LINGER, &zero, sizeof zero);
    assert_int_equal(zmq_bind(rep, mix_endpoint(m)), 0);
    return rep;
}

static void test_requests_coalesce_and_complete(void **state)
{
    bool on[2] = { true, false };
    char *err = NULL;
    struct mix *m = mix_create(2, on, &err);
    void *ctx = zmq_ctx_new(), *rep;
    const char *refused = NULL;
    int refusals;

    (void)state;
    assert_non_null(m);
    rep = test_graph(ctx, m);
    assert_true(mix_applied(m)); /* the graph starts from the file */

    on[1] = true;
    assert_int_equal(mix_set(m, on, &err), 0);
    assert_false(mix_applied(m));
    assert_string_equal(test_recv(rep), "amix weights '1 1'");
    /* Two more changes while the graph has not answered: only the last
     * one is sent, once the answer came. */
    on[0] = false;
    assert_int_equal(mix_set(m, on, &err), 0);
    on[1] = false;
    assert_int_equal(mix_set(m, on, &err), 0);
    assert_string_equal(test_recv_none(rep), "");
    zmq_send(rep, "0 Success", 9, 0);
    /* The answer is an older set's: it applies nothing, refuses nothing,
     * and lets the wanted set go. */
    assert_string_equal(test_service_until_sent(m, rep, &refusals, &refused),
                        "amix weights '0 0'");
    assert_int_equal(refusals, 0);
    assert_false(mix_applied(m));
    zmq_send(rep, "0 Success", 9, 0);
    test_service(m);
    assert_true(mix_applied(m));

    /* A seek rebuilt the graph with a request in flight: it is sent again
     * (the old graph took it to its grave). */
    on[0] = true;
    assert_int_equal(mix_set(m, on, &err), 0);
    assert_string_equal(test_recv(rep), "amix weights '1 0'");
    mix_reset(m);
    zmq_close(rep);
    rep = test_graph(ctx, m);
    {
        /* The new socket may not be connected yet when the request goes
         * out: each reset sends it again, until it comes. */
        int64_t end = deadline_at();
        const char *got = "";

        while (!got[0] && deadline_now_ms() < end) {
            mix_service(m);
            got = test_recv_within(rep, 1000);
            if (!got[0])
                mix_reset(m);
        }
        assert_string_equal(got, "amix weights '1 0'");
    }
    zmq_send(rep, "0 Success", 9, 0);
    test_service(m);
    assert_true(mix_applied(m));

    zmq_close(rep);
    zmq_ctx_term(ctx);
    mix_destroy(m);
}

/* A graph whose amix will not change weights live answers with an error:
 * reported once, not sent again, and the next set goes out as usual. */
static void test_a_refused_set_is_reported_once(void **state)
{
    bool on[2] = { true, false };
    char *err = NULL;
    struct mix *m = mix_create(2, on, &err);
    void *ctx = zmq_ctx_new(), *rep;
    const char *refused = NULL;

    (void)state;
    assert_non_null(m);
    rep = test_graph(ctx, m);
    on[1] = true;
    assert_int_equal(mix_set(m, on, &err), 0);
    assert_string_equal(test_recv(rep), "amix weights '1 1'");
    zmq_send(rep, "38 Function not implemented", 27, 0);
    assert_int_equal(test_service_until_refused(m, &refused), 1);
    assert_string_equal(refused, "38 Function not implemented");
    assert_false(mix_applied(m));
    assert_string_equal(test_recv_none(rep), ""); /* not sent again */

    on[0] = false;
    assert_int_equal(mix_set(m, on, &err), 0);
    assert_string_equal(test_recv(rep), "amix weights '0 1'");
    zmq_send(rep, "0 Success", 9, 0);
    test_service(m);
    assert_true(mix_applied(m));

    zmq_close(rep);
    zmq_ctx_term(ctx);
    mix_destroy(m);
}

/* What is heard is what the graph confirmed, never merely what was asked
 * for: it lags a set until the answer, stays put on a refusal, and after
 * a rebuild is what the new graph read from the file. */
static void test_heard_is_the_confirmed_set(void **state)
{
    bool on[2] = { true, false }, heard[2];
    char *err = NULL;
    struct mix *m = mix_create(2, on, &err);
    void *ctx = zmq_ctx_new(), *rep;
    const char *refused = NULL;

    (void)state;
    assert_non_null(m);
    rep = test_graph(ctx, m);
    mix_heard(m, heard);
    assert_true(heard[0] && !heard[1]); /* the graph starts from the file */
    on[1] = true;
    assert_int_equal(mix_set(m, on, &err), 0);
    mix_heard(m, heard);
    assert_true(heard[0] && !heard[1]); /* asked for, not yet heard */
    assert_string_equal(test_recv(rep), "amix weights '1 1'");
    zmq_send(rep, "0 Success", 9, 0);
    test_service(m);
    mix_heard(m, heard);
    assert_true(heard[0] && heard[1]);

    on[0] = false;
    assert_int_equal(mix_set(m, on, &err), 0);
    assert_string_equal(test_recv(rep), "amix weights '0 1'");
    zmq_send(rep, "38 Function not implemented", 27, 0);
    assert_int_equal(test_service_until_refused(m, &refused), 1);
    mix_heard(m, heard);
    assert_true(heard[0] && heard[1]); /* refused: still the old set */
    mix_reset(m); /* a seek: the new graph read the file */
    mix_heard(m, heard);
    assert_true(!heard[0] && heard[1]);

    zmq_close(rep);
    zmq_ctx_term(ctx);
    mix_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heard_is_the_confirmed_set),
        cmocka_unit_test(test_escaping_per_level),
        cmocka_unit_test(test_graph_and_weights_file),
        cmocka_unit_test(test_gains_and_ducking),
        cmocka_unit_test(test_requests_coalesce_and_complete),
        cmocka_unit_test(test_a_refused_set_is_reported_once),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
