#!/bin/sh
# Registered by tests/verify.mk when configure found that the compiler
# cannot link -fsanitize=thread (in a build that is not sanitized already):
# test_job_tsan, the training job under ThreadSanitizer, could not be built.
# A skip that names why (a failure under CI=true, see tests/no_skip.sh).
echo "test_job_tsan not built: the compiler cannot link -fsanitize=thread (install libtsan, e.g. gcc's)"
exit 77
