package io.synaps.stats;

import com.datadoghq.sketch.ddsketch.encoding.Flag;
import com.datadoghq.sketch.ddsketch.encoding.Output;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.BinAcceptor;
import com.datadoghq.sketch.ddsketch.store.SparseStore;
import com.datadoghq.sketch.ddsketch.store.Store;

import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * SortedArrayStore is a DDSketch {@link Store} that keeps only its non-empty bins, as two parallel
 * arrays sorted by bin index (bin counts are sample counts, possibly fractional).
 *
 * <p>A bucket usually holds a handful of distinct values spread over a few bins, where the
 * library's dense stores would allocate at least 128 counters; this store costs about
 * 12 bytes per bin plus two small array headers. Not thread-safe.
 */
final class SortedArrayStore implements Store {
    private static final int[] NO_INDEXES = new int[0];
    private static final double[] NO_COUNTS = new double[0];

    private int[] indexes;
    private double[] counts;
    private int size;

    SortedArrayStore() {
        this.indexes = NO_INDEXES;
        this.counts = NO_COUNTS;
    }

    /** Takes ownership of arrays holding strictly ascending indexes and positive counts. */
    SortedArrayStore(int[] indexes, double[] counts, int size) {
        this.indexes = indexes;
        this.counts = counts;
        this.size = size;
    }

    /** Number of non-empty bins. */
    int binCount() {
        return size;
    }

    /** Index of the i-th bin in ascending order. */
    int indexAt(int i) {
        return indexes[i];
    }

    /** Count of the i-th bin in ascending order. */
    double countAt(int i) {
        return counts[i];
    }

    @Override
    public void add(int index, double count) {
        if (count < 0 || Double.isNaN(count)) {
            throw new IllegalArgumentException("The count cannot be negative.");
        }
        if (count == 0) {
            return;
        }
        int pos;
        if (size == 0 || indexes[size - 1] < index) {
            pos = -(size + 1);
        } else if (indexes[size - 1] == index) {
            pos = size - 1;
        } else {
            pos = Arrays.binarySearch(indexes, 0, size, index);
        }
        if (pos >= 0) {
            counts[pos] += count;
            return;
        }
        int at = -(pos + 1);
        if (size == indexes.length) {
            // Grow by half: buckets stay small, so favour little slack over fewer copies.
            int capacity = Math.max(2, size + (size >> 1));
            indexes = Arrays.copyOf(indexes, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
        System.arraycopy(indexes, at, indexes, at + 1, size - at);
        System.arraycopy(counts, at, counts, at + 1, size - at);
        indexes[at] = index;
        counts[at] = count;
        size++;
    }

    @Override
    public void mergeWith(Store store) {
        if (!(store instanceof SortedArrayStore other)) {
            store.forEach(this::add);
            return;
        }
        if (other.size == 0) {
            return;
        }
        if (size == 0) {
            indexes = Arrays.copyOf(other.indexes, other.size);
            counts = Arrays.copyOf(other.counts, other.size);
            size = other.size;
            return;
        }
        int[] mergedIndexes = new int[size + other.size];
        double[] mergedCounts = new double[size + other.size];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < size || j < other.size) {
            if (j == other.size || (i < size && indexes[i] < other.indexes[j])) {
                mergedIndexes[n] = indexes[i];
                mergedCounts[n++] = counts[i++];
            } else if (i == size || other.indexes[j] < indexes[i]) {
                mergedIndexes[n] = other.indexes[j];
                mergedCounts[n++] = other.counts[j++];
            } else {
                mergedIndexes[n] = indexes[i];
                mergedCounts[n++] = counts[i++] + other.counts[j++];
            }
        }
        if (n < mergedIndexes.length) {
            mergedIndexes = Arrays.copyOf(mergedIndexes, n);
            mergedCounts = Arrays.copyOf(mergedCounts, n);
        }
        indexes = mergedIndexes;
        counts = mergedCounts;
        size = n;
    }

    @Override
    public Store copy() {
        if (size == 0) {
            return new SortedArrayStore();
        }
        return new SortedArrayStore(Arrays.copyOf(indexes, size), Arrays.copyOf(counts, size), size);
    }

    @Override
    public void clear() {
        size = 0;
        indexes = NO_INDEXES;
        counts = NO_COUNTS;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public double getTotalCount() {
        double total = 0;
        for (int i = 0; i < size; i++) {
            total += counts[i];
        }
        return total;
    }

    @Override
    public int getMinIndex() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        return indexes[0];
    }

    @Override
    public int getMaxIndex() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        return indexes[size - 1];
    }

    @Override
    public void forEach(BinAcceptor acceptor) {
        for (int i = 0; i < size; i++) {
            acceptor.accept(indexes[i], counts[i]);
        }
    }

    @Override
    public Iterator<Bin> getAscendingIterator() {
        return new Iterator<>() {
            private int next = 0;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Bin next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                Bin bin = new Bin(indexes[next], counts[next]);
                next++;
                return bin;
            }
        };
    }

    @Override
    public Iterator<Bin> getDescendingIterator() {
        return new Iterator<>() {
            private int next = size - 1;

            @Override
            public boolean hasNext() {
                return next >= 0;
            }

            @Override
            public Bin next() {
                if (next < 0) {
                    throw new NoSuchElementException();
                }
                Bin bin = new Bin(indexes[next], counts[next]);
                next--;
                return bin;
            }
        };
    }

    /** Writes the library's own store encoding (Aggregate uses its own, more compact format). */
    @Override
    public void encode(Output output, Flag.Type storeFlagType) throws IOException {
        SparseStore sparse = new SparseStore();
        forEach(sparse::add);
        sparse.encode(output, storeFlagType);
    }
}
