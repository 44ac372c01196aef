/* ui/base/json_text.h: unsigned 64-bit integers through JSON text (a seed may be up
 * to 2^64-1; jansson holds integers as signed 64-bit and refuses larger ones).
 *
 * Writing: an integer above INT64_MAX is put in the tree as the string
 * ui_json_u64_mark() makes, and ui_json_u64_unmark() turns the dumped text's marked
 * strings back into bare numbers. Reading: ui_json_u64_protect() turns bare integers
 * above INT64_MAX into such marked strings before parsing, and ui_json_u64_value()
 * reads either form. Pure text: no jansson here. */
#ifndef UI_JSON_TEXT_H
#define UI_JSON_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The marker: "\x01u64:" then the decimal digits. */
#define UI_JSON_U64_PREFIX "\x01u64:"

/* Writes the marker string for v into buf (room for 32 bytes). Returns buf. */
char *ui_json_u64_mark(uint64_t v, char *buf, size_t n);
/* Replaces every "\u0001u64:DIGITS" (with its quotes) in the NUL-terminated JSON text
 * by DIGITS, in place. */
void ui_json_u64_unmark(char *text);
/* A copy of text (len bytes) where every bare integer above INT64_MAX (outside
 * strings, not part of a fraction or exponent) is a marked string instead. Returns
 * NULL when out of memory; *out_len is the copy's length. */
char *ui_json_u64_protect(const char *text, size_t len, size_t *out_len);
/* Parses a marked string (as ui_json_u64_mark() writes it) into *v. */
bool ui_json_u64_parse(const char *s, uint64_t *v);

#endif
