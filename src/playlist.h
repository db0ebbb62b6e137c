/* playlist.h - what to play, in order: the command line's arguments with
 * folders and .m3u/.m3u8 playlists expanded into what they hold.  Nothing
 * is opened to be played here: a name that does not exist is kept, and
 * the player reports and skips it when its turn comes. */
#ifndef TPLAY_PLAYLIST_H
#define TPLAY_PLAYLIST_H

#include "fragment.h"

#include <stddef.h>

#define PLAYLIST_MAX_ENTRIES 1000000 /* the rest are dropped, with a problem */
#define PLAYLIST_MAX_DIR_DEPTH 16    /* folders inside a folder given */
#define PLAYLIST_MAX_NESTING 8       /* playlists inside a playlist */

struct playlist_entry {
    char *path;  /* a path, a URL or "-", as libmpv opens it; owned.
                  * Bytes from names and files: untrusted, maybe not
                  * printable, maybe not UTF-8 */
    char *title; /* the playlist's #EXTINF title, or NULL; owned, untrusted */
    struct fragment frag; /* what "path#t=10,20&track=3" asked for (zeroed:
                             nothing); owned */
};

/* A zeroed struct is an empty playlist. */
struct playlist {
    struct playlist_entry *entries;
    size_t count;
    size_t cap;      /* entries allocated */
    char **problems; /* "where: message", in the order found; owned */
    size_t nproblems;
};

/*
 * Append what arg names, as the command line gives it:
 *  - "-" and URLs ("scheme://...", fd://N too) as they are, except that a
 *    file:// URL is decoded to its local path (url_file_path) and taken
 *    as that path;
 *  - a folder: its media files (by extension, ASCII case-insensitive:
 *    mkv, mp4, flac, mp3, ...) in natural order, then each subfolder's in
 *    the same way, to PLAYLIST_MAX_DIR_DEPTH; names starting with '.' are
 *    skipped, a symbolic link back to a folder being read is not
 *    followed, and playlist files inside a folder are not read (an album's
 *    folder often holds one listing the same tracks);
 *  - a name ending in .m3u or .m3u8 (ASCII case-insensitive): its entries
 *    (m3u.h), titled by #EXTINF; a relative one is taken from the
 *    playlist's folder, file:// URLs are decoded, other URLs are kept if
 *    they are http(s), ftp(s), rtmp*, rtsp(s), mms*, srt or rtp (a
 *    downloaded playlist must not open devices or tplay's own file
 *    descriptors: fd:// and the like are taken from the command line
 *    only), folders are expanded and playlists followed, to
 *    PLAYLIST_MAX_NESTING, with no loops;
 *  - anything else as given, whether it exists or not.
 * A name (the argument, or a playlist's entry) that does not exist as it
 * is and ends in a media fragment ("film.mkv#t=10,20&track=3",
 * fragment_split) is the file before the '#' with that fragment in the
 * entry's frag; a fragment that is wrong is a problem ("WHERE: ...") and
 * the entry is left out, one after a folder or a playlist too (a
 * fragment names a part of one file).
 * Problems are appended to pl->problems, at most PROBLEMS_MAX for one
 * arg (problems.h): an unreadable folder or playlist (nothing is added
 * for it, "PATH: cannot read ...: REASON; check ..."), a folder or
 * playlist with nothing to play, loops, limits, refused entries
 * ("PLAYLIST:LINE: ...").  At most PLAYLIST_MAX_ENTRIES in all.
 */
void playlist_add(struct playlist *pl, const char *arg);

/*
 * Compare two names as a person sorts them: runs of digits by their
 * value ("ep2" < "ep10"; "007" equals "7" here; runs of any length, no
 * overflow), other bytes with ASCII letters folded to lower case ("a1" <
 * "A2"); names equal that way compare bytewise, so the order is total.
 * <0, 0 (only for identical strings) or >0, as strcmp.
 */
int playlist_natural_cmp(const char *a, const char *b);

/* Shuffle the entries (Fisher-Yates, each order equally likely) with a
 * small generator started from seed: the same seed, the same order. */
void playlist_shuffle(struct playlist *pl, unsigned long long seed);

/* Free the entries and the problems; pl is empty again.  Idempotent. */
void playlist_free(struct playlist *pl);

#endif
