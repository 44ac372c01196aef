/* ui/base/termsafe.h: user text made safe to print on a terminal.
 *
 * A scenario's title, a --label, a file name or a value quoted in a message can hold
 * control characters (ESC sequences that recolour, retitle or clear the terminal).
 * Everything of the user's that ordersim prints goes through ui_term_safe(). */
#ifndef UI_TERMSAFE_H
#define UI_TERMSAFE_H

#include <stddef.h>

/* s with every C0 control character, DEL, C1 control (U+0080..U+009F) and byte that is
 * not valid UTF-8 written as an escape (\x1b, \u009b), into buf (n > 0; cut to fit).
 * Valid UTF-8 text passes unchanged. s NULL gives "". Returns buf. */
const char *ui_term_safe(const char *s, char *buf, size_t n);

#endif
