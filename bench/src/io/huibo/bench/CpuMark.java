package io.huibo.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A fixed CPU figure for the machine the run was made on, so that runs on different machines
 * compare: SHA-256 of the same 1 KiB buffer, over and over on one thread, as digests a second.
 * Bounded in count; the best of a few rounds, after one round for the JIT.
 */
final class CpuMark {
    private static final int BUFFER_BYTES = 1024;
    private static final int DIGESTS_PER_ROUND = 100_000;
    private static final int ROUNDS = 3;

    private CpuMark() {
    }

    /** Digests a second on one thread, the best of {@link #ROUNDS} rounds. */
    static double sha256PerSecond() {
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = (byte) i;
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
        round(sha, buffer); // warm-up, not counted
        double best = 0;
        for (int r = 0; r < ROUNDS; r++) {
            best = Math.max(best, round(sha, buffer));
        }
        return best;
    }

    private static double round(MessageDigest sha, byte[] buffer) {
        long start = System.nanoTime();
        for (int i = 0; i < DIGESTS_PER_ROUND; i++) {
            sha.update(buffer);
            buffer[i % BUFFER_BYTES] ^= sha.digest()[0]; // the next digest depends on this one: nothing to skip
        }
        return DIGESTS_PER_ROUND / ((System.nanoTime() - start) / 1e9);
    }
}
