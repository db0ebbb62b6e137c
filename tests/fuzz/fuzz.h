/* fuzz.h - the fuzz targets: each takes any bytes, never fails on bad
 * input, and abort()s when a property of its output is broken.  libFuzzer
 * calls them through LLVMFuzzerTestOneInput (built with FUZZ_LIBFUZZER);
 * tests/unit/test_fuzz_replay.c calls them over the kept inputs. */
#ifndef TPLAY_FUZZ_H
#define TPLAY_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The bytes as a tplay.conf; the settings it leaves then drive select. */
int fuzz_config_one(const uint8_t *data, size_t size);

/* Lines as language tags, preference lists and synthetic tracks. */
int fuzz_lang_one(const uint8_t *data, size_t size);

/* The bytes as a track label: fitted, wrapped and JSON-escaped. */
int fuzz_label_one(const uint8_t *data, size_t size);

/* The bytes as a subtitle cue's ASS text: read, then wrapped. */
int fuzz_cue_one(const uint8_t *data, size_t size);

/* The bytes as the start of a Matroska file. */
int fuzz_mkv_one(const uint8_t *data, size_t size);

/* The bytes as the start of an Ogg file. */
int fuzz_ogg_one(const uint8_t *data, size_t size);

/* The bytes as an .m3u and an .m3u8 playlist; the entries in natural
 * order and as times. */
int fuzz_m3u_one(const uint8_t *data, size_t size);

/* libFuzzer's entry point for the target fn, in fn's file; nothing in
 * the replay build. */
#ifdef FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#define FUZZ_ENTRY(fn)                                              \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)    \
    {                                                               \
        return fn(data, size);                                      \
    }
#else
#define FUZZ_ENTRY(fn)
#endif

#endif
