package io.synaps.store.rocksdb;

import io.synaps.store.metric.Tier;

/**
 * BucketKeys encodes the 17-byte keys of the bucket column families: slab (4 bytes, a time slice
 * of the tier, sign bit flipped so the unsigned byte order is the numeric order), series id
 * (8 bytes), bucket start within the slab (4 bytes, seconds) and unit code (1 byte), all
 * big-endian. The slab comes first so that retention drops whole slabs with one range delete.
 * Stateless and thread-safe.
 */
final class BucketKeys {
    static final int LENGTH = 17;
    /** Slab + series id: the prefix every scan stays within. */
    static final int PREFIX_LENGTH = 12;

    private BucketKeys() {
    }

    /**
     * Seconds per slab: a third to a fifteenth of the tier's retention, so expired data lingers on
     * disk at most one slab before its range delete, and a full-retention scan seeks at most ~16 slabs.
     */
    static long slabSeconds(Tier tier) {
        return switch (tier) {
            case SECOND -> 3600L;
            case MINUTE -> 86_400L;
            case FIVE_MINUTES -> 7 * 86_400L;
            case HOUR -> 30 * 86_400L;
        };
    }

    /** The slab number holding {@code epochSeconds}. */
    static long slab(Tier tier, long epochSeconds) {
        long slab = Math.floorDiv(epochSeconds, slabSeconds(tier));
        if (slab < Integer.MIN_VALUE || slab > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("time out of range: " + epochSeconds);
        }
        return slab;
    }

    static byte[] key(Tier tier, long seriesId, long bucketStart, byte unitCode) {
        long slab = slab(tier, bucketStart);
        byte[] key = new byte[LENGTH];
        putSlab(key, slab);
        putLong(key, 4, seriesId);
        putInt(key, 12, (int) (bucketStart - slab * slabSeconds(tier)));
        key[16] = unitCode;
        return key;
    }

    /** The first possible key of a series in a slab at or after {@code bucketStart} (which must lie in the slab). */
    static byte[] seekKey(Tier tier, long slab, long seriesId, long bucketStart) {
        byte[] key = new byte[LENGTH];
        putSlab(key, slab);
        putLong(key, 4, seriesId);
        putInt(key, 12, (int) Math.max(0, bucketStart - slab * slabSeconds(tier)));
        return key;
    }

    /** A 4-byte key sorting before every key of slab {@code slab} and after every earlier slab. */
    static byte[] slabBound(long slab) {
        byte[] key = new byte[4];
        putSlab(key, slab);
        return key;
    }

    static long bucketStart(Tier tier, byte[] key) {
        long slab = getInt(key, 0) ^ Integer.MIN_VALUE;
        return slab * slabSeconds(tier) + (getInt(key, 12) & 0xFFFF_FFFFL);
    }

    static byte unitCode(byte[] key) {
        return key[16];
    }

    /** True when {@code key} belongs to the same slab and series as {@code prefixOf}. */
    static boolean samePrefix(byte[] key, byte[] prefixOf) {
        if (key.length != LENGTH) {
            return false;
        }
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            if (key[i] != prefixOf[i]) {
                return false;
            }
        }
        return true;
    }

    private static void putSlab(byte[] key, long slab) {
        putInt(key, 0, (int) slab ^ Integer.MIN_VALUE);
    }

    static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    static int getInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
