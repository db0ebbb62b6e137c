/* listing.c - one JSON line per file for --list-tracks. */
#include "listing.h"

#include "json.h"

/* ,"flags":[...] of the n reported flags (named by name_of) set in
 * flags, in that order. */
static void listing_flags(struct strbuf *sb, unsigned flags,
                          const char *(*name_of)(int, unsigned *), int n)
{
    bool first = true;

    strbuf_adds(sb, ",\"flags\":[");
    for (int i = 0; i < n; i++) {
        unsigned bit;
        const char *name = name_of(i, &bit);

        if (!(flags & bit))
            continue;
        if (!first)
            strbuf_addc(sb, ',');
        json_add_string(sb, name);
        first = false;
    }
    strbuf_addc(sb, ']');
}

static void listing_track(struct strbuf *sb, const struct track *t)
{
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
    listing_flags(sb, t->flags, track_flag_name, TRACK_FLAGS_REPORTED);
    strbuf_addc(sb, '}');
}

/* "file" and "audioTracks", the object left open. */
static void listing_audio(struct strbuf *sb, const char *file,
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
    strbuf_addc(sb, ']');
}

void listing_json(struct strbuf *sb, const char *file,
                  const struct track_list *list)
{
    listing_audio(sb, file, list);
    strbuf_addc(sb, '}');
}

static void listing_video(struct strbuf *sb, const struct video_track *t)
{
    strbuf_adds(sb, "{\"id\":");
    json_add_string(sb, t->id);
    strbuf_adds(sb, ",\"kind\":");
    json_add_string(sb, t->kind);
    strbuf_adds(sb, ",\"label\":");
    json_add_string(sb, t->label);
    strbuf_adds(sb, ",\"language\":");
    json_add_string(sb, t->language);
    strbuf_adds(sb, t->selected ? ",\"selected\":true}"
                                : ",\"selected\":false}");
}

static void listing_text(struct strbuf *sb, const struct text_track *t)
{
    strbuf_adds(sb, "{\"id\":");
    json_add_string(sb, t->id);
    strbuf_adds(sb, ",\"kind\":");
    json_add_string(sb, text_kind_name(t->kind));
    strbuf_adds(sb, ",\"label\":");
    json_add_string(sb, t->label ? t->label : "");
    strbuf_adds(sb, ",\"language\":");
    json_add_string(sb, t->language);
    strbuf_adds(sb, ",\"mode\":");
    json_add_string(sb, text_mode_name(t->mode));
    listing_flags(sb, t->flags, text_flag_name, TEXT_FLAGS_REPORTED);
    strbuf_adds(sb, ",\"codec\":");
    json_add_string(sb, t->codec ? t->codec : "");
    strbuf_addc(sb, '}');
}

void listing_json_all(struct strbuf *sb, const char *file,
                      const struct media_tracks *t)
{
    listing_audio(sb, file, &t->audio);
    strbuf_adds(sb, ",\"videoTracks\":[");
    for (size_t i = 0; i < t->video.count; i++) {
        if (i)
            strbuf_addc(sb, ',');
        listing_video(sb, &t->video.tracks[i]);
    }
    strbuf_adds(sb, "],\"textTracks\":[");
    for (size_t i = 0; i < t->text.count; i++) {
        if (i)
            strbuf_addc(sb, ',');
        listing_text(sb, &t->text.tracks[i]);
    }
    strbuf_adds(sb, "]}");
}
