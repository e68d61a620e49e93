/* fuzz_runlog - the run-log reader (CSV and JSON Lines) on arbitrary bytes:
 * RT_OK or a one-line refusal (RT_EFORMAT or RT_ENOMEM with a non-empty
 * message and no newline), never a crash or leak; what it accepts is
 * consistent: the history arrays exist for every epoch and can be read, no
 * more epochs than the configuration names, a result table of at most
 * TRAIN_TABLE_ROWS rows and no more correct samples than test samples.
 * (It does not write the log back out.) */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rnntui/runlog.h"
#include "rnntui/status.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct runlog_data d;
    char why[256];
    int rc = runlog_parse((const char *)data, size, &d, why, sizeof why);
    if (rc != RT_OK) {
        if ((rc != RT_EFORMAT && rc != RT_ENOMEM) || !why[0] || strchr(why, '\n'))
            abort();
        return 0;
    }
    if (d.epochs < 0 || (d.epochs > 0 && (!d.loss || !d.val_loss || !d.seconds)))
        abort();
    if (d.has_config && d.epochs > d.config.epochs)
        abort();
    if (d.has_result && (d.result.table_rows < 0 || d.result.table_rows > TRAIN_TABLE_ROWS ||
                         d.result.n_correct > d.result.n_test))
        abort();
    for (int i = 0; i < d.epochs; i++)
        (void)(d.loss[i] + d.val_loss[i] + d.seconds[i]);
    runlog_data_fini(&d);
    return 0;
}
