/* heard.c - the status line's word on what is heard. */
#include "heard.h"

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
            on += v->confirmed ? v->confirmed[i]
                               : l->tracks[i].mpv_id == v->audio_id;
        if (on == 0)
            strbuf_adds(sb, "audio off");
        else
            strbuf_adds(sb, on == 1 ? "track " : "mix ");
        for (size_t i = 0; i < l->count; i++)
            if (v->confirmed ? v->confirmed[i]
                             : l->tracks[i].mpv_id == v->audio_id)
                strbuf_addf(sb, "%s%zu", k++ ? "+" : "", i + 1);
    }
    if (v->mix_unavailable)
        strbuf_adds(sb, ", mix unavailable");
}
