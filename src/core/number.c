#include "config.h"

#include "rnntui/number.h"

static const char *digits(const char *p)
{
    while (*p >= '0' && *p <= '9')
        p++;
    return p;
}

bool number_is_decimal(const char *s, bool real)
{
    const char *p = s;
    if (*p == '-')
        p++;
    const char *q = digits(p);
    bool any = q > p;
    p = q;
    if (real && *p == '.') {
        q = digits(++p);
        any = any || q > p;
        p = q;
    }
    if (!any)
        return false;
    if (real && (*p == 'e' || *p == 'E')) {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        q = digits(p);
        if (q == p)
            return false;
        p = q;
    }
    return *p == '\0';
}
