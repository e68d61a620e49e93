/*
 * orthogonal.h - Keras's Orthogonal initialiser (internal to the core).
 *
 * Keras (gain 1) draws a normal matrix A of shape (M, N) = (max(rows, cols),
 * min(rows, cols)) in row-major order, takes its QR factorisation, makes R's
 * diagonal positive (Q * sign(diag(R))) and uses Q, transposed when
 * rows < cols: the result has orthonormal columns (rows >= cols) or rows.
 *
 * That Q is unique, so any stable orthogonalisation in double yields it to
 * double rounding. This one is block classical Gram-Schmidt run twice
 * (BCGS2), on A stored transposed (each column of A a contiguous row), with
 * modified Gram-Schmidt inside each block: cache-friendly products instead
 * of the column-strided loops of a textbook Gram-Schmidt.
 */
#ifndef RNNTUI_ORTHOGONAL_H
#define RNNTUI_ORTHOGONAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "rnntui/real.h"
#include "rnntui/rng.h"

/* Fills w (rows, cols), row-major, drawing rows * cols normals from r in
 * Keras's order. Checks *cancel (when not NULL) between blocks of work, a
 * few milliseconds apart. Returns RT_OK, RT_ENOMEM or RT_ECANCELED (w then
 * holds garbage). */
int orthogonal_init(struct rng *r, rt_real *w, int rows, int cols, const atomic_bool *cancel);

/* Bytes of scratch orthogonal_init() allocates for a (rows, cols) matrix. */
size_t orthogonal_scratch_bytes(int rows, int cols);

#endif
