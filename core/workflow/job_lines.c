/* Line splitting of job output ('\n', CRLF, '\r' progress updates, huge lines in pieces)
 * and removal of terminal escape sequences for parsers. */
#include "core/workflow/job_impl.h"

#include <string.h>

static void emit(struct job_lines *lb, unsigned flags)
{
    /* "\r\r" or a leading '\r' (tqdm style) carry no update worth showing */
    if ((flags & JOB_LINE_CR) && lb->len == 0)
        return;
    lb->buf[lb->len] = '\0';
    if (lb->fn)
        lb->fn(lb->arg, lb->stream, lb->buf, lb->len, flags);
    if (!(flags & (JOB_LINE_CR | JOB_LINE_PARTIAL)))
        (*lb->lines)++;
    lb->len = 0;
}

/* Appends a run of ordinary bytes, handing out full buffers as pieces; a full buffer is
 * only flushed when more bytes follow, so a line of exactly JOB_LINE_MAX stays whole. */
static void append(struct job_lines *lb, const char *p, size_t n)
{
    while (n > 0) {
        if (lb->len == JOB_LINE_MAX)
            emit(lb, JOB_LINE_PARTIAL);
        size_t k = JOB_LINE_MAX - lb->len;
        if (k > n)
            k = n;
        memcpy(lb->buf + lb->len, p, k);
        lb->len += k;
        p += k;
        n -= k;
    }
}

/* Handles one '\n' or '\r'; returns nothing as the state lives in lb. */
static void terminator(struct job_lines *lb, char c)
{
    if (c == '\n') {
        if (lb->skip_lf && lb->len == 0)
            lb->skip_lf = false;
        else
            emit(lb, 0);
        return;
    }
    lb->cr = true;
}

void job_lines_feed(struct job_lines *lb, const char *data, size_t n)
{
    size_t i = 0;
    while (i < n) {
        char c = data[i];
        if (lb->cr) {
            lb->cr = false;
            if (c == '\n') {
                emit(lb, 0);
                i++;
                continue;
            }
            emit(lb, JOB_LINE_CR);
        }
        if (c == '\n' || c == '\r') {
            terminator(lb, c);
            i++;
            continue;
        }
        lb->skip_lf = false;
        size_t j = i;
        while (j < n && data[j] != '\n' && data[j] != '\r')
            j++;
        append(lb, data + i, j - i);
        i = j;
    }
}

void job_lines_idle(struct job_lines *lb)
{
    if (!lb->cr)
        return;
    lb->cr = false;
    lb->skip_lf = true;
    emit(lb, JOB_LINE_CR);
}

void job_lines_eof(struct job_lines *lb)
{
    if (lb->cr) {
        lb->cr = false;
        emit(lb, JOB_LINE_CR);
    }
    lb->skip_lf = false;
    if (lb->len > 0)
        emit(lb, 0);
}

/* Length of the escape sequence at s (s[0] == ESC), up to the end of the string. */
static size_t escape_len(const char *s)
{
    size_t i = 1;
    char k = s[1];
    if (k == '\0')
        return 1;
    if (k == '[') {               /* CSI: parameters and intermediates, then a final byte */
        i = 2;
        while (s[i] && ((unsigned char)s[i] < 0x40 || (unsigned char)s[i] > 0x7e))
            i++;
        return s[i] ? i + 1 : i;
    }
    if (k == ']' || k == 'P' || k == 'X' || k == '^' || k == '_') {
        /* OSC and string commands end with BEL or ESC '\' (ST) */
        i = 2;
        while (s[i] && s[i] != '\a' && !(s[i] == '\033' && s[i + 1] == '\\'))
            i++;
        if (s[i] == '\a')
            return i + 1;
        return s[i] ? i + 2 : i;
    }
    while (s[i] >= 0x20 && s[i] <= 0x2f)   /* e.g. ESC ( B: intermediates, then final */
        i++;
    return s[i] ? i + 1 : i;
}

size_t job_strip_ansi(char *s)
{
    size_t r = 0, w = 0;
    while (s[r]) {
        if (s[r] == '\033') {
            r += escape_len(s + r);
            continue;
        }
        s[w++] = s[r++];
    }
    s[w] = '\0';
    return w;
}
