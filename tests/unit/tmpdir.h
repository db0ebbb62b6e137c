/* tmpdir.h - a private folder for a unit test's files, and its removal,
 * whatever modes the test left on what is inside. */
#ifndef TPLAY_TEST_TMPDIR_H
#define TPLAY_TEST_TMPDIR_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdtemp's template tail, spelt out. */
static const char tmpdir_tail[] = { 'X', 'X', 'X', 'X', 'X', 'X', '\0' };

/* Make /tmp/tplay-test-NAME-?????? into buf (n bytes); 0, or -1. */
static inline int tmpdir_make(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "/tmp/tplay-test-%s-%s", name, tmpdir_tail);
    return mkdtemp(buf) ? 0 : -1;
}

/* Remove path and all below it (modes restored first). */
static inline void tmpdir_remove(const char *path)
{
    struct stat st;
    DIR *d;

    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode) && (chmod(path, 0700), (d = opendir(path)))) {
        struct dirent *e;

        while ((e = readdir(d)) != NULL) {
            char sub[4096];

            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) <
                (int)sizeof sub)
                tmpdir_remove(sub);
        }
        closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

#endif
