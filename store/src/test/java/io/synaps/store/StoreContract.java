package io.synaps.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * StoreContract is the lifecycle every store contract kit shares: a fresh directory per test,
 * the backend's store opened in it before each test and closed after, and {@link #reopen} to
 * check that what was written survives. Backends implement {@link #open} and {@link #close}.
 *
 * @param <S> the store port the kit checks
 */
public abstract class StoreContract<S> {

    @TempDir
    protected Path dir;
    protected S store;

    /**
     * Opens the backend's store kept in {@code dir} (a fresh directory per test). Called again with
     * the same directory after {@link #close}: the reopened store must hold everything written.
     */
    protected abstract S open(Path dir);

    /** Releases what {@link #open} acquired, so that the directory can be opened again. */
    protected abstract void close(S store);

    @BeforeEach
    protected void openStore() {
        store = open(dir);
    }

    @AfterEach
    protected void closeStore() {
        if (store != null) {
            close(store);
        }
    }

    /** Closes the store and opens the same directory again. */
    protected void reopen() {
        close(store);
        store = null;
        store = open(dir);
    }
}
