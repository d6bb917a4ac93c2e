package io.graphstaging.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedAttemptsTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final FailedAttempts attempts = new FailedAttempts(clock, 10, Duration.ofMinutes(5), Duration.ofMinutes(5));

    @Test
    void tenFailuresWithinTheWindowLockTheClientOutForFiveMinutes() {
        for (int i = 0; i < 9; i++) {
            assertThat(attempts.recordFailure("10.0.0.1")).isFalse();
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(attempts.isLockedOut("10.0.0.1")).isFalse();
        assertThat(attempts.recordFailure("10.0.0.1")).isTrue();
        assertThat(attempts.isLockedOut("10.0.0.1")).isTrue();
        assertThat(attempts.isLockedOut("10.0.0.2")).as("other clients are not affected").isFalse();

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(attempts.isLockedOut("10.0.0.1")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(attempts.isLockedOut("10.0.0.1")).isFalse();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 9; i++) {
            attempts.recordFailure("10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(attempts.recordFailure("10.0.0.1")).isFalse();
        assertThat(attempts.isLockedOut("10.0.0.1")).isFalse();
    }
}
