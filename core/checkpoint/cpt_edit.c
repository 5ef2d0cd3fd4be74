/* Edits of the m5.cpt model: each replaces, inserts or removes only its own lines, so the
 * rewritten file differs from the original exactly where the user asked and nowhere else. */
#include "core/checkpoint/cpt_impl.h"
#include "core/util/err.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static char no_text[1];   /* text of added blank lines: zero bytes, never patched */

static bool has_control(const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
            return true;
    }
    return false;
}

/* gem5 drops leading whitespace and trims spaces, so such text would not read back. */
static bool loose_ends(const char *s, size_t n)
{
    return n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ');
}

static int check_key(const struct cpt *c, const char *key, char *err)
{
    size_t n = key ? strlen(key) : 0;
    if (n == 0)
        return err_set(err, "%s: a key may not be empty", c->name);
    if (has_control(key))
        return err_set(err, "%s: key '%.60s' contains a newline or control byte", c->name, key);
    if (strchr(key, '='))
        return err_set(err, "%s: key '%.60s' contains '=', where gem5 would split the line",
                       c->name, key);
    if (key[0] == '[')
        return err_set(err, "%s: key '%.60s' starts with '[', so gem5 could read the line as a "
                       "section header", c->name, key);
    if (loose_ends(key, n))
        return err_set(err, "%s: key '%.60s' starts or ends with a space, which gem5 drops",
                       c->name, key);
    if (key[n - 1] == '+')
        return err_set(err, "%s: key '%.60s' ends with '+': gem5 would read 'key+=value' as an "
                       "append to another key", c->name, key);
    return 0;
}

static int check_value(const struct cpt *c, const char *key, const char *value, char *err)
{
    if (!value)
        return err_set(err, "%s: no value given for key '%.60s'", c->name, key);
    if (has_control(value))
        return err_set(err, "%s: the value for '%.60s' contains a newline or control byte, "
                       "which would break the line", c->name, key);
    size_t n = strlen(value);
    if (n + strlen(key) + 1 > CPT_MAX_LINE)
        return err_set(err, "%s: the line for '%.60s' would be longer than 4 GiB", c->name, key);
    if (n > 0 && (value[0] == ' ' || value[n - 1] == ' '))
        return err_set(err, "%s: the value for '%.60s' starts or ends with a space, which gem5 "
                       "drops", c->name, key);
    return 0;
}

static int check_name(const struct cpt *c, const char *name, char *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0)
        return err_set(err, "%s: a section name may not be empty", c->name);
    if (has_control(name))
        return err_set(err, "%s: section name '%.60s' contains a newline or control byte",
                       c->name, name);
    if (n + 2 > CPT_MAX_LINE)
        return err_set(err, "%s: a section name may not be longer than 4 GiB", c->name);
    if (strchr(name, ']'))
        return err_set(err, "%s: section name '%.60s' contains ']'", c->name, name);
    if (loose_ends(name, n))
        return err_set(err, "%s: section name '%.60s' starts or ends with a space, which gem5 "
                       "drops", c->name, name);
    return 0;
}

static int oom(const struct cpt *c, char *err)
{
    return err_set(err, "%s: out of memory while editing it", c->name);
}

/* An owned "key=value" line, held as "key\0value\0" with '=' restored on write. */
static int make_entry(struct cpt_line *l, const char *key, const char *value)
{
    size_t kn = strlen(key), vn = strlen(value);
    char *t = malloc(kn + vn + 2);
    if (!t)
        return -1;
    memcpy(t, key, kn + 1);
    memcpy(t + kn + 1, value, vn + 1);
    *l = (struct cpt_line){ .text = t, .len = (uint32_t)(kn + 1 + vn), .p1 = (uint32_t)kn,
                            .b1 = '=', .p2 = CPT_NO_PATCH, .voff = (uint32_t)(kn + 1),
                            .kind = CPT_ENTRY, .owned = 1 };
    return 0;
}

/* An owned "[name]" line, held as "[name\0" with ']' restored on write. */
static int make_header(struct cpt_line *l, const char *name)
{
    size_t n = strlen(name);
    char *t = malloc(n + 3);
    if (!t)
        return -1;
    t[0] = '[';
    memcpy(t + 1, name, n + 1);
    t[n + 2] = '\0';
    *l = (struct cpt_line){ .text = t, .len = (uint32_t)(n + 2), .p1 = (uint32_t)(n + 1),
                            .b1 = ']', .p2 = CPT_NO_PATCH, .koff = 1, .kind = CPT_HEADER,
                            .owned = 1 };
    return 0;
}

static struct cpt_line *last_line(struct cpt *c)
{
    struct cpt_section *s = &c->secs[c->nsecs - 1];
    return &s->lines[s->nlines - 1];
}

/* Inserts l at lines[pos]; all memory is reserved first so a failure changes nothing. */
static int insert_line(struct cpt_section *s, size_t pos, const struct cpt_line *l)
{
    if (cpt_grow(&s->lines, &s->cap, s->nlines + 1, sizeof *s->lines) ||
        cpt_grow(&s->entries, &s->entries_cap, s->nentries + 1, sizeof *s->entries))
        return -1;
    memmove(&s->lines[pos + 1], &s->lines[pos], (s->nlines - pos) * sizeof *s->lines);
    s->lines[pos] = *l;
    s->nlines++;
    return cpt_entries_rebuild(s);
}

static struct cpt_section *need_section(const struct cpt *c, const char *name, char *err)
{
    struct cpt_section *s = cpt_section_get(c, name);
    if (!s)
        err_set(err, "%s: no section [%s]", c->name, name ? name : "");
    return s;
}

/* Adds key after the section's last entry (so before blank lines that end the file). */
static int append_entry(struct cpt *c, struct cpt_section *s, struct cpt_line *nl, char *err)
{
    size_t pos = (s->nentries ? s->entries[s->nentries - 1] : s->lead) + 1;
    /* After a last line without a newline, that line gets one and the new line goes without,
     * so the file still ends as it did. */
    bool was_last = s->lines[pos - 1].eol == CPT_EOL_NONE;
    nl->eol = was_last ? CPT_EOL_NONE : c->eol;
    if (insert_line(s, pos, nl)) {
        cpt_line_free(nl);
        return oom(c, err);
    }
    if (was_last)
        s->lines[pos - 1].eol = c->eol;
    return 0;
}

int cpt_set(struct cpt *c, const char *section, const char *key, const char *value, char *err)
{
    if (check_key(c, key, err) || check_value(c, key, value, err))
        return -1;
    struct cpt_section *s = need_section(c, section, err);
    if (!s)
        return -1;
    struct cpt_line nl;
    if (make_entry(&nl, key, value))
        return oom(c, err);
    long k = cpt_last_entry(s, key);
    if (k < 0)
        return append_entry(c, s, &nl, err);
    struct cpt_line *old = &s->lines[k];
    nl.eol = old->eol;
    nl.lineno = old->lineno;
    cpt_line_free(old);
    *old = nl;
    return 0;
}

int cpt_delete(struct cpt *c, const char *section, const char *key, char *err)
{
    struct cpt_section *s = need_section(c, section, err);
    if (!s)
        return -1;
    if (!key || cpt_last_entry(s, key) < 0)
        return err_set(err, "%s: [%s] has no key '%s'", c->name, section, key ? key : "");
    size_t w = s->lead + 1;
    for (size_t i = s->lead + 1; i < s->nlines; i++) {
        struct cpt_line *l = &s->lines[i];
        if (l->kind == CPT_ENTRY && strcmp(cpt_line_key(l), key) == 0)
            cpt_line_free(l);
        else
            s->lines[w++] = *l;
    }
    s->nlines = w;
    return cpt_entries_rebuild(s);   /* fewer entries than before: cannot fail */
}

int cpt_section_add(struct cpt *c, const char *name, char *err)
{
    if (check_name(c, name, err))
        return -1;
    if (cpt_section_get(c, name))
        return err_set(err, "%s: section [%s] already exists", c->name, name);
    struct cpt_line *lines = calloc(2, sizeof *lines);
    if (!lines || cpt_grow(&c->secs, &c->secs_cap, c->nsecs + 1, sizeof *c->secs) ||
        make_header(&lines[1], name)) {
        free(lines);
        return oom(c, err);
    }
    /* gem5 writes "\n[name]\n": a blank line, then the header. */
    lines[0] = (struct cpt_line){ .text = no_text, .p1 = CPT_NO_PATCH, .p2 = CPT_NO_PATCH,
                                  .kind = CPT_BLANK, .eol = c->eol };
    lines[1].eol = c->eol;
    struct cpt_line *prev = last_line(c);
    c->secs[c->nsecs++] = (struct cpt_section){ .lines = lines, .nlines = 2, .cap = 2, .lead = 1 };
    if (cpt_index_add(c, c->nsecs - 1)) {
        c->nsecs--;
        cpt_line_free(&lines[1]);
        free(lines);
        return oom(c, err);
    }
    if (prev->eol == CPT_EOL_NONE)
        prev->eol = c->eol;
    return 0;
}

int cpt_section_remove(struct cpt *c, const char *name, char *err)
{
    struct cpt_section *s = need_section(c, name, err);
    if (!s)
        return -1;
    if (c->nsecs == 1)
        return err_set(err, "%s: cannot remove [%s]: it is the only section, and a checkpoint "
                       "without sections is empty", c->name, name);
    size_t i = (size_t)(s - c->secs);
    cpt_index_drop(c, i, true);
    for (size_t k = 0; k < s->nlines; k++)
        cpt_line_free(&s->lines[k]);
    free(s->lines);
    free(s->entries);
    memmove(s, s + 1, (c->nsecs - i - 1) * sizeof *s);
    c->nsecs--;
    return 0;
}

int cpt_section_rename(struct cpt *c, const char *from, const char *to, char *err)
{
    if (check_name(c, to, err))
        return -1;
    struct cpt_section *s = need_section(c, from, err);
    if (!s)
        return -1;
    if (cpt_section_get(c, to))
        return err_set(err, "%s: cannot rename [%s] to [%s]: that section already exists",
                       c->name, from, to);
    struct cpt_line nl;
    if (make_header(&nl, to))
        return oom(c, err);
    size_t i = (size_t)(s - c->secs);
    cpt_index_drop(c, i, false);
    struct cpt_line *old = &s->lines[s->lead];
    nl.eol = old->eol;
    nl.lineno = old->lineno;
    cpt_line_free(old);
    *old = nl;
    return cpt_index_add(c, i);   /* as many sections as before: the table does not grow */
}
