// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.read;

import java.util.Arrays;

/**
 * The samples of one series for a range aggregation: timestamps and values in two growable arrays
 * (no object per sample). Lines of several streams can land in one series, so the list sorts itself
 * by time before it is read.
 */
public final class SampleList {
    private long[] times;
    private double[] values;
    private int size;
    private boolean sorted = true;

    void add(long time, double value) {
        if (grid != null) {
            accumulate(time, value);
            return;
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, Math.max(16, size * 2));
            values = Arrays.copyOf(values, Math.max(16, size * 2));
        }
        if (size > 0 && time < times[size - 1]) {
            sorted = false;
        }
        times[size] = time;
        values[size] = value;
        size++;
    }

    int size() {
        return size;
    }

    long time(int i) {
        return times[i];
    }

    double value(int i) {
        return values[i];
    }

    /** Sorts by time, keeping the order of equal times: a merge sort on the two arrays, nothing boxed. */
    SampleList sorted() {
        if (sorted) {
            return this;
        }
        long[] t2 = new long[size];
        double[] v2 = new double[size];
        long[] ts = times;
        double[] vs = values;
        for (int width = 1; width < size; width *= 2) {
            for (int lo = 0; lo < size; lo += 2 * width) {
                int mid = Math.min(lo + width, size);
                int hi = Math.min(lo + 2 * width, size);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    if (ts[j] < ts[i]) {
                        t2[k] = ts[j];
                        v2[k++] = vs[j++];
                    } else {
                        t2[k] = ts[i];
                        v2[k++] = vs[i++];
                    }
                }
                while (i < mid) {
                    t2[k] = ts[i];
                    v2[k++] = vs[i++];
                }
                while (j < hi) {
                    t2[k] = ts[j];
                    v2[k++] = vs[j++];
                }
            }
            long[] swapT = ts;
            ts = t2;
            t2 = swapT;
            double[] swapV = vs;
            vs = v2;
            v2 = swapV;
        }
        times = ts;
        values = vs;
        sorted = true;
        return this;
    }

    // ---- accumulated: sums per step, for functions that only add ----------------------------------

    /** The step grid a range aggregation is evaluated on; windows are (t − offset − range, t − offset]. */
    record Grid(long start, long step, int steps, long range, long offset) {}

    private Grid grid;
    private double[] sumDiff;
    private long[] countDiff;

    /**
     * A list that keeps no samples: each one is added to the steps whose windows hold it, through
     * difference arrays (O(1) per sample, whatever the range), for count, rate and bytes functions.
     */
    static SampleList accumulating(Grid grid) {
        SampleList s = new SampleList(0);
        s.grid = grid;
        s.sumDiff = new double[grid.steps() + 1];
        s.countDiff = new long[grid.steps() + 1];
        return s;
    }

    private SampleList(int capacity) {
        this.times = new long[capacity];
        this.values = new double[capacity];
    }

    SampleList() {
        this(16);
    }

    boolean accumulated() {
        return grid != null;
    }

    private void accumulate(long time, double value) {
        // step k holds the sample when start + k·step lies in [time + offset, time + offset + range)
        long from = time + grid.offset() - grid.start();
        long lo = from <= 0 ? 0 : (from + grid.step() - 1) / grid.step();
        long to = from + grid.range();
        long hi = to <= 0 ? -1 : (to + grid.step() - 1) / grid.step() - 1;
        if (hi >= grid.steps()) {
            hi = grid.steps() - 1;
        }
        if (lo > hi) {
            return;
        }
        sumDiff[(int) lo] += value;
        sumDiff[(int) hi + 1] -= value;
        countDiff[(int) lo]++;
        countDiff[(int) hi + 1]--;
    }

    /** Per step: the window's sum, and its count in {@code counts}. */
    double[] stepSums(long[] counts) {
        double[] sums = new double[grid.steps()];
        double sum = 0;
        long count = 0;
        for (int k = 0; k < grid.steps(); k++) {
            sum += sumDiff[k];
            count += countDiff[k];
            sums[k] = sum;
            counts[k] = count;
        }
        return sums;
    }
}
