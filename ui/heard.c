/* heard.c - the status line's word on what is heard. */
#include "heard.h"

/* Is track i heard: confirmed by the graph, or libmpv's own. */
static bool heard_on(const struct heard_view *v, size_t i)
{
    return v->confirmed ? v->confirmed[i]
                        : v->tracks->tracks[i].mpv_id == v->audio_id;
}

void heard_describe(struct strbuf *sb, const struct heard_view *v)
{
    const struct track_list *l = v->tracks;
    size_t on = 0, k = 0;

    if (!l || l->count == 0)
        return;
    if (v->no_sound) {
        strbuf_adds(sb, "no sound");
    } else {
        for (size_t i = 0; i < l->count; i++)
            on += heard_on(v, i);
        strbuf_adds(sb, on == 0 ? "audio off" : on == 1 ? "track " : "mix ");
        for (size_t i = 0; i < l->count; i++)
            if (heard_on(v, i))
                strbuf_addf(sb, "%s%zu", k++ ? "+" : "", i + 1);
    }
    if (v->mix_unavailable)
        strbuf_adds(sb, ", mix unavailable");
}
