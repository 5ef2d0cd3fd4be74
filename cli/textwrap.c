/* Sentences wrapped for a terminal, as doctor's tables print them: the width, and text
 * printed from a column with its later lines indented. */
#include "cli/textwrap.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int textwrap_width(void)
{
    struct winsize ws;
    if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 60)
        return ws.ws_col < 160 ? ws.ws_col : 160;
    return 100;
}

void textwrap_print(const char *text, int col, int indent, int width)
{
    const char *p = text;
    while (*p) {
        int room = width - col;
        size_t n = strlen(p);
        if ((int)n > room) {
            size_t cut = (size_t)(room > 10 ? room : 10);
            while (cut > 0 && p[cut] != ' ')
                cut--;
            n = cut ? cut : strcspn(p, " ");       /* a word longer than the line */
        }
        printf("%.*s\n", (int)n, p);
        p += n;
        p += strspn(p, " ");
        if (*p)
            printf("%*s", indent, "");
        col = indent;
    }
    if (!*text)
        putchar('\n');
}
