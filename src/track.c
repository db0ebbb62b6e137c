/* track.c - the audio-track model's names and start-up rule. */
#include "track.h"

#include <stdlib.h>
#include <string.h>

const char *track_kind_name(enum track_kind kind)
{
    switch (kind) {
    case TRACK_KIND_MAIN: return "main";
    case TRACK_KIND_TRANSLATION: return "translation";
    case TRACK_KIND_COMMENTARY: return "commentary";
    case TRACK_KIND_DESCRIPTIONS: return "descriptions";
    case TRACK_KIND_MAIN_DESC: return "main-desc";
    case TRACK_KIND_ALTERNATIVE: return "alternative";
    case TRACK_KIND_NONE: break;
    }
    return "";
}

const char *track_flag_name(int i, unsigned *bit)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[TRACK_FLAGS_REPORTED] = {
        { TRACK_FLAG_DEFAULT, "default" },
        { TRACK_FLAG_FORCED, "forced" },
        { TRACK_FLAG_ORIGINAL, "original" },
        { TRACK_FLAG_HEARING_IMPAIRED, "hearing-impaired" },
        { TRACK_FLAG_VISUAL_IMPAIRED, "visual-impaired" },
        { TRACK_FLAG_COMMENTARY, "commentary" },
    };

    if (i < 0 || i >= TRACK_FLAGS_REPORTED)
        return NULL;
    *bit = names[i].bit;
    return names[i].name;
}

void track_list_enable_default(struct track_list *list)
{
    size_t pick = 0;

    for (size_t i = 0; i < list->count; i++)
        if (list->tracks[i].flags & TRACK_FLAG_DEFAULT) {
            pick = i;
            break;
        }
    for (size_t i = 0; i < list->count; i++)
        list->tracks[i].enabled = i == pick;
}

void track_list_free(struct track_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->tracks[i].id);
        free(list->tracks[i].label);
        free(list->tracks[i].codec);
        free(list->tracks[i].other_languages);
    }
    free(list->tracks);
    memset(list, 0, sizeof *list);
}
