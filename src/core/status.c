#include "config.h"

#include "rnntui/status.h"

const char *rt_strerror(int status)
{
    switch (status) {
    case RT_OK:        return "success";
    case RT_ENOMEM:    return "out of memory";
    case RT_EINVAL:    return "invalid configuration";
    case RT_EIO:       return "input/output error";
    case RT_ECANCELED: return "cancelled";
    case RT_EDIVERGED: return "training diverged (loss is NaN or Inf)";
    case RT_EFORMAT:   return "file format not recognised";
    case RT_ETHREAD:   return "cannot create a thread";
    default:           return "unknown error";
    }
}
