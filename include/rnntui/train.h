/*
 * train.h - a training run on its own thread, and its published progress.
 *
 * train_job_start() copies its configuration, then a worker thread generates
 * the data, builds the model (or loads the given weights), trains it with
 * Adam as Keras fit() does and evaluates it on the test part. The caller (the
 * UI thread or the headless front end) owns the struct train_job: it starts,
 * pauses, cancels, joins and frees it. The worker never reads caller state.
 *
 * What the worker publishes:
 *   - per-epoch history (struct train_progress): append-only arrays sized
 *     for cfg.epochs before start; epochs_done is stored with release order
 *     after the entries are written, readers load it with acquire order;
 *   - the running batch (struct train_snapshot), under a mutex: copy it with
 *     train_job_snapshot();
 *   - the results (struct train_result), written before state becomes
 *     TRAIN_DONE (release); read them only after seeing that state.
 *
 * For a given configuration and seed the loss history is bit-identical
 * whatever cfg.threads is: each batch is cut into fixed chunks whose
 * gradients are summed in a fixed order.
 */
#ifndef RNNTUI_TRAIN_H
#define RNNTUI_TRAIN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rnntui/data.h"
#include "rnntui/model.h"
#include "rnntui/real.h"

#define TRAIN_DEFAULT_EPOCHS 100
#define TRAIN_MAX_EPOCHS 100000
#define TRAIN_DEFAULT_BATCH 32
#define TRAIN_DEFAULT_LR 1e-3
#define TRAIN_MAX_THREADS 64
#define TRAIN_TABLE_ROWS 5
#define TRAIN_TOLERANCE 0.04      /* |prediction - target| <= this counts as correct */
/* An epoch whose loss or val_loss is NaN, Inf or above this has diverged:
 * targets lie in [0, 1), so such a model is off by more than 10 on average. */
#define TRAIN_DIVERGED_LOSS 100.0

/* Optional observers of a run, called on the worker thread, for tests and
 * tools that replay or record a run; they must not change what they see.
 * Each callback may be NULL. */
struct train_hooks {
    void *arg;
    /* The model as training starts (initialised or loaded) and the data. */
    void (*start)(void *arg, const struct model *m, const struct data_set *d);
    /* Epoch e's order of the n training sample indices, before its first
     * batch: batch b trains on order[b * batch_size ...]. */
    void (*epoch_order)(void *arg, int epoch, const int *order, int n);
};

struct train_config {
    struct model_config model;
    struct data_config data;
    int epochs;                   /* 0: evaluate only */
    int batch_size;
    double learning_rate;
    uint64_t seed;
    int threads;                  /* compute threads; 0 = one per online core */
    const rt_real *init_params;   /* NULL, or model_param_count() values to start from (copied) */
    bool gradients;               /* record gradient flow and saliency (gradflow.h); never
                                   * changes the weights. Needs gradflow_record_values()
                                   * x epochs <= GRADFLOW_MAX_VALUES */
    const struct train_hooks *hooks; /* NULL, or observers of the run (borrowed: keep it alive
                                        until the job is freed) */
};

enum train_state { TRAIN_IDLE, TRAIN_RUNNING, TRAIN_PAUSED, TRAIN_DONE, TRAIN_FAILED, TRAIN_CANCELLED };

struct train_progress {           /* written only by the worker */
    int epochs;                   /* capacity: cfg.epochs */
    float *loss;                  /* (epochs,) training loss of epoch i, as Keras reports it */
    float *val_loss;              /* (epochs,) validation MSE after epoch i */
    float *seconds;               /* (epochs,) wall time of epoch i */
    /* Gradient flow after epoch i (gradflow.h), when cfg.gradients; else
     * NULL and 0. Published like loss: written before epochs_done. */
    int flow_layers, flow_length; /* recurrent layers, T */
    float *flow_h;                /* (epochs, layers, T): g_l(t) = mean ||dL/dh_t||,
                                   * index (i * layers + l) * T + t - 1 */
    float *flow_c;                /* LSTM: the same for ||dL/dc_t||; else NULL */
    atomic_int epochs_done;       /* worker: release store after writing [i]; readers: acquire */
    atomic_int state;             /* enum train_state */
};

struct train_snapshot {           /* copied under the job's mutex */
    int state;                    /* enum train_state */
    int epoch;                    /* 0-based epoch being trained */
    int batch, batches;           /* batches finished in it / per epoch */
    double loss_so_far;           /* running loss of the current epoch */
    double elapsed;               /* seconds since the job started training */
    double epoch_elapsed;         /* seconds into the current epoch */
    int diverged_epoch;           /* 1-based epoch that diverged, or 0 */
    double diverged_loss;         /* the loss that showed it (may be NaN or Inf) */
};

struct train_result {
    double test_loss;             /* MSE on the test part */
    double correctness;           /* percent of test samples within TRAIN_TOLERANCE */
    int n_test, n_correct;
    int table_rows;               /* min(TRAIN_TABLE_ROWS, n_test) */
    float target[TRAIN_TABLE_ROWS], prediction[TRAIN_TABLE_ROWS];
    float *test_prediction;       /* (n_test,) owned by the job */
    /* When cfg.gradients (gradflow.h); else false, NULL and 0. */
    bool has_gradients;
    double marked_share;          /* percent of test samples whose two largest
                                   * |d yhat / d value_t| are the two marked steps */
    int n_marked;                 /* how many */
    int flow_layers, flow_length; /* recurrent layers, T */
    float *flow_h;                /* (layers, T) gradient flow of the final model on the
                                   * probe set (equals the last epoch's record) */
    float *flow_c;                /* LSTM (layers, T) ||dL/dc_t||; else NULL */
};

/* The memory a run needs, in bytes, by what it holds: every allocation
 * the job makes at its size, plus the caller's copy of init_params, plus
 * an allowance for the rest of the process. */
#define TRAIN_MEMORY_BASE ((uint64_t)8 << 20)
#define TRAIN_MEMORY_THREAD ((uint64_t)256 << 10)
struct train_memory {
    uint64_t data;                /* the data set: inputs (samples, length, 2) and targets */
    uint64_t model;               /* parameters, Adam's two moments, the gradient and one
                                     per chunk of a batch, init_params and the job's copy */
    uint64_t work;                /* per-thread workspaces: activations of a chunk of
                                     sequences over every step and layer */
    uint64_t other;               /* history, shuffle order, predictions, pool, and the
                                     orthogonal initialiser's scratch */
    uint64_t overhead;            /* what the job's allocations leave out: the program and
                                     its libraries, the threads' stacks, the allocator's
                                     rounding (TRAIN_MEMORY_BASE, TRAIN_MEMORY_THREAD
                                     per thread and 1/32 of the rest, for pages and
                                     transparent huge pages only partly used) */
    uint64_t total;               /* the sum: an upper bound of what the run holds at once */
    int threads;                  /* the compute threads counted in work */
    uint64_t work_per_thread;
};

struct train_job;

/* Fills *out for cfg (which train_config_check() accepts), with cfg->threads
 * 0 counted as one per online core. Allocates nothing. */
void train_config_memory(const struct train_config *cfg, struct train_memory *out);

/* Checks every value of cfg: RT_OK or RT_EINVAL, with a static
 * explanation in *why when why is not NULL. */
int  train_config_check(const struct train_config *cfg, const char **why);
/* Fills cfg with the notebook's defaults (LSTM, 2 x 30 units, 100 epochs,
 * batch 32, lr 1e-3, 3000 x 100 samples, seed 1, all cores). */
void train_config_default(struct train_config *cfg);

/* Copies cfg and starts the worker. On success *out is owned by the caller:
 * join and free it. Returns RT_OK, RT_EINVAL, RT_ENOMEM or RT_ETHREAD.
 * Signals are blocked in the worker threads. */
int  train_job_start(const struct train_config *cfg, struct train_job **out);
/* Asks the worker to stop at the next batch; returns at once. */
void train_job_cancel(struct train_job *job);
/* Pauses or resumes between batches; returns at once. */
void train_job_pause(struct train_job *job, bool paused);
/* Waits until epochs_done > seen_epochs or the job has ended, at most
 * timeout_ms milliseconds (negative: no limit). Returns epochs_done. */
int  train_job_wait(struct train_job *job, int seen_epochs, int timeout_ms);
/* Waits for the worker and returns its status: RT_OK, RT_ECANCELED,
 * RT_EDIVERGED (see TRAIN_DIVERGED_LOSS; the epoch is not published),
 * RT_ENOMEM or RT_ETHREAD. May be called more than once. */
int  train_job_join(struct train_job *job);
void train_job_free(struct train_job *job);          /* joins first; accepts NULL */

const struct train_config   *train_job_config(const struct train_job *job);
const struct train_progress *train_job_progress(const struct train_job *job);
void train_job_snapshot(struct train_job *job, struct train_snapshot *out);
/* Valid once the state is TRAIN_DONE (after train_job_join()). */
const struct train_result *train_job_result(const struct train_job *job);
/* The model and data, valid once the worker has ended (after join); the
 * model is NULL if the job failed before building it. */
const struct model    *train_job_model(const struct train_job *job);
const struct data_set *train_job_data(const struct train_job *job);

#endif
