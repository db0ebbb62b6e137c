/* test_kind.c - HTML kind per container, as a table (W3C in-band sourcing
 * rules plus the RFC 9559 flags). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kind.h"

#include <string.h>

#define DEF TRACK_FLAG_DEFAULT
#define COM TRACK_FLAG_COMMENTARY
#define VI  TRACK_FLAG_VISUAL_IMPAIRED
#define HI  TRACK_FLAG_HEARING_IMPAIRED
#define DSC TRACK_FLAG_DESCRIPTIONS
#define DEP TRACK_FLAG_DEPENDENT
#define SVI TRACK_FLAG_SERVICE_VI
#define ORG TRACK_FLAG_ORIGINAL

static const struct {
    enum container_type type;
    unsigned flags;
    size_t audio_index;
    const char *kind;
} kind_cases[] = {
    /* Matroska / WebM */
    { CONTAINER_MATROSKA, DEF, 0, "main" },
    { CONTAINER_MATROSKA, DEF, 3, "main" },
    { CONTAINER_MATROSKA, 0, 0, "" },
    { CONTAINER_MATROSKA, 0, 1, "translation" },
    { CONTAINER_MATROSKA, DEF | COM, 0, "commentary" },
    { CONTAINER_MATROSKA, COM, 2, "commentary" },
    { CONTAINER_MATROSKA, VI, 1, "main-desc" },
    { CONTAINER_MATROSKA, DEF | VI, 0, "main-desc" },
    { CONTAINER_MATROSKA, HI, 1, "translation" },     /* no HTML kind */
    { CONTAINER_MATROSKA, DEF | ORG, 0, "main" },      /* no HTML kind */
    { CONTAINER_WEBM, DEF, 0, "main" },
    { CONTAINER_WEBM, 0, 1, "translation" },
    /* MP4 */
    { CONTAINER_MP4, 0, 0, "main" },
    { CONTAINER_MP4, DEF, 0, "main" },
    { CONTAINER_MP4, 0, 1, "translation" },
    { CONTAINER_MP4, DEF, 1, "translation" },
    { CONTAINER_MP4, COM, 1, "commentary" },
    { CONTAINER_MP4, DSC | VI, 1, "descriptions" },
    { CONTAINER_MP4, SVI | VI, 0, "main-desc" },
    { CONTAINER_MP4, VI, 2, "main-desc" },
    /* MPEG-2 TS */
    { CONTAINER_MPEGTS, 0, 0, "main" },
    { CONTAINER_MPEGTS, 0, 1, "translation" },
    { CONTAINER_MPEGTS, HI, 0, "" },
    { CONTAINER_MPEGTS, HI, 1, "" },
    { CONTAINER_MPEGTS, VI | DSC, 1, "descriptions" },
    { CONTAINER_MPEGTS, VI | DSC | DEP, 1, "descriptions" },
    { CONTAINER_MPEGTS, VI | SVI, 1, "main-desc" },
    { CONTAINER_MPEGTS, VI | SVI | DEP, 1, "descriptions" },
    /* Ogg: no kinds without Skeleton */
    { CONTAINER_OGG, 0, 0, "" },
    { CONTAINER_OGG, DEF | COM, 1, "" },
    /* anything else */
    { CONTAINER_OTHER, 0, 0, "main" },
    { CONTAINER_OTHER, DEF, 1, "" },
    { CONTAINER_OTHER, COM, 1, "commentary" },
};

static void test_kind_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof kind_cases / sizeof kind_cases[0]; i++) {
        const char *got = track_kind_name(kind_from_container(
            kind_cases[i].type, kind_cases[i].flags, kind_cases[i].audio_index));

        if (strcmp(got, kind_cases[i].kind) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, got,
                     kind_cases[i].kind);
    }
}

static void test_track_enable_default(void **state)
{
    struct track t[3] = { { 0 } };
    struct track_list list = { t, 3 };

    (void)state;
    track_list_enable_default(&list);
    assert_true(t[0].enabled && !t[1].enabled && !t[2].enabled);
    t[2].flags = TRACK_FLAG_DEFAULT;
    t[1].flags = TRACK_FLAG_FORCED;
    track_list_enable_default(&list);
    assert_true(!t[0].enabled && !t[1].enabled && t[2].enabled);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_table),
        cmocka_unit_test(test_track_enable_default),
    };
    return cmocka_run_group_tests_name("kind", tests, NULL, NULL);
}
