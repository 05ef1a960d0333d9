// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import java.util.Arrays;

/**
 * The samples of one series for a range aggregation: timestamps and values in two growable arrays
 * (no object per sample). Lines of several streams can land in one series, so the list sorts itself
 * by time before it is read.
 */
final class SampleList {
    private long[] times = new long[16];
    private double[] values = new double[16];
    private int size;
    private boolean sorted = true;

    void add(long time, double value) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
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

    /** Sorts by time, keeping the order of equal times (a stable sort over an index). */
    SampleList sorted() {
        if (sorted) {
            return this;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
        long[] t = new long[size];
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            t[i] = times[order[i]];
            v[i] = values[order[i]];
        }
        times = t;
        values = v;
        sorted = true;
        return this;
    }
}
