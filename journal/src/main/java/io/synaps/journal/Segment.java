package io.synaps.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Segment holds the on-disk layout of one segment file (see journal/README.md): its name, its
 * 16-byte header and the checksum of a frame. Stateless and thread-safe.
 */
final class Segment {
    /** Bytes of the segment header: magic, version, 3 reserved bytes, base offset. */
    static final int HEADER_BYTES = 16;
    /** Bytes before each record's payload: length and CRC32C. */
    static final int FRAME_HEADER_BYTES = 8;
    /** "SJNL" in ASCII, big-endian. */
    static final int MAGIC = 0x534A4E4C;
    static final byte VERSION = 1;
    static final String SUFFIX = ".seg";
    private static final int NAME_DIGITS = 20;

    private Segment() {
    }

    /** The file name of the segment whose first record has offset {@code base}. */
    static String fileName(long base) {
        return String.format("%0" + NAME_DIGITS + "d%s", base, SUFFIX);
    }

    /** The base offset named by a segment file name, or -1 when the name is not a segment's. */
    static long parseBase(String name) {
        if (name.length() != NAME_DIGITS + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return -1;
        }
        long base = 0;
        for (int i = 0; i < NAME_DIGITS; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            base = Math.multiplyExact(base, 10) + (c - '0');
        }
        return base;
    }

    /** The base offsets of the segments in {@code dir}, ascending. */
    static List<Long> list(Path dir) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                long base = parseBase(file.getFileName().toString());
                if (base >= 0 && Files.isRegularFile(file)) {
                    bases.add(base);
                }
            }
        }
        Collections.sort(bases);
        return bases;
    }

    /** The header of a segment with this base offset, ready to write. */
    static ByteBuffer header(long base) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).put(VERSION).put((byte) 0).put((byte) 0).put((byte) 0).putLong(base);
        return header.flip();
    }

    /** Checks the header at the start of {@code channel}: null when it is a valid header for {@code base}, else what is wrong. */
    static String headerProblem(FileChannel channel, long base) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        while (header.hasRemaining()) {
            if (channel.read(header, header.position()) < 0) {
                return "the header is cut short at " + header.position() + " bytes";
            }
        }
        header.flip();
        int magic = header.getInt();
        byte version = header.get();
        header.position(8);
        long named = header.getLong();
        if (magic != MAGIC) {
            return String.format("bad magic 0x%08X", magic);
        }
        if (version != VERSION) {
            return "unsupported format version " + version;
        }
        if (named != base) {
            return "the header names base offset " + named + " but the file name says " + base;
        }
        return null;
    }

    /** The CRC32C a frame stores: over the 4 big-endian length bytes, then the payload. */
    static int checksum(CRC32C crc, byte[] payload) {
        crc.reset();
        updateLength(crc, payload.length);
        crc.update(payload, 0, payload.length);
        return (int) crc.getValue();
    }

    /** The CRC32C of a frame whose payload is {@code buffer}'s bytes [index, index + length). */
    static int checksum(CRC32C crc, ByteBuffer buffer, int index, int length) {
        crc.reset();
        updateLength(crc, length);
        crc.update(buffer.duplicate().limit(index + length).position(index));
        return (int) crc.getValue();
    }

    private static void updateLength(CRC32C crc, int length) {
        crc.update(length >>> 24);
        crc.update(length >>> 16);
        crc.update(length >>> 8);
        crc.update(length);
    }

    /** Makes a directory's entries (files created or renamed in it) durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
