/* container.c - stream metadata straight from the container. */
#include "container.h"

#include "fatal.h"
#include "mkv.h"
#include "ogg.h"
#include "tape.h"
#include "track.h"
#include "xmem.h"

#include <errno.h>
#include <fcntl.h>
#include <libavcodec/defs.h>
#include <libavformat/avformat.h>
#include <libavutil/avstring.h>
#include <libavutil/log.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned container_mkv_flags(const struct mkv_track *t)
{
    unsigned f = 0;

    f |= t->flag_default ? TRACK_FLAG_DEFAULT : 0;
    f |= t->flag_forced ? TRACK_FLAG_FORCED : 0;
    f |= t->flag_original == MKV_YES ? TRACK_FLAG_ORIGINAL : 0;
    f |= t->flag_hearing_impaired ? TRACK_FLAG_HEARING_IMPAIRED : 0;
    f |= t->flag_visual_impaired ? TRACK_FLAG_VISUAL_IMPAIRED : 0;
    f |= t->flag_commentary ? TRACK_FLAG_COMMENTARY : 0;
    f |= t->flag_text_descriptions ? TRACK_FLAG_DESCRIPTIONS : 0;
    return f;
}

/* A Tracks element cut short (a file cut in its first kilobytes) says
 * what libmpv reads of it and no more: its Language, "und" as none, and
 * the default and forced flags; tplay has always listed such a file as
 * libmpv does, not with what its own reader adds. */
static void container_mkv_as_libmpv(const struct mkv_track *t,
                                    struct container_stream *s)
{
    s->flags &= TRACK_FLAG_DEFAULT | TRACK_FLAG_FORCED;
    free(s->language);
    s->language = strcmp(t->language, "und") != 0 ? xstrdup(t->language)
                                                  : NULL;
}

/* Matroska: our own Tracks reader, which knows LanguageBCP47.  The
 * attached pictures follow the tracks, as libmpv adds them. */
static int container_read_mkv(FILE *f, struct container_info *out, char **err)
{
    struct mkv_tracks mt;

    if (mkv_read_tracks(f, &mt, err) < 0)
        return CONTAINER_UNPARSED;
    out->type = strcmp(mt.doctype, "webm") == 0 ? CONTAINER_WEBM
                                                : CONTAINER_MATROSKA;
    out->count = mt.count + mt.pictures;
    out->streams = xcalloc(out->count, sizeof *out->streams);
    for (size_t i = mt.count; i < out->count; i++)
        out->streams[i] = (struct container_stream){ .id = -1,
                                                     .index = (int)i,
                                                     .video = true,
                                                     .cover = true };
    out->nchapters = mt.nchapters;
    out->chapters = mt.nchapters ? xcalloc(mt.nchapters,
                                           sizeof *out->chapters)
                                 : NULL;
    for (size_t i = 0; i < mt.nchapters; i++) {
        out->chapters[i].start = (double)mt.chapters[i].start_ns / 1e9;
        out->chapters[i].title = mt.chapters[i].title
                                 ? xstrdup(mt.chapters[i].title) : NULL;
    }
    for (size_t i = 0; i < mt.count; i++) {
        struct mkv_track *t = &mt.tracks[i];
        struct container_stream *s = &out->streams[i];

        s->id = t->number > INT64_MAX ? -1 : (int64_t)t->number;
        s->index = (int)i;
        s->audio = t->type == MKV_AUDIO;
        s->video = t->type == MKV_VIDEO;
        /* libmpv's demuxer lists every subtitle track (an unknown CodecID
         * with no codec) and no metadata track. */
        s->sub = t->type == MKV_SUBTITLE || t->type == MKV_METADATA;
        s->unlisted = t->type == MKV_METADATA;
        s->codec = s->sub && t->codec_id ? xstrdup(t->codec_id) : NULL;
        s->flags = container_mkv_flags(t);
        s->label = t->name ? xstrdup(t->name) : NULL;
        /* RFC 9559: LanguageBCP47, when present, replaces Language. */
        s->language = xstrdup(t->language_bcp47 ? t->language_bcp47
                                                : t->language);
        if (mt.cut)
            container_mkv_as_libmpv(t, s);
    }
    mkv_tracks_free(&mt);
    return 0;
}

enum container_type container_type_named(const char *name)
{
    if (strcmp(name, "mpegts") == 0)
        return CONTAINER_MPEGTS;
    if (strcmp(name, "ogg") == 0)
        return CONTAINER_OGG;
    if (strncmp(name, "mov,mp4", 7) == 0)
        return CONTAINER_MP4;
    if (strncmp(name, "matroska", 8) == 0 || strcmp(name, "mkv") == 0)
        return CONTAINER_MATROSKA; /* libavformat's name, or libmpv's */
    return CONTAINER_OTHER;
}

static unsigned container_lavf_flags(const AVStream *st)
{
    static const struct {
        int disp;
        unsigned flag;
    } map[] = {
        { AV_DISPOSITION_DEFAULT, TRACK_FLAG_DEFAULT },
        { AV_DISPOSITION_FORCED, TRACK_FLAG_FORCED },
        { AV_DISPOSITION_ORIGINAL, TRACK_FLAG_ORIGINAL },
        { AV_DISPOSITION_HEARING_IMPAIRED, TRACK_FLAG_HEARING_IMPAIRED },
        { AV_DISPOSITION_VISUAL_IMPAIRED, TRACK_FLAG_VISUAL_IMPAIRED },
        { AV_DISPOSITION_COMMENT, TRACK_FLAG_COMMENTARY },
        { AV_DISPOSITION_DESCRIPTIONS, TRACK_FLAG_DESCRIPTIONS },
        { AV_DISPOSITION_DEPENDENT, TRACK_FLAG_DEPENDENT },
    };
    unsigned f = 0;
    uint8_t *svc;
    size_t size = 0;

    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (st->disposition & map[i].disp)
            f |= map[i].flag;
    /* MP4 dac3/dec3 boxes: the AC-3 bitstream mode (bsmod). */
    svc = av_stream_get_side_data(st, AV_PKT_DATA_AUDIO_SERVICE_TYPE, &size);
    if (svc && size >= sizeof(int) &&
        *(const int *)(const void *)svc == AV_AUDIO_SERVICE_TYPE_VISUALLY_IMPAIRED)
        f |= TRACK_FLAG_SERVICE_VI | TRACK_FLAG_VISUAL_IMPAIRED;
    return f;
}

static char *container_tag(const AVStream *st, const char *key)
{
    const AVDictionaryEntry *e = av_dict_get(st->metadata, key, NULL, 0);

    return e && e->value ? xstrdup(e->value) : NULL;
}

/* libavcodec's name for a subtitle codec (avcodec_get_name, which libmpv
 * reports as the track's codec), without linking libavcodec for it: ""
 * for one not listed. */
static char *container_sub_codec(enum AVCodecID id)
{
    static const struct {
        enum AVCodecID id;
        const char *name;
    } names[] = {
        { AV_CODEC_ID_DVD_SUBTITLE, "dvd_subtitle" },
        { AV_CODEC_ID_DVB_SUBTITLE, "dvb_subtitle" },
        { AV_CODEC_ID_TEXT, "text" },
        { AV_CODEC_ID_XSUB, "xsub" },
        { AV_CODEC_ID_SSA, "ssa" },
        { AV_CODEC_ID_MOV_TEXT, "mov_text" },
        { AV_CODEC_ID_HDMV_PGS_SUBTITLE, "hdmv_pgs_subtitle" },
        { AV_CODEC_ID_DVB_TELETEXT, "dvb_teletext" },
        { AV_CODEC_ID_SRT, "srt" },
        { AV_CODEC_ID_MICRODVD, "microdvd" },
        { AV_CODEC_ID_EIA_608, "eia_608" },
        { AV_CODEC_ID_JACOSUB, "jacosub" },
        { AV_CODEC_ID_SAMI, "sami" },
        { AV_CODEC_ID_REALTEXT, "realtext" },
        { AV_CODEC_ID_STL, "stl" },
        { AV_CODEC_ID_SUBVIEWER1, "subviewer1" },
        { AV_CODEC_ID_SUBVIEWER, "subviewer" },
        { AV_CODEC_ID_SUBRIP, "subrip" },
        { AV_CODEC_ID_WEBVTT, "webvtt" },
        { AV_CODEC_ID_MPL2, "mpl2" },
        { AV_CODEC_ID_VPLAYER, "vplayer" },
        { AV_CODEC_ID_PJS, "pjs" },
        { AV_CODEC_ID_ASS, "ass" },
        { AV_CODEC_ID_HDMV_TEXT_SUBTITLE, "hdmv_text_subtitle" },
        { AV_CODEC_ID_TTML, "ttml" },
        { AV_CODEC_ID_ARIB_CAPTION, "arib_caption" },
    };

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].id == id)
            return xstrdup(names[i].name);
    return xstrdup("");
}

/* libavformat's chapters, as libmpv takes them (demux_lavf.c: start in
 * the chapter's time base, the "title" tag). */
static void container_lavf_chapters(const AVFormatContext *fc,
                                    struct container_info *out)
{
    if (fc->nb_chapters == 0)
        return;
    out->chapters = xcalloc(fc->nb_chapters, sizeof *out->chapters);
    for (unsigned i = 0; i < fc->nb_chapters; i++) {
        const AVChapter *c = fc->chapters[i];
        const AVDictionaryEntry *e = av_dict_get(c->metadata, "title", NULL,
                                                 0);

        out->chapters[i].start = (double)c->start * av_q2d(c->time_base);
        out->chapters[i].title = e && e->value ? xstrdup(e->value) : NULL;
    }
    out->nchapters = fc->nb_chapters;
}

/* Streams a container declares only in its packets (MPEG-TS: a second
 * program's, or any whose PMT comes late) appear once libavformat has
 * read some: look, within its default limits, when the header is not the
 * whole story. */
static void container_lavf_find(AVFormatContext *fc)
{
    if (fc->ctx_flags & AVFMTCTX_NOHEADER)
        avformat_find_stream_info(fc, NULL);
}

/* Whether libmpv takes libavformat's guess fmt at score, on the last
 * bytes it will look at or not (demux_lavf.c, lavf_check_file: a quarter
 * of the top score plus one; MP3, whose frames are easily taken for noise,
 * at 24 once all the bytes are in). */
static bool container_probe_takes(const AVInputFormat *fmt, int score,
                                  bool final)
{
    if (score >= AVPROBE_SCORE_MAX / 4 + 1)
        return true;
    return av_match_name("mp3", fmt->name) && score >= 24 && final;
}

/* One pass of libmpv's probe over the bytes at the start of f: 2 KiB,
 * then twice as many each time up to 10 MiB, until a guess is taken. */
static const AVInputFormat *container_probe_pass(FILE *f, const char *name)
{
    enum { PROBE_FIRST = 2048, PROBE_LAST = 10 << 20 };
    AVProbeData pd = { .filename = name };
    unsigned char *buf = NULL;
    const AVInputFormat *fmt = NULL;
    bool final = false;
    size_t have = 0;

    rewind(f);
    while (!final) {
        size_t want = have * 2 < PROBE_FIRST ? PROBE_FIRST
                    : have * 2 > PROBE_LAST ? PROBE_LAST : have * 2;
        int score = 0;

        buf = xreallocarray(buf, want + AVPROBE_PADDING_SIZE, 1);
        if (want > have)
            have += fread(buf + have, 1, want - have, f);
        /* No more bytes than last time: this look is the last. */
        final = pd.buf && have <= (size_t)pd.buf_size;
        memset(buf + have, 0, AVPROBE_PADDING_SIZE);
        pd.buf = buf;
        pd.buf_size = (int)have;
        fmt = av_probe_input_format2(&pd, have > 0, &score);
        if (fmt && container_probe_takes(fmt, score, final))
            break;
        fmt = NULL;
    }
    free(buf);
    rewind(f);
    /* Formats libmpv never opens this way, whatever their score. */
    if (fmt && (av_match_name("tty", fmt->name) ||
                av_match_name("bin", fmt->name) ||
                av_match_name("image2", fmt->name)))
        return NULL;
    return fmt;
}

/* The format libmpv 0.35 opens f in: a pass on the bytes alone, then one
 * where the file name's extension counts too; NULL when it finds none. */
static const AVInputFormat *container_probe(FILE *f, const char *name)
{
    const AVInputFormat *fmt = container_probe_pass(f, "");

    return fmt ? fmt : container_probe_pass(f, name);
}

/* Whether libmpv opens the file name as a picture (one video track) when
 * libavformat does not: its extension is a picture format's (demux_mf.c,
 * type2format), whatever the bytes are. */
static bool container_picture_name(const char *name)
{
    static const char *const ext[] = {
        "bmp", "dpx", "j2c", "j2k", "jp2", "jpc", "jpeg", "jpg", "jps", "jls",
        "thm", "db", "pcd", "pfm", "phm", "hdr", "pcx", "png", "pns", "ptx",
        "tga", "tif", "tiff", "sgi", "sun", "ras", "rs", "ra", "im1", "im8",
        "im24", "im32", "sunras", "xbm", "pam", "pbm", "pgm", "pgmyuv", "ppm",
        "pnm", "gif", "pix", "exr", "pic", "qoi", "xface", "xwd",
    };
    const char *dot = strrchr(name, '.');

    for (size_t i = 0; dot && i < sizeof ext / sizeof ext[0]; i++)
        if (strcasecmp(dot + 1, ext[i]) == 0)
            return true;
    return false;
}

/* Everything else: libavformat, in the format libmpv would pick.  fc is
 * opened here from path, or was opened by the caller on its own I/O (a
 * URL's). */
static int container_read_lavf(FILE *f, const char *path, AVFormatContext *fc,
                               struct container_info *out,
                               const uint32_t *serials, size_t nserials,
                               char **err)
{
    const AVInputFormat *fmt = container_probe(f, path);
    int rc;

    if (!fmt && container_picture_name(path)) {
        avformat_free_context(fc);
        out->streams = xcalloc(1, sizeof *out->streams);
        out->streams[0] = (struct container_stream){ .id = -1, .video = true };
        out->count = 1;
        return 0;
    }
    /* With no format, libavformat guesses by itself: only to say why
     * the file cannot be played, in the player's own words. */
    rc = avformat_open_input(&fc, path, fmt, NULL);
    if (rc < 0) {
        char msg[AV_ERROR_MAX_STRING_SIZE] = "";

        av_strerror(rc, msg, sizeof msg);
        *err = xasprintf("cannot read its container: %s (damaged, truncated "
                         "or not a media file)", msg);
        return CONTAINER_UNPARSED;
    }
    if (!fmt) {
        avformat_close_input(&fc);
        *err = xstrdup("cannot play it (libmpv: unrecognized file format)");
        return CONTAINER_UNPARSED;
    }
    container_lavf_find(fc);
    out->type = container_type_named(fc->iformat->name);
    out->streams = xcalloc(fc->nb_streams, sizeof *out->streams);
    out->count = fc->nb_streams;
    for (unsigned i = 0; i < fc->nb_streams; i++) {
        const AVStream *st = fc->streams[i];
        struct container_stream *s = &out->streams[i];

        s->id = st->id;
        s->index = (int)i;
        s->audio = st->codecpar->codec_type == AVMEDIA_TYPE_AUDIO;
        s->video = st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO;
        s->cover = s->video &&
                   (st->disposition & AV_DISPOSITION_ATTACHED_PIC);
        s->sub = st->codecpar->codec_type == AVMEDIA_TYPE_SUBTITLE;
        s->codec = s->sub ? container_sub_codec(st->codecpar->codec_id)
                          : NULL;
        s->flags = container_lavf_flags(st);
        switch (out->type) {
        case CONTAINER_OGG:
            /* W3C: the id is the serial number; no label, no language
             * without Skeleton.  libavformat makes streams in BOS order;
             * past the BOS pages read, libmpv's id (libavformat's) it is. */
            s->id = i < nserials ? (int64_t)serials[i] : st->id;
            break;
        case CONTAINER_MP4: /* W3C: the hdlr name is the label */
            s->label = container_tag(st, "handler_name");
            s->language = container_tag(st, "language");
            break;
        default:
            s->label = container_tag(st, "title");
            s->language = container_tag(st, "language");
            break;
        }
    }
    container_lavf_chapters(fc, out);
    avformat_close_input(&fc);
    return 0;
}

/* The readers in order on a seekable FILE that holds the file (or, for a
 * URL, its head): Matroska by our own reader, which knows LanguageBCP47,
 * else libavformat (Ogg serials read first).  fc as for
 * container_read_lavf. */
static int container_read_stream(FILE *f, const char *path,
                                 AVFormatContext *fc,
                                 struct container_info *out, char **err)
{
    uint32_t serials[OGG_MAX_STREAMS];
    size_t nserials;

    if (mkv_sniff(f)) {
        avformat_free_context(fc);
        return container_read_mkv(f, out, err);
    }
    nserials = ogg_read_serials(f, serials);
    av_log_set_level(AV_LOG_QUIET);
    return container_read_lavf(f, path, fc, out, serials, nserials, err);
}

int container_read_tape(struct tape *t, const char *name,
                        struct container_info *out, char **err)
{
    AVFormatContext *fc = avformat_alloc_context();
    AVIOInterruptCB cb = { tape_interrupt, t };

    memset(out, 0, sizeof *out);
    if (!fc)
        fatal("out of memory (libavformat)");
    /* The tape's own I/O: avformat_close_input leaves it to the tape. */
    fc->pb = tape_avio(t);
    fc->flags |= AVFMT_FLAG_CUSTOM_IO;
    fc->interrupt_callback = cb;
    return container_read_stream(tape_file(t), name, fc, out, err);
}

/* A URL, opened once: every reader reads the same recorded bytes. */
static int container_read_url(const char *url, struct container_info *out,
                              char **err)
{
    char *why = NULL;
    struct tape *t = tape_open_url(url, &why);
    int rc;

    if (!t) {
        *err = xasprintf("cannot open it: %s", why);
        free(why);
        return CONTAINER_UNPARSED;
    }
    rc = container_read_tape(t, url, out, err);
    tape_close(t);
    return rc;
}

int container_read(const char *path, struct container_info *out, char **err)
{
    struct stat sb = { 0 };
    FILE *f;
    int fd, rc;

    memset(out, 0, sizeof *out);
    if (strstr(path, "://"))
        return container_read_url(path, out, err);
    /* O_NONBLOCK: opening a FIFO must not wait for a writer.  Check what
     * was opened, not the path, so nothing can be swapped in between. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        *err = xstrdup(strerror(errno));
        return CONTAINER_UNREADABLE;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        bool dir = S_ISDIR(sb.st_mode);

        close(fd);
        *err = xstrdup(dir ? "is a directory" : "not a regular file");
        return CONTAINER_UNREADABLE;
    }
    if (sb.st_size == 0) {
        close(fd);
        *err = xstrdup("empty file (0 bytes)");
        return CONTAINER_UNREADABLE;
    }
    f = fdopen(fd, "rb");
    if (!f)
        fatal("fdopen: %s", strerror(errno));
    rc = container_read_stream(f, path, NULL, out, err);
    fclose(f);
    return rc;
}

void container_info_free(struct container_info *info)
{
    for (size_t i = 0; i < info->count; i++) {
        free(info->streams[i].label);
        free(info->streams[i].language);
        free(info->streams[i].codec);
    }
    free(info->streams);
    for (size_t i = 0; i < info->nchapters; i++)
        free(info->chapters[i].title);
    free(info->chapters);
    memset(info, 0, sizeof *info);
}
