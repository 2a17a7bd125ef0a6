package io.synaps.store.rocksdb;

/**
 * RocksDbStorageConfig sizes the embedded store's memory: the block cache shared by every column
 * family, index and filter blocks included (bytes); the memtable budget of the four bucket column
 * families together (bytes; each gets two memtables of an eighth); and how many series rows are
 * cached on the heap (entries, roughly 200-400 bytes each). Immutable and thread-safe.
 */
public record RocksDbStorageConfig(long blockCacheBytes, long memtableBytes, int seriesCacheEntries) {

    public RocksDbStorageConfig {
        if (blockCacheBytes < 1 << 20) {
            throw new IllegalArgumentException("blockCacheBytes must be at least 1 MiB");
        }
        if (memtableBytes < 8 << 20) {
            throw new IllegalArgumentException("memtableBytes must be at least 8 MiB");
        }
        if (seriesCacheEntries < 16) {
            throw new IllegalArgumentException("seriesCacheEntries must be at least 16");
        }
    }

    /** 64 MiB block cache, 128 MiB of bucket memtables, 100,000 cached series rows. */
    public static RocksDbStorageConfig defaults() {
        return new RocksDbStorageConfig(64L << 20, 128L << 20, 100_000);
    }

    /** The size of one bucket column family memtable. */
    long bucketWriteBufferBytes() {
        return memtableBytes / 8;
    }
}
