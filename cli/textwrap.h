/* Text for a terminal: the width to wrap at, and a sentence printed from a column, broken
 * at spaces with its later lines indented (doctor's tables). */
#ifndef GW_TEXTWRAP_H
#define GW_TEXTWRAP_H

/* The terminal's columns (60..160) when stdout is one, else 100. */
int textwrap_width(void);
/* Prints text from column col, broken at spaces before width, later lines indented. */
void textwrap_print(const char *text, int col, int indent, int width);

#endif
