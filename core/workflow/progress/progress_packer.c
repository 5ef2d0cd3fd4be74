/* Progress from packer builds: `-machine-readable` CSV lines (timestamp,target,type,data...
 * with commas escaped as %!(PACKER_COMMA)) and the plain `==> builder: message` output. */
#include "core/workflow/progress/progress_impl.h"

#include <string.h>

enum { ST_NONE, ST_ERRORS, ST_ARTIFACTS };   /* which "-->" list we are in */

/* Undoes packer's CSV escaping in place: %!(PACKER_COMMA) -> ',', literal \n -> ' '. */
static void unescape(char *s)
{
    static const char comma[] = "%!(PACKER_COMMA)";
    char *w = s;
    for (const char *r = s; *r;) {
        if (!strncmp(r, comma, sizeof comma - 1)) {
            *w++ = ',';
            r += sizeof comma - 1;
        } else if (r[0] == '\\' && r[1] == 'n') {
            *w++ = ' ';
            r += 2;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

static bool looks_error(const char *msg)
{
    return prog_prefix(msg, "Error") || prog_prefix(msg, "error");
}

static int plain(struct prog_parser *p, const char *s, struct prog_event *ev)
{
    while (*s == ' ')
        s++;
    if (!*s)
        return 0;
    if (prog_prefix(s, "Build '")) {
        const char *q = strchr(s + 7, '\'');
        if (q && prog_prefix(q, "' errored")) {
            prog_diag(ev, PROG_ERROR, s);
            ev->failed = true;
            return 1;
        }
        if (q && prog_prefix(q, "' finished")) {
            prog_set(ev->item, s);
            return 1;
        }
    }
    if (prog_prefix(s, "==> Some builds didn't complete successfully")) {
        p->state = ST_ERRORS;
        ev->failed = true;
        return 1;
    }
    if (prog_prefix(s, "==> Builds finished. The artifacts of successful builds are:")) {
        p->state = ST_ARTIFACTS;
        return 1;
    }
    if (prog_prefix(s, "==> Builds finished")) {   /* "... but no artifacts were created." too */
        ev->done = true;
        ev->fraction = 1;
        return 1;
    }
    if (prog_prefix(s, "--> ")) {
        if (p->state == ST_ARTIFACTS) {
            prog_set(ev->detail, s + 4);
            ev->done = true;
            return 1;
        }
        prog_diag(ev, PROG_ERROR, s + 4);
        ev->failed = true;
        return 1;
    }
    if (prog_prefix(s, "Error: ")) {              /* validate / prepare failures */
        prog_diag(ev, PROG_ERROR, s);
        ev->failed = true;
        return 1;
    }
    if (prog_prefix(s, "* ")) {                  /* the items of "N error(s) occurred:" */
        prog_diag(ev, PROG_ERROR, s + 2);
        return 1;
    }
    if (!strcmp(s, "Template validated successfully.")) {
        ev->done = true;
        return 1;
    }
    if (prog_prefix(s, "==> ")) {
        const char *msg = strstr(s + 4, ": ");
        msg = msg ? msg + 2 : s + 4;
        ev->phase = "build";
        prog_set(ev->item, msg);
        if (looks_error(msg))
            prog_diag(ev, PROG_ERROR, msg);
        return 1;
    }
    return 0;
}

/* timestamp,target,type,data...: returns -1 when the line is not machine-readable. */
static int machine(struct prog_parser *p, char *s, struct prog_event *ev)
{
    char *f[5] = {s};
    size_t n = 1, digits = strspn(s, "0123456789");
    /* Decide before cutting the line up, so a plain line is left intact for plain(). */
    if (!digits || s[digits] != ',' || !strchr(s + digits + 1, ','))
        return -1;
    for (char *c = s; *c && n < 5; c++)
        if (*c == ',') {
            *c = '\0';
            f[n++] = c + 1;
        }
    const char *type = f[2];
    if (!strcmp(type, "ui") && n >= 5) {
        char *msg = f[4];
        unescape(msg);
        if (!strcmp(f[3], "error")) {
            int r = plain(p, msg, ev);
            if (!ev->has_diag) {
                while (*msg == ' ')
                    msg++;
                if (*msg)
                    prog_diag(ev, PROG_ERROR, msg);
            }
            return r || ev->has_diag;
        }
        return plain(p, msg, ev);
    }
    if (!strcmp(type, "error") && n >= 4) {
        if (n == 5)
            f[3][strlen(f[3])] = ',';    /* rejoin: the data is one field */
        unescape(f[3]);
        prog_diag(ev, PROG_ERROR, f[3]);
        ev->failed = true;
        return 1;
    }
    if (!strcmp(type, "error-count") && n >= 4) {
        if (strcmp(f[3], "0") != 0)
            ev->failed = true;
        return ev->failed;
    }
    /* target,artifact,<index>,<key>,<value...>: "id" and "string" name what was built. */
    if (!strcmp(type, "artifact") && n == 5) {
        char *val = strchr(f[4], ',');
        if (!val)
            return 0;
        *val++ = '\0';
        if (strcmp(f[4], "id") != 0 && strcmp(f[4], "string") != 0)
            return 0;
        unescape(val);
        prog_set(ev->detail, val);
        return 1;
    }
    return 0;
}

int prog_packer_line(struct prog_parser *p, const char *s, struct prog_event *ev)
{
    char *b = p->buf;   /* s is p->buf: the machine-readable parse may cut it up in place */
    (void)s;
    int r = machine(p, b, ev);
    return r >= 0 ? r : plain(p, b, ev);
}
