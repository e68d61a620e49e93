/*
 * json.h - a small strict JSON reader for the weights file and JSON Lines
 * logs (private to the core).
 *
 * json_parse() reads exactly one value (RFC 8259) from a buffer into a tree
 * the caller owns and releases with json_free(). Arrays whose elements are
 * all numbers are stored packed as doubles, so a large weights file costs
 * 8 bytes per number. Python's NaN, Infinity and -Infinity are read as
 * non-finite numbers so that callers can refuse them by name. Limits keep a
 * hostile input bounded: nesting depth, members per object, values and
 * numbers in total; duplicate member names are refused.
 */
#ifndef RNNTUI_JSON_H
#define RNNTUI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_value {
    enum json_type type;
    bool boolean;              /* JSON_BOOL */
    bool is_uint;              /* JSON_NUMBER written as a non-negative integer that fits uint64 */
    bool packed;               /* JSON_ARRAY: elements are numbers[0..n) */
    size_t n;                  /* string bytes, array elements, object members */
    double number;             /* JSON_NUMBER */
    uint64_t uint;             /* JSON_NUMBER when is_uint: the exact value */
    char *str;                 /* JSON_STRING, NUL-terminated (\u0000 is refused) */
    double *numbers;           /* packed JSON_ARRAY */
    struct json_value *items;  /* unpacked JSON_ARRAY elements, JSON_OBJECT values */
    char **keys;               /* JSON_OBJECT member names */
};

struct json_limits {
    int max_depth;             /* nesting of arrays and objects */
    size_t max_members;        /* per object */
    size_t max_values;         /* values that are not packed numbers */
    size_t max_numbers;        /* packed numbers */
};

/* Parses text[0..len) (need not be NUL-terminated) into *root. Leading and
 * trailing whitespace is allowed, anything else after the value is not.
 * Returns RT_OK, RT_ENOMEM or RT_EFORMAT with a one-line reason ("line 3
 * column 7: expected ','") in why[0..whyn). On failure *root holds nothing. */
int  json_parse(const char *text, size_t len, const struct json_limits *lim,
                struct json_value *root, char *why, size_t whyn);
void json_free(struct json_value *v);            /* accepts a zeroed value */

/* Member `key` of an object, or NULL (also when v is not an object). */
const struct json_value *json_get(const struct json_value *v, const char *key);
/* Element i of an array (packed or not) as a number: true and *out when it
 * is a number, false otherwise. */
bool json_number_at(const struct json_value *v, size_t i, double *out);
/* Element i of an unpacked array, or NULL. */
const struct json_value *json_item(const struct json_value *v, size_t i);
/* The string of v, or NULL when v is not a string. */
const char *json_string(const struct json_value *v);
/* v as an int in [lo, hi]: true and *out, or false when v is not such an
 * integer. */
bool json_int(const struct json_value *v, long long lo, long long hi, long long *out);

#endif
