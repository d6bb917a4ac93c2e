package io.graphstaging.registry.postgres;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;

/**
 * Prefixed ids that sort in creation order ({@code gf_01hx...}): 48 bits of milliseconds and
 * 80 random bits, in Crockford base32 (lowercase, 26 characters), like a ULID. Within one
 * millisecond (or if the clock steps back) the random part is incremented, so ids from one
 * generator are strictly increasing; the registry lists files in id order.
 */
public final class SortableIds {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private final Clock clock;
    private final Random random;
    private long lastMillis = -1;
    private final byte[] lastRandom = new byte[10];

    public SortableIds(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    public SortableIds() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    public synchronized String next(String prefix) {
        long now = clock.millis();
        if (now <= lastMillis) {
            if (!increment(lastRandom)) {
                lastMillis++;
            }
        } else {
            random.nextBytes(lastRandom);
            lastMillis = now;
        }
        char[] out = new char[26];
        long time = lastMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        for (int i = 0; i < 16; i++) {
            out[10 + i] = ALPHABET[fiveBits(lastRandom, i * 5)];
        }
        return prefix + new String(out);
    }

    /** Adds one to the 80-bit big-endian number; false when it wrapped to zero. */
    private static boolean increment(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            bytes[i]++;
            if (bytes[i] != 0) {
                return true;
            }
        }
        return false;
    }

    /** Five bits starting at bit {@code offset} (0 = most significant) of a big-endian array. */
    private static int fiveBits(byte[] bytes, int offset) {
        int value = 0;
        for (int bit = offset; bit < offset + 5; bit++) {
            int b = (bytes[bit / 8] >> (7 - bit % 8)) & 1;
            value = (value << 1) | b;
        }
        return value;
    }
}
