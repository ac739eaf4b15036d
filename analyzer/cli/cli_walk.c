/* cli_walk.c — turns the PATH arguments of `formaudit audit` into the list of
 * documents of a run. Folders are walked recursively in byte order of names (so a
 * run is the same on every machine, whatever the locale or the file system's order),
 * hidden entries and the output directory are skipped, symbolic links are followed
 * but a directory is never entered twice: a link loop (or a second link to a folder
 * already walked) is reported on stderr and not followed. Entries that cannot be
 * visited become jobs carrying their error, so they appear in the reports and the
 * index instead of silently disappearing from an audit. Nothing here is fatal. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

fa_job *fa_joblist_add(fa_joblist *l, const char *path, const char *rel, bool walked)
{
    if (l->n == l->alloc) {
        size_t na = l->alloc ? l->alloc * 2 : 64;
        fa_job *v = realloc(l->v, na * sizeof *v);
        if (!v)
            return NULL;
        l->v = v;
        l->alloc = na;
    }
    fa_job *j = &l->v[l->n];
    memset(j, 0, sizeof *j);
    j->path = fa_strdup(path);
    j->rel = fa_strdup(rel);
    if (!j->path || !j->rel) {
        free(j->path);
        free(j->rel);
        return NULL;
    }
    j->walked = walked;
    l->n++;
    return j;
}

void fa_joblist_free(fa_joblist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].path);
        free(l->v[i].rel);
        json_decref(l->v[i].result);
        for (int f = 0; f < FA_REPORT_NFORMATS; f++)
            fa_buf_free(&l->v[i].report[f]);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

bool fa_doc_extension(const char *name)
{
    static const char *const exts[] = {"docx", "docm", "dotx", "dotm", "doc",   "dot", "odt", "ott",
                                       "fodt", "pdf",  "html", "htm",  "xhtml", "txt", "rtf"};
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash + 1 : name, '.');
    if (!dot || dot == (slash ? slash + 1 : name))
        return false;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (!strcasecmp(dot + 1, exts[i]))
            return true;
    return false;
}

/* Directories entered during one fa_walk call, to detect loops and repeats. */
typedef struct visited {
    dev_t dev;
    ino_t ino;
    char *path;
} visited;

typedef struct walker {
    const fa_walk_opts *opts;
    fa_joblist *jobs;
    visited *seen;
    size_t n_seen;
    size_t alloc_seen;
} walker;

static char *join(const char *dir, const char *name)
{
    if (!strcmp(dir, "."))
        return fa_strdup(name); /* "a.docx", not "./a.docx", in reports */
    size_t dl = strlen(dir), nl = strlen(name);
    bool slash = dl && dir[dl - 1] == '/';
    char *s = malloc(dl + nl + 2);
    if (!s)
        return NULL;
    memcpy(s, dir, dl);
    if (!slash)
        s[dl++] = '/';
    memcpy(s + dl, name, nl + 1);
    return s;
}

/* A job that failed before being audited (unreadable entry, broken link). */
static fa_status add_failed(walker *w, const char *path, const char *rel, fa_status st,
                            const char *what)
{
    fa_job *j = fa_joblist_add(w->jobs, path, rel, true);
    if (!j)
        return FA_ERR_NOMEM;
    fa_error_set(&j->pre, st, "%s", what);
    return FA_OK;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static fa_status walk_dir(walker *w, const char *dir, const char *rel, const struct stat *sb);

/* One entry of a folder: PATH shown in reports, REL relative to the argument. */
static fa_status walk_entry(walker *w, const char *path, const char *rel)
{
    struct stat sb;
    char msg[300];
    if (stat(path, &sb) != 0) {
        struct stat lsb;
        if (errno != ENOENT || lstat(path, &lsb) != 0 || !S_ISLNK(lsb.st_mode))
            snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
        else
            snprintf(msg, sizeof msg, "broken symbolic link");
        return add_failed(w, path, rel, FA_ERR_IO, msg);
    }
    if (S_ISDIR(sb.st_mode))
        return walk_dir(w, path, rel, &sb);
    if (S_ISREG(sb.st_mode))
        return fa_joblist_add(w->jobs, path, rel, true) ? FA_OK : FA_ERR_NOMEM;
    /* FIFOs, sockets and devices: reading one could block or never end. */
    if (!w->opts->quiet)
        fa_cli_warn("%s: not a regular file, skipped", path);
    return FA_OK;
}

static fa_status walk_dir(walker *w, const char *dir, const char *rel, const struct stat *sb)
{
    if (w->opts->have_skip && sb->st_dev == w->opts->skip_dev && sb->st_ino == w->opts->skip_ino)
        return FA_OK; /* our own output directory */
    for (size_t i = 0; i < w->n_seen; i++)
        if (w->seen[i].dev == sb->st_dev && w->seen[i].ino == sb->st_ino) {
            if (!w->opts->quiet)
                fa_cli_warn("%s: symbolic link loop or folder already walked (as %s), not "
                            "followed",
                            dir, w->seen[i].path);
            return FA_OK;
        }
    if (w->n_seen == w->alloc_seen) {
        size_t na = w->alloc_seen ? w->alloc_seen * 2 : 16;
        visited *v = realloc(w->seen, na * sizeof *v);
        if (!v)
            return FA_ERR_NOMEM;
        w->seen = v;
        w->alloc_seen = na;
    }
    char *copy = fa_strdup(dir);
    if (!copy)
        return FA_ERR_NOMEM;
    w->seen[w->n_seen++] = (visited){sb->st_dev, sb->st_ino, copy};

    DIR *d = opendir(dir);
    if (!d) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot open folder: %s", strerror(errno));
        fa_cli_warn("%s: %s", dir, msg);
        fa_job *j = fa_joblist_add(w->jobs, dir, *rel ? rel : ".", true);
        if (!j)
            return FA_ERR_NOMEM;
        fa_error_set(&j->pre, FA_ERR_IO, "%s", msg);
        j->keep = true;
        return FA_OK;
    }
    fa_strvec names = {0};
    fa_status st = FA_OK;
    struct dirent *e;
    errno = 0;
    while (st == FA_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') /* ".", "..", and hidden files (.git, .~lock...) */
            continue;
        if (e->d_name[0] == '~' && e->d_name[1] == '$')
            continue; /* Word's owner files "~$ntrat.docx": a lock, not a document */
        st = fa_strvec_push(&names, e->d_name);
        errno = 0;
    }
    if (st == FA_OK && errno) {
        /* Keep what was read; say the listing is incomplete. */
        fa_cli_warn("%s: folder listing incomplete: %s", dir, strerror(errno));
    }
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_names);
    for (size_t i = 0; st == FA_OK && i < names.n; i++) {
        char *path = join(dir, names.v[i]);
        char *sub = *rel ? join(rel, names.v[i]) : fa_strdup(names.v[i]);
        if (!path || !sub)
            st = FA_ERR_NOMEM;
        else
            st = walk_entry(w, path, sub);
        free(path);
        free(sub);
    }
    fa_strvec_free(&names);
    return st;
}

fa_status fa_walk(const char *path, const fa_walk_opts *o, fa_joblist *l)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fa_cli_warn("%s: %s", path, strerror(errno));
        return FA_ERR_IO;
    }
    if (!S_ISDIR(sb.st_mode)) {
        /* A file named on the command line is always audited and always reported,
         * whatever its name; its report is named after its last component. */
        const char *slash = strrchr(path, '/');
        fa_job *j = fa_joblist_add(l, path, slash && slash[1] ? slash + 1 : path, false);
        if (!j)
            return FA_ERR_NOMEM;
        j->keep = true;
        return FA_OK;
    }
    walker w = {o, l, NULL, 0, 0};
    fa_status st = walk_dir(&w, path, "", &sb);
    for (size_t i = 0; i < w.n_seen; i++)
        free(w.seen[i].path);
    free(w.seen);
    return st;
}
