/* texttrack.c - the text-track model's names and list. */
#include "texttrack.h"

#include "xmem.h"

#include <stdlib.h>
#include <string.h>

static const char *const texttrack_kinds[TEXT_KIND_COUNT] = {
    [TEXT_KIND_SUBTITLES] = "subtitles",
    [TEXT_KIND_CAPTIONS] = "captions",
    [TEXT_KIND_DESCRIPTIONS] = "descriptions",
    [TEXT_KIND_CHAPTERS] = "chapters",
    [TEXT_KIND_METADATA] = "metadata",
};

const char *text_kind_name(enum text_kind kind)
{
    return (unsigned)kind < TEXT_KIND_COUNT ? texttrack_kinds[kind] : "";
}

const char *text_mode_name(enum text_mode mode)
{
    switch (mode) {
    case TEXT_MODE_HIDDEN: return "hidden";
    case TEXT_MODE_SHOWING: return "showing";
    case TEXT_MODE_DISABLED: break;
    }
    return "disabled";
}

int text_kind_named(const char *name)
{
    for (int i = 0; i < TEXT_KIND_COUNT; i++)
        if (strcmp(name, texttrack_kinds[i]) == 0)
            return i;
    return -1;
}

bool text_codec_is_bitmap(const char *codec)
{
    static const char *const bitmaps[] = {
        "hdmv_pgs_subtitle", "dvd_subtitle", "dvb_subtitle", "xsub",
        "dvb_teletext", "arib_caption",
    };

    if (!codec)
        return false;
    for (size_t i = 0; i < sizeof bitmaps / sizeof bitmaps[0]; i++)
        if (strcmp(codec, bitmaps[i]) == 0)
            return true;
    return false;
}

static char *texttrack_dup(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void text_track_list_add(struct text_track_list *list,
                         const struct text_track *t)
{
    struct text_track *copy;

    list->tracks = xreallocarray(list->tracks, list->count + 1,
                                 sizeof *list->tracks);
    copy = &list->tracks[list->count++];
    *copy = *t;
    copy->id = texttrack_dup(t->id);
    copy->label = texttrack_dup(t->label);
    copy->codec = texttrack_dup(t->codec);
    copy->path = texttrack_dup(t->path);
}

void text_track_list_take(struct text_track_list *list,
                          const struct text_track *t)
{
    list->tracks = xreallocarray(list->tracks, list->count + 1,
                                 sizeof *list->tracks);
    list->tracks[list->count++] = *t;
}

const char *text_flag_name(int i, unsigned *bit)
{
    static const struct {
        const char *name;
        unsigned bit;
    } flags[TEXT_FLAGS_REPORTED] = {
        { "default", TEXT_FLAG_DEFAULT },
        { "forced", TEXT_FLAG_FORCED },
        { "hearing-impaired", TEXT_FLAG_HEARING_IMPAIRED },
        { "text-descriptions", TEXT_FLAG_DESCRIPTIONS },
    };

    if (i < 0 || i >= TEXT_FLAGS_REPORTED) {
        *bit = 0;
        return NULL;
    }
    *bit = flags[i].bit;
    return flags[i].name;
}

void text_track_list_free(struct text_track_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->tracks[i].id);
        free(list->tracks[i].label);
        free(list->tracks[i].codec);
        free(list->tracks[i].path);
    }
    free(list->tracks);
    list->tracks = NULL;
    list->count = 0;
}
