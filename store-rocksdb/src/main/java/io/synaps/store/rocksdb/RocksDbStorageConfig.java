package io.synaps.store.rocksdb;

/**
 * RocksDbStorageConfig sizes the embedded store's memory: the block cache shared by every column
 * family (bytes), the memtable size of each bucket column family (bytes), and how many series ids
 * are cached on the heap (entries). Immutable and thread-safe.
 */
public record RocksDbStorageConfig(long blockCacheBytes, long bucketWriteBufferBytes, int seriesCacheEntries) {

    public RocksDbStorageConfig {
        if (blockCacheBytes < 1 << 20) {
            throw new IllegalArgumentException("blockCacheBytes must be at least 1 MiB");
        }
        if (bucketWriteBufferBytes < 1 << 20) {
            throw new IllegalArgumentException("bucketWriteBufferBytes must be at least 1 MiB");
        }
        if (seriesCacheEntries < 16) {
            throw new IllegalArgumentException("seriesCacheEntries must be at least 16");
        }
    }

    /** 64 MiB block cache, 16 MiB memtables per tier, 100,000 cached series. */
    public static RocksDbStorageConfig defaults() {
        return new RocksDbStorageConfig(64L << 20, 16L << 20, 100_000);
    }
}
