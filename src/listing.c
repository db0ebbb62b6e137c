/* listing.c - one JSON line per file for --list-tracks. */
#include "listing.h"

#include "json.h"

static void listing_track(struct strbuf *sb, const struct track *t)
{
    bool first = true;

    strbuf_adds(sb, "{\"id\":");
    json_add_string(sb, t->id);
    strbuf_adds(sb, ",\"kind\":");
    json_add_string(sb, track_kind_name(t->kind));
    strbuf_adds(sb, ",\"label\":");
    json_add_string(sb, t->label);
    strbuf_adds(sb, ",\"language\":");
    json_add_string(sb, t->language);
    if (t->nother_languages) {
        strbuf_adds(sb, ",\"otherLanguages\":[");
        for (size_t i = 0; i < t->nother_languages; i++) {
            if (i)
                strbuf_addc(sb, ',');
            json_add_string(sb, t->other_languages[i]);
        }
        strbuf_addc(sb, ']');
    }
    strbuf_adds(sb, t->enabled ? ",\"enabled\":true" : ",\"enabled\":false");
    strbuf_adds(sb, ",\"flags\":[");
    for (int i = 0; i < TRACK_FLAGS_REPORTED; i++) {
        unsigned bit;
        const char *name = track_flag_name(i, &bit);

        if (!(t->flags & bit))
            continue;
        if (!first)
            strbuf_addc(sb, ',');
        json_add_string(sb, name);
        first = false;
    }
    strbuf_adds(sb, "]}");
}

void listing_json(struct strbuf *sb, const char *file,
                  const struct track_list *list)
{
    strbuf_adds(sb, "{\"file\":");
    json_add_string(sb, file);
    strbuf_adds(sb, ",\"audioTracks\":[");
    for (size_t i = 0; i < list->count; i++) {
        if (i)
            strbuf_addc(sb, ',');
        listing_track(sb, &list->tracks[i]);
    }
    strbuf_adds(sb, "]}");
}
