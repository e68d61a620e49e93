/*
 * real.h - the floating-point type of the numerical core.
 *
 * The core computes in float32, like Keras. Building with -DRNNTUI_DOUBLE
 * switches every parameter, activation and gradient to double, which the
 * gradient-check test uses to compare against finite differences tightly.
 * Data sets (struct data_set) are always float, as Keras feeds them.
 */
#ifndef RNNTUI_REAL_H
#define RNNTUI_REAL_H

#ifdef RNNTUI_DOUBLE
typedef double rt_real;
#define RT_REAL_NAME "float64"
#else
typedef float rt_real;
#define RT_REAL_NAME "float32"
#endif

#endif
