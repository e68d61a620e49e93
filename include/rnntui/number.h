/*
 * number.h - the one rule for numbers typed by a user (option values and
 * the values of a --sweep list): plain decimal, nothing around it.
 */
#ifndef RNNTUI_NUMBER_H
#define RNNTUI_NUMBER_H

#include <stdbool.h>

/* Whether s is, as a whole, a decimal number: an optional '-', digits and,
 * when real, an optional fraction (".5", "1.") and exponent ("1e-3").
 * No whitespace before or after, no '+', no hex, no inf or nan. */
bool number_is_decimal(const char *s, bool real);

#endif
