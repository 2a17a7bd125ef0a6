package io.synaps.stats;

import com.datadoghq.sketch.ddsketch.encoding.Flag;
import com.datadoghq.sketch.ddsketch.encoding.Output;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.Store;

import java.util.Collections;
import java.util.Iterator;

/**
 * NoNegativesStore is the always-empty DDSketch negative-value store shared by every Aggregate
 * sketch: Aggregate makes percentiles unavailable on the first negative value (as AWS does) and
 * never feeds one to a sketch, so a per-sketch store would be wasted memory. Stateless and
 * thread-safe; adding a count throws.
 */
enum NoNegativesStore implements Store {
    INSTANCE;

    @Override
    public void add(int index, double count) {
        if (count != 0) {
            throw new IllegalStateException("Aggregate sketches hold no negative values");
        }
    }

    @Override
    public void mergeWith(Store store) {
        if (!store.isEmpty()) {
            throw new IllegalStateException("Aggregate sketches hold no negative values");
        }
    }

    @Override
    public Store copy() {
        return this;
    }

    @Override
    public void clear() {
    }

    @Override
    public boolean isEmpty() {
        return true;
    }

    @Override
    public double getTotalCount() {
        return 0;
    }

    @Override
    public Iterator<Bin> getAscendingIterator() {
        return Collections.emptyIterator();
    }

    @Override
    public Iterator<Bin> getDescendingIterator() {
        return Collections.emptyIterator();
    }

    /** An empty store contributes nothing to the library's encoding. */
    @Override
    public void encode(Output output, Flag.Type storeFlagType) {
    }
}
