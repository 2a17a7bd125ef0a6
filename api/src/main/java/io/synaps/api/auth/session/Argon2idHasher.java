package io.synaps.api.auth.session;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2idHasher hashes and verifies passwords with Argon2id (RFC 9106, version 0x13, Bouncy
 * Castle) in the PHC string format of the reference implementation,
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} (unpadded standard base64),
 * with a 16-byte random salt and a 32-byte hash. Verification reads the cost from the string, so
 * hashes made with older costs keep working, and compares in constant time. Hashing takes tens of
 * milliseconds at the default cost: never call it on a network thread. Thread-safe.
 */
public final class Argon2idHasher {
    /** Salt length of new hashes, in bytes. */
    public static final int SALT_BYTES = 16;
    /** Hash length of new hashes, in bytes. */
    public static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=(\\d{1,3})\\$m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    /** Limits on what a stored string may ask for, so an edited users file cannot exhaust the heap. */
    private static final int MAX_MEMORY_KIB = 1 << 20;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_LANES = 16;

    private final Cost cost;
    private final SecureRandom random;
    private final String dummy;

    /**
     * Cost is the Argon2id work factor of new hashes. Immutable.
     *
     * @param memoryKiB   memory per hash, in KiB (at least 8 x parallelism)
     * @param iterations  passes over the memory (t)
     * @param parallelism lanes (p)
     */
    public record Cost(int memoryKiB, int iterations, int parallelism) {
        /** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
        public static final Cost OWASP = new Cost(19_456, 2, 1);

        public Cost {
            if (parallelism < 1 || parallelism > MAX_LANES) {
                throw new IllegalArgumentException("parallelism must be 1.." + MAX_LANES + ": " + parallelism);
            }
            if (iterations < 1 || iterations > MAX_ITERATIONS) {
                throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS + ": " + iterations);
            }
            if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
                throw new IllegalArgumentException("memory must be 8 x parallelism.." + MAX_MEMORY_KIB + " KiB: " + memoryKiB);
            }
        }
    }

    /**
     * A parsed PHC string. Immutable by convention (the arrays are not copied).
     *
     * @param cost the parameters the hash was made with
     * @param salt salt bytes
     * @param hash hash bytes
     */
    public record Parsed(Cost cost, byte[] salt, byte[] hash) {
    }

    /** Hashes at the OWASP cost. */
    public Argon2idHasher() {
        this(Cost.OWASP, new SecureRandom());
    }

    /** Hashes at {@code cost} with salts from {@code random}. */
    public Argon2idHasher(Cost cost, SecureRandom random) {
        this.cost = Objects.requireNonNull(cost, "cost");
        this.random = Objects.requireNonNull(random, "random");
        char[] nobody = "no user has this password".toCharArray();
        this.dummy = hash(nobody);
    }

    /** The cost of new hashes. */
    public Cost cost() {
        return cost;
    }

    /** A new PHC string for {@code password} with a fresh random salt. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, cost, HASH_BYTES);
        return format(cost, salt, hash);
    }

    /**
     * True when {@code password} matches {@code phc}. A malformed or out-of-limits string never
     * matches (and still costs one hash at the default cost, so it is no faster to probe).
     */
    public boolean verify(char[] password, String phc) {
        Parsed parsed;
        try {
            parsed = parse(phc);
        } catch (IllegalArgumentException e) {
            burn(password);
            return false;
        }
        byte[] actual = derive(password, parsed.salt(), parsed.cost(), parsed.hash().length);
        boolean same = MessageDigest.isEqual(actual, parsed.hash());
        Arrays.fill(actual, (byte) 0);
        return same;
    }

    /** Spends the time of one verification at the default cost and answers nothing (unknown users). */
    public void burn(char[] password) {
        Parsed parsed = parse(dummy);
        byte[] actual = derive(password, parsed.salt(), parsed.cost(), parsed.hash().length);
        MessageDigest.isEqual(actual, parsed.hash());
    }

    /** True when {@code phc} was made with a cost other than this hasher's (a candidate for rehashing). */
    public boolean outdated(String phc) {
        try {
            return !parse(phc).cost().equals(cost);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /**
     * Parses a PHC string of Argon2id version 19.
     *
     * @throws IllegalArgumentException when it is not one, or asks for more than the limits allow
     *                                  (the message never quotes the hash)
     */
    public static Parsed parse(String phc) {
        if (phc == null) {
            throw new IllegalArgumentException("no password hash");
        }
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an $argon2id$v=19$m=..,t=..,p=..$salt$hash string");
        }
        if (!m.group(1).equals("19")) {
            throw new IllegalArgumentException("unsupported Argon2 version " + m.group(1));
        }
        Cost cost = new Cost(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
        byte[] salt = decode(m.group(5));
        byte[] hash = decode(m.group(6));
        if (salt.length < 8 || salt.length > 64) {
            throw new IllegalArgumentException("salt must be 8..64 bytes");
        }
        if (hash.length < 16 || hash.length > 64) {
            throw new IllegalArgumentException("hash must be 16..64 bytes");
        }
        return new Parsed(cost, salt, hash);
    }

    /** The PHC string of a hash. */
    public static String format(Cost cost, byte[] salt, byte[] hash) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + cost.memoryKiB() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Raw Argon2id output for the given inputs (UTF-8 password bytes). */
    static byte[] derive(char[] password, byte[] salt, Cost cost, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    private static byte[] decode(String text) {
        // Unpadded base64 whose length leaves one spare character is not a whole number of bytes.
        if (text.length() % 4 == 1) {
            throw new IllegalArgumentException("bad base64 length");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base64");
        }
    }
}
