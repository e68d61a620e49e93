/*
 * status.h - status codes shared by the whole core.
 *
 * Every core function that can fail returns an int: RT_OK (0) or one of the
 * negative RT_E* codes below. Only the front ends (main.c, src/ui) turn a
 * status into text with rt_strerror() and into an exit code.
 */
#ifndef RNNTUI_STATUS_H
#define RNNTUI_STATUS_H

enum rt_status {
    RT_OK        =  0,
    RT_ENOMEM    = -1,  /* an allocation failed */
    RT_EINVAL    = -2,  /* a configuration value is out of range */
    RT_EIO       = -3,  /* a read or write failed (errno says why) */
    RT_ECANCELED = -4,  /* the job was cancelled before it finished */
    RT_EDIVERGED = -5,  /* the loss became NaN or Inf */
    RT_EFORMAT   = -6,  /* a file is not in the expected format */
    RT_ETHREAD   = -7   /* a thread could not be created */
};

/* A static, human-readable description of status; never NULL. */
const char *rt_strerror(int status);

#endif
