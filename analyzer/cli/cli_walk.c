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
#include <unistd.h>

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
    j->path = fa_cli_strdup(path);
    j->rel = fa_cli_strdup(rel);
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
        free(l->v[i].report);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

bool fa_job_may_drop(const fa_job *j)
{
    return j->walked && !j->keep && !fa_doc_extension(j->rel);
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
        return fa_cli_strdup(name); /* "a.docx", not "./a.docx", in reports */
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
    char *copy = fa_cli_strdup(dir);
    if (!copy)
        return FA_ERR_NOMEM;
    w->seen[w->n_seen++] = (visited){sb->st_dev, sb->st_ino, copy};

    DIR *d = opendir(dir);
    if (!d) {
        /* said once, with the documents that could not be read */
        char msg[300];
        snprintf(msg, sizeof msg, "cannot open folder: %s", strerror(errno));
        fa_job *j = fa_joblist_add(w->jobs, dir, *rel ? rel : ".", true);
        if (!j)
            return FA_ERR_NOMEM;
        fa_error_set(&j->pre, FA_ERR_IO, "%s", msg);
        j->keep = true;
        return FA_OK;
    }
    struct {
        char **v;
        size_t n, alloc;
    } names = {0};
    fa_status st = FA_OK;
    struct dirent *e;
    errno = 0;
    while (st == FA_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') /* ".", "..", and hidden files (.git, .~lock...) */
            continue;
        if (e->d_name[0] == '~' && e->d_name[1] == '$')
            continue; /* Word's owner files "~$ntrat.docx": a lock, not a document */
        if (names.n == names.alloc) {
            size_t na = names.alloc ? 2 * names.alloc : 32;
            char **v = realloc(names.v, na * sizeof *v);
            if (!v) {
                st = FA_ERR_NOMEM;
                break;
            }
            names.v = v;
            names.alloc = na;
        }
        if (!(names.v[names.n] = fa_cli_strdup(e->d_name)))
            st = FA_ERR_NOMEM;
        else
            names.n++;
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
        char *sub = *rel ? join(rel, names.v[i]) : fa_cli_strdup(names.v[i]);
        if (!path || !sub)
            st = FA_ERR_NOMEM;
        else
            st = walk_entry(w, path, sub);
        free(path);
        free(sub);
    }
    for (size_t i = 0; i < names.n; i++)
        free(names.v[i]);
    free(names.v);
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
         * whatever its name; its report is named after its last component. A FIFO, a
         * socket or a device is reported without being opened (a FIFO would block). */
        const char *slash = strrchr(path, '/');
        fa_job *j = fa_joblist_add(l, path, slash && slash[1] ? slash + 1 : path, false);
        if (!j)
            return FA_ERR_NOMEM;
        j->keep = true;
        const char *what;
        if (!fa_cli_regular_file(path, &what))
            fa_error_set(&j->pre, FA_ERR_IO, "not a regular file (%s): not read", what);
        return FA_OK;
    }
    walker w = {o, l, NULL, 0, 0};
    fa_status st = walk_dir(&w, path, "", &sb);
    for (size_t i = 0; i < w.n_seen; i++)
        free(w.seen[i].path);
    free(w.seen);
    return st;
}

/* ---------------------------------------------------------------- lists */

const char *fa_rel_path(const char *path, const char *base)
{
    if (base && *base) {
        size_t n = strlen(base);
        while (n > 1 && base[n - 1] == '/')
            n--;
        if (!strncmp(path, base, n) && path[n] == '/') {
            path += n + 1;
            while (*path == '/')
                path++;
            return path;
        }
    }
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    return path;
}

fa_status fa_walk_list(const char *file, bool nul_sep, const char *base, fa_joblist *l)
{
    FILE *f = strcmp(file, "-") ? NULL : stdin;
    if (!f) {
        const char *what;
        if (!fa_cli_regular_file(file, &what)) {
            fa_cli_warn("--files-from %s: not a regular file (%s)", file, what);
            return FA_ERR_IO;
        }
        f = fopen(file, "rb");
    }
    if (!f) {
        fa_cli_warn("--files-from %s: %s", file, strerror(errno));
        return FA_ERR_IO;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    fa_status st = FA_OK;
    while (st == FA_OK && (n = getdelim(&line, &cap, nul_sep ? '\0' : '\n', f)) > 0) {
        if (line[n - 1] == (nul_sep ? '\0' : '\n'))
            line[--n] = '\0';
        if (!nul_sep && n && line[n - 1] == '\r')
            line[--n] = '\0';
        if (!n)
            continue;
        fa_job *j = fa_joblist_add(l, line, fa_rel_path(line, base), true);
        if (!j) {
            st = FA_ERR_NOMEM;
            break;
        }
        struct stat sb;
        const char *what;
        if (stat(line, &sb) != 0)
            fa_error_set(&j->pre, FA_ERR_IO, "cannot read: %s", strerror(errno));
        else if (!fa_cli_regular_file(line, &what))
            fa_error_set(&j->pre, FA_ERR_IO, "not a regular file (%s): not read", what);
    }
    if (ferror(f)) {
        fa_cli_warn("--files-from %s: %s", file, strerror(errno));
        st = FA_ERR_IO;
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return st;
}

/* ---------------------------------------------------------------- report names */

/* Longest report base name: NAME_MAX (255) less room for "-NNNN" and ".html". */
#define REPORT_NAME_MAX 200

/* Report base name of a document: its relative path with '/' -> "__", characters that
 * some file system or shell refuses, and '#' and '%' that would break the links of
 * index.html, made '_', cut at REPORT_NAME_MAX on a UTF-8 boundary. Non-ASCII letters
 * stay (French file names). */
static char *report_base(const char *rel_raw)
{
    /* a file name may hold an identifier: masked like every path of the reports */
    char *rel = fa_mask_path(rel_raw);
    if (!rel)
        return NULL;
    fa_buf b = {0};
    b.cap = 4 * REPORT_NAME_MAX;
    for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
        if (b.len >= REPORT_NAME_MAX && (*p & 0xC0) != 0x80)
            break;
        fa_status st;
        if (*p == '/')
            st = fa_buf_puts(&b, "__");
        else if (*p < 0x20 || *p == 0x7f || strchr("<>:\"\\|?*#%", *p) ||
                 (b.len == 0 && (*p == '.' || *p == '-' || *p == ' ')))
            st = fa_buf_putc(&b, '_');
        else
            st = fa_buf_putc(&b, (char)*p);
        if (st != FA_OK) {
            fa_buf_free(&b);
            free(rel);
            return NULL;
        }
    }
    free(rel);
    /* Windows drops trailing dots and spaces: keep names distinct there too. */
    while (b.len && (b.data[b.len - 1] == '.' || b.data[b.len - 1] == ' '))
        b.data[b.len - 1] = '_';
    if (!b.len && fa_buf_puts(&b, "document") != FA_OK) {
        fa_buf_free(&b);
        return NULL;
    }
    return fa_buf_steal(&b);
}

/* Names taken so far, lower-cased (reports may be copied to a case-insensitive file
 * system): open addressing, so a batch of 100,000 documents names them in linear time. */
typedef struct nameset {
    char **v;
    size_t n, alloc;
} nameset;

static char *lower(const char *s)
{
    char *d = fa_cli_strdup(s);
    for (char *p = d; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return d;
}

static size_t name_hash(const char *s)
{
    size_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static char **name_slot(char **v, size_t alloc, const char *low)
{
    for (size_t i = name_hash(low) & (alloc - 1);; i = (i + 1) & (alloc - 1))
        if (!v[i] || !strcmp(v[i], low))
            return &v[i];
}

/* 1 when NAME was free (and is now taken), 0 when taken, -1 out of memory. */
static int name_take(nameset *t, const char *name)
{
    if (2 * (t->n + 1) > t->alloc) {
        size_t na = t->alloc ? 2 * t->alloc : 64;
        char **nv = calloc(na, sizeof *nv);
        if (!nv)
            return -1;
        for (size_t i = 0; i < t->alloc; i++)
            if (t->v[i])
                *name_slot(nv, na, t->v[i]) = t->v[i];
        free(t->v);
        t->v = nv;
        t->alloc = na;
    }
    char *low = lower(name);
    if (!low)
        return -1;
    char **slot = name_slot(t->v, t->alloc, low);
    if (*slot) {
        free(low);
        return 0;
    }
    *slot = low;
    t->n++;
    return 1;
}

fa_status fa_joblist_name_reports(fa_joblist *l)
{
    nameset taken = {0};
    fa_status st = name_take(&taken, "index") < 0 ? FA_ERR_NOMEM : FA_OK; /* the index's */
    for (size_t i = 0; st == FA_OK && i < l->n; i++) {
        char *base = report_base(l->v[i].rel);
        char *name = base;
        int r = base ? name_take(&taken, base) : -1;
        for (unsigned k = 2; r == 0; k++) {
            if (name != base)
                free(name);
            size_t len = strlen(base) + 16;
            name = malloc(len);
            if (!name)
                break;
            snprintf(name, len, "%s-%u", base, k);
            r = name_take(&taken, name);
        }
        if (name != base)
            free(base);
        if (r < 0 || !name) {
            free(name);
            st = FA_ERR_NOMEM;
            break;
        }
        free(l->v[i].report);
        l->v[i].report = name;
    }
    for (size_t i = 0; i < taken.alloc; i++)
        free(taken.v[i]);
    free(taken.v);
    return st;
}
