# Tests of run logs, weights, data export and plots.
