/* fuzz_weights - the weights loader on arbitrary bytes: it returns RT_OK or
 * a refusal with a one-line reason, never crashes, leaks or reads out of
 * bounds, and what it accepts has the shapes its architecture implies. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rnntui/model.h"
#include "rnntui/status.h"
#include "rnntui/weights.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct weights w;
    char why[256];
    int rc = weights_parse((const char *)data, size, &w, why, sizeof why);
    if (rc == RT_OK) {
        if (w.n_params != model_param_count(&w.model) || !w.params)
            abort();
        weights_fini(&w);
    } else if ((rc != RT_EFORMAT && rc != RT_ENOMEM) || !why[0] || strchr(why, '\n')) {
        abort();
    }
    return 0;
}
