package io.synaps.model;

import java.util.HashMap;
import java.util.Map;

/** StandardUnit is CloudWatch's closed set of units; {@link #wireName()} is the string on the wire. */
public enum StandardUnit {
    SECONDS("Seconds"), MICROSECONDS("Microseconds"), MILLISECONDS("Milliseconds"),
    BYTES("Bytes"), KILOBYTES("Kilobytes"), MEGABYTES("Megabytes"), GIGABYTES("Gigabytes"), TERABYTES("Terabytes"),
    BITS("Bits"), KILOBITS("Kilobits"), MEGABITS("Megabits"), GIGABITS("Gigabits"), TERABITS("Terabits"),
    PERCENT("Percent"), COUNT("Count"),
    BYTES_SECOND("Bytes/Second"), KILOBYTES_SECOND("Kilobytes/Second"), MEGABYTES_SECOND("Megabytes/Second"),
    GIGABYTES_SECOND("Gigabytes/Second"), TERABYTES_SECOND("Terabytes/Second"),
    BITS_SECOND("Bits/Second"), KILOBITS_SECOND("Kilobits/Second"), MEGABITS_SECOND("Megabits/Second"),
    GIGABITS_SECOND("Gigabits/Second"), TERABITS_SECOND("Terabits/Second"),
    COUNT_SECOND("Count/Second"), NONE("None");

    private static final Map<String, StandardUnit> BY_WIRE = new HashMap<>();
    private static final StandardUnit[] BY_CODE = values();

    static {
        for (StandardUnit u : values()) {
            BY_WIRE.put(u.wireName, u);
        }
    }

    private final String wireName;

    StandardUnit(String wireName) {
        this.wireName = wireName;
    }

    /** The exact spelling used by the API, e.g. {@code Bytes/Second}. */
    public String wireName() {
        return wireName;
    }

    /** The unit with this exact wire name, or null when there is none. */
    public static StandardUnit fromWire(String wire) {
        return BY_WIRE.get(wire);
    }

    /** A stable one-byte code for storage keys (the declaration order; append new units only at the end). */
    public byte code() {
        return (byte) ordinal();
    }

    public static StandardUnit fromCode(byte code) {
        return BY_CODE[code];
    }
}
