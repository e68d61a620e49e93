#include "config.h"

#include "json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnntui/status.h"
#include "iofile_impl.h"

#define JSON_MAX_NUMBER_CHARS 400

struct json_parser {
    const char *s;
    size_t len, pos;
    const struct json_limits *lim;
    size_t values, numbers;
    char *why;
    size_t whyn;
    int status;                /* RT_OK until the first failure */
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void json_fail(struct json_parser *p, const char *fmt, ...)
{
    if (p->status != RT_OK)
        return;
    p->status = RT_EFORMAT;
    if (!p->why || !p->whyn)
        return;
    size_t line = 1, col = 1;
    for (size_t i = 0; i < p->pos && i < p->len; i++) {
        if (p->s[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    int k = snprintf(p->why, p->whyn, "line %zu column %zu: ", line, col);
    if (k < 0 || (size_t)k >= p->whyn)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->why + k, p->whyn - (size_t)k, fmt, ap);
    va_end(ap);
    iofile_clean_text(p->why);
}

static void json_nomem(struct json_parser *p)
{
    if (p->status != RT_OK)
        return;
    p->status = RT_ENOMEM;
    if (p->why && p->whyn)
        snprintf(p->why, p->whyn, "out of memory");
}

static void json_ws(struct json_parser *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

static int json_peek(const struct json_parser *p)
{
    return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

/* Grows *buf (elements of size sz) to hold at least need elements. */
static bool json_grow(void **buf, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return true;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need)
        ncap *= 2;
    if (ncap > SIZE_MAX / sz)
        return false;
    void *nb = realloc(*buf, ncap * sz);
    if (!nb)
        return false;
    *buf = nb;
    *cap = ncap;
    return true;
}

static bool json_literal(struct json_parser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
        return false;
    p->pos += n;
    return true;
}

static bool json_is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* A number token: JSON grammar, or NaN / Infinity / -Infinity. */
static bool json_number(struct json_parser *p, double *out, bool *is_uint, uint64_t *uval)
{
    *is_uint = false;
    *uval = 0;
    size_t start = p->pos;
    if (json_literal(p, "NaN")) {
        *out = NAN;
        return true;
    }
    if (json_literal(p, "Infinity")) {
        *out = INFINITY;
        return true;
    }
    if (json_literal(p, "-Infinity")) {
        *out = -INFINITY;
        return true;
    }
    bool neg = false, integral = true;
    if (json_peek(p) == '-') {
        neg = true;
        p->pos++;
    }
    if (json_peek(p) == '0') {
        p->pos++;
    } else if (json_is_digit(json_peek(p))) {
        while (json_is_digit(json_peek(p)))
            p->pos++;
    } else {
        json_fail(p, "invalid number");
        return false;
    }
    if (json_peek(p) == '.') {
        integral = false;
        p->pos++;
        if (!json_is_digit(json_peek(p))) {
            json_fail(p, "invalid number: no digit after '.'");
            return false;
        }
        while (json_is_digit(json_peek(p)))
            p->pos++;
    }
    if (json_peek(p) == 'e' || json_peek(p) == 'E') {
        integral = false;
        p->pos++;
        if (json_peek(p) == '+' || json_peek(p) == '-')
            p->pos++;
        if (!json_is_digit(json_peek(p))) {
            json_fail(p, "invalid number: no digit in exponent");
            return false;
        }
        while (json_is_digit(json_peek(p)))
            p->pos++;
    }
    size_t n = p->pos - start;
    if (n > JSON_MAX_NUMBER_CHARS) {
        p->pos = start;
        json_fail(p, "number longer than %d characters", JSON_MAX_NUMBER_CHARS);
        return false;
    }
    char tok[JSON_MAX_NUMBER_CHARS + 1];
    memcpy(tok, p->s + start, n);
    tok[n] = '\0';
    *out = strtod(tok, NULL);
    if (integral && !neg) {
        uint64_t u = 0;
        bool fits = true;
        for (size_t i = 0; i < n; i++) {
            unsigned d = (unsigned)(tok[i] - '0');
            if (u > (UINT64_MAX - d) / 10) {
                fits = false;
                break;
            }
            u = u * 10 + d;
        }
        *is_uint = fits;
        *uval = fits ? u : 0;
    }
    return true;
}

static int json_hex4(struct json_parser *p)
{
    if (p->len - p->pos < 4)
        return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p->s[p->pos + (size_t)i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    p->pos += 4;
    return v;
}

/* A string token at p->pos (which is '"'): a malloc'ed NUL-terminated copy. */
static char *json_string_token(struct json_parser *p, size_t *outlen)
{
    char *buf = NULL;
    size_t n = 0, cap = 0;
    p->pos++;
    for (;;) {
        if (p->pos >= p->len) {
            json_fail(p, "unterminated string");
            goto fail;
        }
        unsigned char c = (unsigned char)p->s[p->pos];
        char enc[4];
        size_t en = 0;
        if (c == '"') {
            p->pos++;
            break;
        }
        if (c < 0x20) {
            json_fail(p, "control character in a string");
            goto fail;
        }
        if (c != '\\') {
            enc[en++] = (char)c;
            p->pos++;
        } else {
            p->pos++;
            int e = json_peek(p);
            p->pos++;
            switch (e) {
            case '"':  enc[en++] = '"'; break;
            case '\\': enc[en++] = '\\'; break;
            case '/':  enc[en++] = '/'; break;
            case 'b':  enc[en++] = '\b'; break;
            case 'f':  enc[en++] = '\f'; break;
            case 'n':  enc[en++] = '\n'; break;
            case 'r':  enc[en++] = '\r'; break;
            case 't':  enc[en++] = '\t'; break;
            case 'u': {
                int u = json_hex4(p);
                if (u < 0) {
                    json_fail(p, "invalid \\u escape");
                    goto fail;
                }
                long cp = u;
                if (u >= 0xD800 && u <= 0xDBFF) {
                    if (!json_literal(p, "\\u")) {
                        json_fail(p, "unpaired surrogate in \\u escape");
                        goto fail;
                    }
                    int lo = json_hex4(p);
                    if (lo < 0xDC00 || lo > 0xDFFF) {
                        json_fail(p, "unpaired surrogate in \\u escape");
                        goto fail;
                    }
                    cp = 0x10000 + (((long)u - 0xD800) << 10) + (lo - 0xDC00);
                } else if (u >= 0xDC00 && u <= 0xDFFF) {
                    json_fail(p, "unpaired surrogate in \\u escape");
                    goto fail;
                } else if (u == 0) {
                    json_fail(p, "\\u0000 is not allowed in a string");
                    goto fail;
                }
                if (cp < 0x80) {
                    enc[en++] = (char)cp;
                } else if (cp < 0x800) {
                    enc[en++] = (char)(0xC0 | (cp >> 6));
                    enc[en++] = (char)(0x80 | (cp & 0x3F));
                } else if (cp < 0x10000) {
                    enc[en++] = (char)(0xE0 | (cp >> 12));
                    enc[en++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    enc[en++] = (char)(0x80 | (cp & 0x3F));
                } else {
                    enc[en++] = (char)(0xF0 | (cp >> 18));
                    enc[en++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                    enc[en++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    enc[en++] = (char)(0x80 | (cp & 0x3F));
                }
                break;
            }
            default:
                p->pos--;
                json_fail(p, "invalid escape in a string");
                goto fail;
            }
        }
        if (!json_grow((void **)&buf, &cap, n + en + 1, 1)) {
            json_nomem(p);
            goto fail;
        }
        memcpy(buf + n, enc, en);
        n += en;
    }
    if (!json_grow((void **)&buf, &cap, n + 1, 1)) {
        json_nomem(p);
        goto fail;
    }
    buf[n] = '\0';
    *outlen = n;
    return buf;
fail:
    free(buf);
    return NULL;
}

static bool json_value_at(struct json_parser *p, struct json_value *v, int depth);

static bool json_count_value(struct json_parser *p)
{
    if (++p->values > p->lim->max_values) {
        json_fail(p, "more than %zu values", p->lim->max_values);
        return false;
    }
    return true;
}

static bool json_array(struct json_parser *p, struct json_value *v, int depth)
{
    double *nums = NULL;
    struct json_value *items = NULL;
    size_t nn = 0, ncap = 0, ni = 0, icap = 0;
    bool packed = true;
    p->pos++;
    json_ws(p);
    if (json_peek(p) == ']') {
        p->pos++;
        v->type = JSON_ARRAY;
        return true;
    }
    for (;;) {
        json_ws(p);
        int c = json_peek(p);
        if (packed && (c == '-' || json_is_digit(c) || c == 'N' || c == 'I')) {
            double d;
            bool isu;
            uint64_t u;
            if (!json_number(p, &d, &isu, &u))
                goto fail;
            if (++p->numbers > p->lim->max_numbers) {
                json_fail(p, "more than %zu numbers", p->lim->max_numbers);
                goto fail;
            }
            if (!json_grow((void **)&nums, &ncap, nn + 1, sizeof *nums)) {
                json_nomem(p);
                goto fail;
            }
            nums[nn++] = d;
        } else {
            if (packed) {
                /* A non-number: unpack what was read so far. */
                packed = false;
                if (!json_grow((void **)&items, &icap, nn + 1, sizeof *items)) {
                    json_nomem(p);
                    goto fail;
                }
                for (size_t i = 0; i < nn; i++) {
                    memset(&items[i], 0, sizeof items[i]);
                    items[i].type = JSON_NUMBER;
                    items[i].number = nums[i];
                    if (!json_count_value(p))
                        goto fail_items;
                    ni++;
                }
                p->numbers -= nn;
                free(nums);
                nums = NULL;
                nn = ncap = 0;
            }
            if (!json_grow((void **)&items, &icap, ni + 1, sizeof *items)) {
                json_nomem(p);
                goto fail_items;
            }
            if (!json_value_at(p, &items[ni], depth + 1))
                goto fail_items;
            ni++;
        }
        json_ws(p);
        c = json_peek(p);
        if (c == ',') {
            p->pos++;
            continue;
        }
        if (c == ']') {
            p->pos++;
            break;
        }
        json_fail(p, c < 0 ? "unexpected end of input in an array" : "expected ',' or ']'");
        goto fail_items;
    }
    v->type = JSON_ARRAY;
    if (packed) {
        v->packed = true;
        v->numbers = nums;
        v->n = nn;
    } else {
        v->items = items;
        v->n = ni;
    }
    return true;
fail_items:
    for (size_t i = 0; i < ni; i++)
        json_free(&items[i]);
fail:
    free(items);
    free(nums);
    return false;
}

static bool json_object(struct json_parser *p, struct json_value *v, int depth)
{
    struct json_value *items = NULL;
    char **keys = NULL;
    size_t n = 0, icap = 0, kcap = 0;
    p->pos++;
    json_ws(p);
    if (json_peek(p) == '}') {
        p->pos++;
        v->type = JSON_OBJECT;
        return true;
    }
    for (;;) {
        json_ws(p);
        if (json_peek(p) != '"') {
            json_fail(p, json_peek(p) < 0 ? "unexpected end of input in an object"
                                          : "expected a member name in double quotes");
            goto fail;
        }
        if (n >= p->lim->max_members) {
            json_fail(p, "more than %zu members in an object", p->lim->max_members);
            goto fail;
        }
        if (!json_grow((void **)&items, &icap, n + 1, sizeof *items) ||
            !json_grow((void **)&keys, &kcap, n + 1, sizeof *keys)) {
            json_nomem(p);
            goto fail;
        }
        size_t klen;
        size_t kpos = p->pos;
        char *key = json_string_token(p, &klen);
        if (!key)
            goto fail;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(keys[i], key) == 0) {
                p->pos = kpos;
                json_fail(p, "duplicate member \"%.40s\"", key);
                free(key);
                goto fail;
            }
        }
        json_ws(p);
        if (json_peek(p) != ':') {
            json_fail(p, "expected ':' after a member name");
            free(key);
            goto fail;
        }
        p->pos++;
        if (!json_value_at(p, &items[n], depth + 1)) {
            free(key);
            goto fail;
        }
        keys[n++] = key;
        json_ws(p);
        int c = json_peek(p);
        if (c == ',') {
            p->pos++;
            continue;
        }
        if (c == '}') {
            p->pos++;
            break;
        }
        json_fail(p, c < 0 ? "unexpected end of input in an object" : "expected ',' or '}'");
        goto fail;
    }
    v->type = JSON_OBJECT;
    v->items = items;
    v->keys = keys;
    v->n = n;
    return true;
fail:
    for (size_t i = 0; i < n; i++) {
        json_free(&items[i]);
        free(keys[i]);
    }
    free(items);
    free(keys);
    return false;
}

static bool json_value_at(struct json_parser *p, struct json_value *v, int depth)
{
    memset(v, 0, sizeof *v);
    if (!json_count_value(p))
        return false;
    json_ws(p);
    int c = json_peek(p);
    if ((c == '[' || c == '{') && depth >= p->lim->max_depth) {
        json_fail(p, "nested deeper than %d levels", p->lim->max_depth);
        return false;
    }
    switch (c) {
    case -1:
        json_fail(p, "unexpected end of input");
        return false;
    case '[':
        return json_array(p, v, depth);
    case '{':
        return json_object(p, v, depth);
    case '"':
        v->str = json_string_token(p, &v->n);
        if (!v->str)
            return false;
        v->type = JSON_STRING;
        return true;
    case 't':
    case 'f':
        if (json_literal(p, "true") || json_literal(p, "false")) {
            v->type = JSON_BOOL;
            v->boolean = c == 't';
            return true;
        }
        break;
    case 'n':
        if (json_literal(p, "null")) {
            v->type = JSON_NULL;
            return true;
        }
        break;
    default:
        if (c == '-' || json_is_digit(c) || c == 'N' || c == 'I') {
            if (!json_number(p, &v->number, &v->is_uint, &v->uint))
                return false;
            v->type = JSON_NUMBER;
            return true;
        }
        break;
    }
    json_fail(p, "unexpected character '%c'", c >= 0x20 && c < 0x7f ? c : '?');
    return false;
}

int json_parse(const char *text, size_t len, const struct json_limits *lim,
               struct json_value *root, char *why, size_t whyn)
{
    struct json_parser p = { .s = text, .len = len, .lim = lim, .why = why, .whyn = whyn };
    if (why && whyn)
        why[0] = '\0';
    locale_t old = iofile_locale_push();
    bool ok = json_value_at(&p, root, 0);
    iofile_locale_pop(old);
    if (ok) {
        json_ws(&p);
        if (p.pos != p.len) {
            json_fail(&p, "unexpected text after the JSON value");
            json_free(root);
            ok = false;
        }
    }
    if (!ok) {
        memset(root, 0, sizeof *root);
        return p.status != RT_OK ? p.status : RT_EFORMAT;
    }
    return RT_OK;
}

void json_free(struct json_value *v)
{
    if (!v)
        return;
    if (v->type == JSON_ARRAY || v->type == JSON_OBJECT) {
        if (v->items)
            for (size_t i = 0; i < v->n; i++)
                json_free(&v->items[i]);
        if (v->keys)
            for (size_t i = 0; i < v->n; i++)
                free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->numbers);
    free(v->str);
    memset(v, 0, sizeof *v);
}

const struct json_value *json_get(const struct json_value *v, const char *key)
{
    if (!v || v->type != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->keys[i], key) == 0)
            return &v->items[i];
    return NULL;
}

bool json_number_at(const struct json_value *v, size_t i, double *out)
{
    if (!v || v->type != JSON_ARRAY || i >= v->n)
        return false;
    if (v->packed) {
        *out = v->numbers[i];
        return true;
    }
    if (v->items[i].type != JSON_NUMBER)
        return false;
    *out = v->items[i].number;
    return true;
}

const struct json_value *json_item(const struct json_value *v, size_t i)
{
    if (!v || v->type != JSON_ARRAY || v->packed || i >= v->n)
        return NULL;
    return &v->items[i];
}

const char *json_string(const struct json_value *v)
{
    return v && v->type == JSON_STRING ? v->str : NULL;
}

bool json_int(const struct json_value *v, long long lo, long long hi, long long *out)
{
    if (!v || v->type != JSON_NUMBER || !isfinite(v->number))
        return false;
    double d = v->number;
    if (d != floor(d) || d < (double)lo || d > (double)hi || fabs(d) >= 9.0e18)
        return false;
    *out = (long long)d;
    return true;
}
